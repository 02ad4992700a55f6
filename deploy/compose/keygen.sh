#!/bin/sh
# One-shot key generator of compose.yaml (service `keygen`), run in eclipse-temurin:17-jdk with the
# keys volume on /keys and deploy/stack.d on /stack.d. First run only: keeps existing keys.
#   /keys/caller-token-private.pem  RSA 2048, PKCS#8 (the gateway signs caller tokens)
#   /keys/caller-token-public.pem   its public key (the services verify caller tokens)
#   /keys/admin-api-key             bootstrap admin API key fjq_<12 base32>_<43 base64url>
# Print the admin key: docker compose -f deploy/compose/compose.yaml run --rm --entrypoint cat keygen /keys/admin-api-key
set -eu
cd /keys
if [ ! -s caller-token-private.pem ] || [ ! -s caller-token-public.pem ]; then
  java /stack.d/GenKeys.java caller-token-private.pem caller-token-public.pem
  echo "keygen: caller-token key pair written"
fi
if [ ! -s admin-api-key ]; then
  key_id=$(head -c 10 /dev/urandom | base32 | tr '[:upper:]' '[:lower:]' | cut -c1-12)
  secret=$(head -c 32 /dev/urandom | base64 -w0 | tr '+/' '-_' | tr -d '=')
  (umask 077 && echo "fjq_${key_id}_${secret}" > admin-api-key)
  echo "keygen: admin API key written to the keys volume (admin-api-key)"
fi
# the services run as uid 185; only they (and root) may read the keys
chown 185:185 caller-token-private.pem caller-token-public.pem admin-api-key
chmod 600 caller-token-private.pem admin-api-key
chmod 644 caller-token-public.pem
