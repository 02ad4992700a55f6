#!/usr/bin/env bash
# Fault tolerance on the real local stack: starts the stack from the built jars, runs deploy/checks/faults.py
# (a steady stream of submissions through the gateway while Kafka is stopped for 20 s, reports-service and
# targets-service are SIGKILLed and restarted, PostgreSQL is restarted; then replayed offsets), and always takes
# the stack down again, leaving no process behind.
#
# Honours the stack's variables (STACK_DIR, STACK_*_PORT, STACK_JAVA_OPTS ...; see deploy/stack help) and
# FAULTS_RATE (requests/s, 15), FAULTS_CLIENT_TIMEOUT (s, 15), FAULTS_KAFKA_DOWN (s, 20).
set -uo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd -P)"
stack="$repo/deploy/stack"
export STACK_DIR="${STACK_DIR:-$repo/.stack}"
mkdir -p "$STACK_DIR"
STACK_DIR="$(cd "$STACK_DIR" && pwd -P)"
export STACK_DIR

# shellcheck disable=SC2317  # run by the EXIT trap: shellcheck 0.9 takes its body for unreachable
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  "$stack" down >/dev/null 2>&1 || true
  if pgrep -f "stack.dir=$STACK_DIR" >/dev/null 2>&1; then
    echo "faults: processes left after down:" >&2
    pgrep -af "stack.dir=$STACK_DIR" >&2
    rc=1
  fi
  if pgrep -f "$STACK_DIR/pg/bin/postgres" >/dev/null 2>&1; then
    echo "faults: postgres processes left after down:" >&2
    pgrep -af "$STACK_DIR/pg/bin/postgres" >&2
    rc=1
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

build=()
for m in units-service targets-service reports-service gateway; do
  [[ -f $repo/$m/target/quarkus-app/quarkus-run.jar ]] || build=(--build)
done
((${#build[@]})) || build=(--no-build)
if ! "$stack" up "${build[@]}"; then
  echo "faults: deploy/stack up failed" >&2
  for c in units-service targets-service reports-service gateway; do "$stack" logs "$c" -n 30 2>/dev/null; done
  exit 1
fi

# The configuration the stack actually runs with (a partly running stack keeps its own).
# shellcheck disable=SC1091  # written by deploy/stack up at run time: no file to follow
source "$STACK_DIR/config.env"
: "${STACK_GATEWAY_PORT:=8080}" "${STACK_UNITS_PORT:=8081}" "${STACK_TARGETS_PORT:=8082}" "${STACK_REPORTS_PORT:=8083}"
: "${STACK_PG_PORT:=5432}" "${STACK_PG_HOST:=}" "${STACK_PG_USER:=postgres}" "${STACK_PG_PASSWORD:=postgres}"
: "${STACK_KAFKA_PORT:=9092}"
export STACK_GATEWAY_PORT STACK_UNITS_PORT STACK_TARGETS_PORT STACK_REPORTS_PORT STACK_PG_PORT STACK_PG_HOST
export STACK_PG_USER STACK_PG_PASSWORD STACK_KAFKA_PORT
if [[ -n ${STACK_ADMIN_API_KEY_FROM_ENV:-} && -z ${ADMIN_API_KEY:-} ]]; then export ADMIN_API_KEY=$STACK_ADMIN_API_KEY_FROM_ENV; fi

# The whole check is bounded: the Python side waits at most 90 s for anything; this is the last resort.
timeout -k 10 420 python3 "$repo/deploy/checks/faults.py"
status=$?
((status == 124)) && echo "faults: faults.py did not finish within 420 s" >&2
if ((status != 0)); then
  for c in gateway reports-service targets-service; do
    echo "----- last 15 lines of $STACK_DIR/logs/$c.log -----"
    tail -n 15 "$STACK_DIR/logs/$c.log" 2>/dev/null
  done
  echo "(full logs: $STACK_DIR/logs/)"
fi
exit "$status"
