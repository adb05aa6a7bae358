#!/usr/bin/env bash
# Verifies every shipped example with hooksig; exits non-zero if any is not
# authentic. Run from anywhere: `bash examples/verify-all.sh`.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --release --locked
hooksig=target/release/hooksig
# git does not keep file modes: make the test secrets private, as real ones
# should be (hooksig warns about secret files other users can read).
chmod 600 examples/*/secret.txt

# Flinks: no timestamp; the header value is in signature.txt.
"$hooksig" verify --provider flinks \
  --secret-file examples/flinks/secret.txt \
  --payload examples/flinks/body.json \
  --signature "$(cat examples/flinks/signature.txt)"

# Fintoc: the official SDK test vector, signed 2025-04-05; --now judges it as
# of the moment it was sent (a captured webhook is always "old" later).
"$hooksig" verify \
  --secret-file examples/fintoc/secret.txt \
  --payload examples/fintoc/body.json \
  --header "Fintoc-Signature: $(cat examples/fintoc/signature.txt)" \
  --now 1743890260
