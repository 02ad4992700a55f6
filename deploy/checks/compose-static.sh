#!/usr/bin/env bash
# deploy/checks/compose-static.sh: validate deploy/compose without a Docker engine.
#   1. `docker compose config` (Compose v2) or `docker-compose config` (Debian's docker-compose 1.29,
#      installed with apt-get when neither is there): the file is valid Compose and interpolates
#   2. compose_check.py on the file and on Compose's rendered output: services, env var names of
#      docs/conventions.md, ports on 127.0.0.1, bind mounts exist, Dockerfile.jvm, init SQL, topics
#   3. the monitoring files it mounts are checked by monitoring-static.sh (prometheus.compose.yml)
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
COMPOSE_DIR=$(cd "$HERE/../compose" && pwd -P)
# shellcheck source=deploy/checks/lib-apt.sh
. "$HERE/lib-apt.sh"
ensure_python_yaml || exit 1
failed=0
TMP=$(mktemp /tmp/fjq-compose.XXXXXX.yaml); trap 'rm -f "$TMP"' EXIT

COMPOSE=()
if docker compose version >/dev/null 2>&1; then COMPOSE=(docker compose)
elif ensure_cmd docker-compose docker-compose; then COMPOSE=(docker-compose)
else echo "note: neither 'docker compose' nor docker-compose could be had: structural check only"; fi
if ((${#COMPOSE[@]})); then
  echo "== ${COMPOSE[*]} config ($("${COMPOSE[@]}" version 2>/dev/null | head -1))"
fi
if ((${#COMPOSE[@]})) && (cd "$COMPOSE_DIR" && "${COMPOSE[@]}" -f compose.yaml config >"$TMP" 2>"$TMP.err"); then
  echo "ok   compose.yaml is valid ($(grep -c '^  [a-z-]*:$' "$TMP") top-level entries rendered)"
elif ((${#COMPOSE[@]})); then
  echo "FAIL ${COMPOSE[*]} config:"; cat "$TMP.err"; failed=1
fi
rm -f "$TMP.err"
echo "== compose_check.py"
python3 "$HERE/compose_check.py" || failed=1
if [[ -s $TMP ]]; then python3 "$HERE/compose_check.py" --rendered "$TMP" || failed=1; fi
if bash -n "$COMPOSE_DIR/keygen.sh" && sh -n "$COMPOSE_DIR/keygen.sh"; then echo "ok   keygen.sh parses"
else echo "FAIL keygen.sh"; failed=1; fi

if ((failed)); then echo "compose-static: FAILED"; exit 1; fi
echo "compose-static: all checks passed"
