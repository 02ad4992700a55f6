"""Caller tokens minted with openssl, exactly as the gateway would sign them (docs/conventions.md): RS256 with
$STACK_DIR/keys/caller-token-private.pem, kid from the stack's key set, issuer https://fj-quality/gateway, aud = the
service(s) called, sub = key id, groups = [role], unit and subtree for REPORTER. Used to call a service directly (and
through nginx) in the overhead benchmark."""
import base64
import json
import os
import subprocess
import time

from benchlib import STACK_DIR

ISSUER = "https://fj-quality/gateway"


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def stack_key_id():
    """The kid of the stack's key (its key set, written by deploy/stack), or None without a key set."""
    try:
        with open(os.path.join(STACK_DIR, "keys", "caller-token-keys.jwks")) as f:
            return json.load(f)["keys"][0]["kid"]
    except (OSError, ValueError, KeyError, IndexError):
        return None


def mint(key_id, role, unit=None, subtree=False, lifetime=60, audience="reports-service"):
    """audience: the service called ("units-service", "targets-service", "reports-service"), or a list of them for a
    token that one benchmark client sends to several services (the gateway mints one per service)."""
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": audience, "sub": key_id, "groups": [role], "iat": now, "exp": now + lifetime,
              "jti": b64url(os.urandom(12))}
    if unit is not None:
        claims["unit"] = unit
        claims["subtree"] = subtree
    header = {"alg": "RS256", "typ": "JWT"}
    kid = stack_key_id()
    if kid is not None:
        header["kid"] = kid
    signing_input = b64url(json.dumps(header, separators=(",", ":")).encode()) + "." + \
        b64url(json.dumps(claims, separators=(",", ":")).encode())
    key = os.path.join(STACK_DIR, "keys", "caller-token-private.pem")
    sig = subprocess.run(["openssl", "dgst", "-sha256", "-sign", key], input=signing_input.encode(),
                         capture_output=True, check=True).stdout
    return signing_input + "." + b64url(sig)


if __name__ == "__main__":
    import sys
    print(mint(sys.argv[1], sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None))
