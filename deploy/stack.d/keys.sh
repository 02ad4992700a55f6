# shellcheck shell=bash
# deploy/stack.d/keys.sh: the caller-token RSA key pair (openssl, else GenKeys.java), the key set the
# services verify with (Jwks.java) and the bootstrap admin API key. Sourced by deploy/stack.

ADMIN_KEY_FILE="$STACK_DIR/admin-api-key"
PRIVATE_PEM="$KEY_DIR/caller-token-private.pem"
PUBLIC_PEM="$KEY_DIR/caller-token-public.pem"
PUBLIC_JWKS="$KEY_DIR/caller-token-keys.jwks"   # what the services verify with: a JWK set (kid = the key's thumbprint)

ensure_keys() {
  if [[ -s $PRIVATE_PEM && -s $PUBLIC_PEM ]]; then chmod 600 "$PRIVATE_PEM"; ensure_key_set; return 0; fi
  step "generating the caller-token RSA key pair in $KEY_DIR"
  rm -f "$PRIVATE_PEM" "$PUBLIC_PEM"
  if command -v openssl >/dev/null; then
    (umask 077 && openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$PRIVATE_PEM" 2>/dev/null)
    openssl pkey -in "$PRIVATE_PEM" -pubout -out "$PUBLIC_PEM"
  else
    "$JAVA" "$HELPERS/GenKeys.java" "$PRIVATE_PEM" "$PUBLIC_PEM"
  fi
  chmod 600 "$PRIVATE_PEM"; chmod 644 "$PUBLIC_PEM"
  grep -q 'BEGIN PRIVATE KEY' "$PRIVATE_PEM" || die "$PRIVATE_PEM is not a PKCS#8 PEM key"
  ok "$PRIVATE_PEM (PKCS#8, mode 600), $PUBLIC_PEM"
  ensure_key_set
}

# The services' key set: the public key under its RFC 7638 thumbprint, the kid the gateway signs with.
# During a rotation it holds the old and the new key (docs/operations.md, section 5).
ensure_key_set() {
  if [[ -s $PUBLIC_JWKS && $PUBLIC_JWKS -nt $PUBLIC_PEM ]]; then return 0; fi
  if ! "$JAVA" "$HELPERS/Jwks.java" "$PUBLIC_PEM" >"$PUBLIC_JWKS.tmp"; then die "cannot write the key set $PUBLIC_JWKS"; fi
  mv "$PUBLIC_JWKS.tmp" "$PUBLIC_JWKS"
  chmod 644 "$PUBLIC_JWKS"
  ok "$PUBLIC_JWKS (the services' key set)"
}

gen_admin_key() {
  local key_id secret
  key_id=$(head -c 10 /dev/urandom | base32 | tr '[:upper:]' '[:lower:]' | cut -c1-12)
  secret=$(head -c 32 /dev/urandom | base64 -w0 | tr '+/' '-_' | tr -d '=')
  echo "fjq_${key_id}_${secret}"
}

# Sets ADMIN_KEY and ADMIN_KEY_NEW; the key comes from ADMIN_API_KEY or .stack/admin-api-key.
ensure_admin_key() {
  ADMIN_KEY_NEW=0
  if [[ -n $STACK_ADMIN_API_KEY_FROM_ENV ]]; then
    ADMIN_KEY=$STACK_ADMIN_API_KEY_FROM_ENV
    [[ $ADMIN_KEY =~ ^fjq_[a-z2-7]{12}_[A-Za-z0-9_-]{43}$ ]] ||
      warn "ADMIN_API_KEY does not have the format fjq_<12 base32>_<43 base64url>"
    return 0
  fi
  if [[ ! -s $ADMIN_KEY_FILE ]]; then
    (umask 077 && gen_admin_key >"$ADMIN_KEY_FILE")
    # shellcheck disable=SC2034  # read by print_summary (commands.sh)
    ADMIN_KEY_NEW=1
  fi
  chmod 600 "$ADMIN_KEY_FILE"
  ADMIN_KEY=$(head -n1 "$ADMIN_KEY_FILE")
}
