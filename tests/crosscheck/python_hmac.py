#!/usr/bin/env python3
"""Independent cross-check: sign random webhooks with Python's own hmac module,
mutate some of them, and check that hooksig's exit code and JSON reason agree
with what the provider's rules say, case by case.

Standard library only. Usage:
    python3 tests/crosscheck/python_hmac.py [--cases N] [--seed S] [--bin PATH]
Exits 0 when every case agrees; prints each disagreement otherwise.
"""

import argparse
import base64
import hashlib
import hmac
import json
import os
import random
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def mac(secret: bytes, message: bytes) -> bytes:
    return hmac.new(secret, message, hashlib.sha256).digest()


def random_body(rng: random.Random) -> bytes:
    kind = rng.choice(["json", "binary", "empty", "newline", "crlf"])
    if kind == "json":
        obj = {"id": "evt_%d" % rng.getrandbits(40), "amount": rng.randint(0, 10**9),
               "note": "".join(rng.choice("abcé ü\"\\") for _ in range(rng.randint(0, 30)))}
        return json.dumps(obj, ensure_ascii=rng.random() < 0.5).encode("utf-8")
    if kind == "binary":
        return bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 2000)))
    if kind == "empty":
        return b""
    if kind == "newline":
        return b'{"a":1}\n'
    return b'{"a":1}\r\n{"b":2}\r\n'


def random_secret(rng: random.Random) -> bytes:
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-+/="
    return ("whsec_" if rng.random() < 0.3 else "").encode() + "".join(
        rng.choice(alphabet) for _ in range(rng.randint(1, 64))).encode()


PROVIDERS = ["flinks", "fintoc", "stripe", "github", "shopify", "slack", "standard"]
TIMESTAMPED = {"fintoc", "stripe", "slack", "standard"}


def flip_first(digest: bytes) -> bytes:
    return bytes([digest[0] ^ 1]) + digest[1:]


def case(rng: random.Random):
    """One random case: (provider, secret, headers, body, now, tolerance, expected (exit, reason))."""
    provider = rng.choice(PROVIDERS)
    body = random_body(rng)
    now = rng.randint(1_500_000_000, 1_900_000_000)
    tolerance = rng.choice([None, 0, 10, 300, "off"])
    t = now + rng.choice([0, 1, -1, 9, -9, 10, -10, 11, -11, 299, -300, 301, -301, 10**6])
    mutation = rng.choice(["none", "none", "body", "secret", "signature"])

    if provider == "standard":
        key = bytes(rng.getrandbits(8) for _ in range(rng.choice([24, 32])))
        secret = ("whsec_" if rng.random() < 0.7 else "").encode() + base64.b64encode(key)
        signing_key = key if mutation != "secret" else key[::-1] + b"x"
    else:
        secret = random_secret(rng)
        signing_key = secret if mutation != "secret" else secret + b"x"

    signed_body = body
    if mutation == "body":
        if body:
            i = rng.randrange(len(body))
            body = body[:i] + bytes([body[i] ^ (1 << rng.randrange(8))]) + body[i + 1:]
        else:
            body = b" "

    def sig(message: bytes) -> bytes:
        digest = mac(signing_key, message)
        return flip_first(digest) if mutation == "signature" else digest

    ts = str(t).encode()
    if provider == "flinks":
        headers = [("flinks-authenticity-key", base64.b64encode(sig(signed_body)).decode())]
    elif provider == "shopify":
        headers = [("X-Shopify-Hmac-Sha256", base64.b64encode(sig(signed_body)).decode())]
    elif provider == "github":
        headers = [("X-Hub-Signature-256", "sha256=" + sig(signed_body).hex())]
    elif provider in ("fintoc", "stripe"):
        hexsig = sig(ts + b"." + signed_body).hex()
        if rng.random() < 0.2:
            hexsig = hexsig.upper()
        name = "Fintoc-Signature" if provider == "fintoc" else "Stripe-Signature"
        headers = [(name, "t=%d,v1=%s" % (t, hexsig))]
    elif provider == "slack":
        headers = [("X-Slack-Signature", "v0=" + sig(b"v0:" + ts + b":" + signed_body).hex()),
                   ("X-Slack-Request-Timestamp", str(t))]
    else:
        msg_id = "msg_%d" % rng.getrandbits(48)
        headers = [("webhook-id", msg_id), ("webhook-timestamp", str(t)),
                   ("webhook-signature",
                    "v1," + base64.b64encode(sig(msg_id.encode() + b"." + ts + b"." + signed_body)).decode())]

    if mutation != "none":
        expected = (1, "signature_mismatch")
    elif provider in TIMESTAMPED:
        limit = 300 if tolerance is None else tolerance
        inside = limit == "off" or abs(now - t) <= limit
        expected = (0, "ok") if inside else (1, "timestamp_outside_tolerance")
    else:
        expected = (0, "ok")
    return provider, secret, headers, body, now, tolerance, expected


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=700)
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--bin", default=os.path.join(ROOT, "target", "debug", "hooksig"))
    args = parser.parse_args()

    rng = random.Random(args.seed)
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        secret_path = os.path.join(tmp, "secret")
        for n in range(args.cases):
            provider, secret, headers, body, now, tolerance, expected = case(rng)
            with open(secret_path, "wb") as f:
                f.write(secret)
            os.chmod(secret_path, 0o600)
            cmd = [args.bin, "verify", "--secret-file", secret_path, "--now", str(now), "--format", "json"]
            for name, value in headers:
                cmd += ["-H", "%s: %s" % (name, value)]
            if rng.random() < 0.5:
                cmd += ["--provider", provider]
            if tolerance is not None:
                cmd += ["--tolerance", str(tolerance)]
            run = subprocess.run(cmd, input=body, capture_output=True)
            try:
                reason = json.loads(run.stdout)["reason"]
            except (ValueError, KeyError):
                reason = None
            if (run.returncode, reason) != expected:
                failures += 1
                print("DISAGREE case %d: %s expected %s, hooksig exit %d reason %s; stderr %r"
                      % (n, provider, expected, run.returncode, reason, run.stderr[:200]))
    print("crosscheck: %d passed, %d failed" % (args.cases - failures, failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
