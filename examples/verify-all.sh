#!/usr/bin/env bash
# Verifies every shipped example capture with hooksig, exactly as a support
# engineer would: the raw HTTP request and its secret, nothing else.
# Exits non-zero if any example is not authentic. Run from anywhere:
#   bash examples/verify-all.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --release --locked
hooksig=target/release/hooksig
# git does not keep file modes: make the test secrets private, as real ones
# should be (hooksig warns about secret files other users can read).
chmod 600 examples/*/secret.txt examples/custom/*/secret.txt
# The senders under custom/ are described by scheme files (README, "Your own
# provider"); HOOKSIG_SCHEMES makes them known like built-ins.
export HOOKSIG_SCHEMES=examples/custom/acme.toml:examples/custom/northwind.toml

for dir in examples/*/ examples/custom/*/; do
  [ -f "${dir}request.http" ] || continue
  echo "== ${dir%/}"
  "$hooksig" verify --request "${dir}request.http" --secret-file "${dir}secret.txt"
done
