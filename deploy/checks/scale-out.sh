#!/usr/bin/env bash
# Horizontal scaling on the real local stack: starts the stack from the built jars, adds a SECOND
# instance of reports-service and of targets-service (same database, same Kafka, same keys, other
# ports) and a second gateway routed to them, runs deploy/checks/scale_out.py (concurrent submissions
# through both gateways; no double effects), and always stops the extra instances and the stack again,
# leaving no process behind.
#
# Honours the stack's variables (STACK_DIR, STACK_*_PORT, STACK_JAVA_OPTS ...; see deploy/stack help).
# Ports of the extra instances: SCALE_GATEWAY2_PORT, SCALE_TARGETS2_PORT, SCALE_REPORTS2_PORT
# (default: the first instance's port + 10, i.e. 8090 / 8092 / 8093).
set -uo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd -P)"
stack="$repo/deploy/stack"
export STACK_DIR="${STACK_DIR:-$repo/.stack}"
mkdir -p "$STACK_DIR"
STACK_DIR="$(cd "$STACK_DIR" && pwd -P)"
export STACK_DIR

extra_pids=()
extra_names=()

# shellcheck disable=SC2317  # run by cleanup, the EXIT trap: shellcheck 0.9 takes its body for unreachable
stop_extras() {
  local i pid n
  for i in "${!extra_pids[@]}"; do kill -TERM "${extra_pids[$i]}" 2>/dev/null || true; done
  for i in "${!extra_pids[@]}"; do
    pid=${extra_pids[$i]}
    for ((n = 0; n < 100; n++)); do
      kill -0 "$pid" 2>/dev/null || break
      [[ $(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) == Z ]] && break
      sleep 0.2
    done
    if kill -0 "$pid" 2>/dev/null && [[ $(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) != Z ]]; then
      echo "scale-out: ${extra_names[$i]} (pid $pid) did not stop within 20s: SIGKILL" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  extra_pids=()
  extra_names=()
}

# shellcheck disable=SC2317  # run by the EXIT trap: shellcheck 0.9 takes its body for unreachable
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_extras
  "$stack" down >/dev/null 2>&1 || true
  if pgrep -f "stack.dir=$STACK_DIR" >/dev/null 2>&1; then
    echo "scale-out: processes left after down:" >&2
    pgrep -af "stack.dir=$STACK_DIR" >&2
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
  echo "scale-out: deploy/stack up failed" >&2
  for c in units-service targets-service reports-service gateway; do "$stack" logs "$c" -n 30 2>/dev/null; done
  exit 1
fi

# The configuration the stack actually runs with (a partly running stack keeps its own).
# shellcheck disable=SC1091  # written by deploy/stack up at run time: no file to follow
source "$STACK_DIR/config.env"
: "${STACK_GATEWAY_PORT:=8080}" "${STACK_UNITS_PORT:=8081}" "${STACK_TARGETS_PORT:=8082}" "${STACK_REPORTS_PORT:=8083}"
: "${STACK_PG_PORT:=5432}" "${STACK_PG_HOST:=}" "${STACK_PG_USER:=postgres}" "${STACK_PG_PASSWORD:=postgres}"
: "${STACK_KAFKA_PORT:=9092}" "${STACK_JAVA_OPTS:=-XX:+UseSerialGC -Xms32m -Xmx768m}" "${STACK_READY_TIMEOUT:=90}"
export STACK_GATEWAY_PORT STACK_UNITS_PORT STACK_TARGETS_PORT STACK_REPORTS_PORT STACK_PG_PORT STACK_PG_HOST
export STACK_PG_USER STACK_PG_PASSWORD STACK_KAFKA_PORT
if [[ -n ${STACK_ADMIN_API_KEY_FROM_ENV:-} && -z ${ADMIN_API_KEY:-} ]]; then export ADMIN_API_KEY=$STACK_ADMIN_API_KEY_FROM_ENV; fi
export SCALE_GATEWAY2_PORT="${SCALE_GATEWAY2_PORT:-$((STACK_GATEWAY_PORT + 10))}"
export SCALE_TARGETS2_PORT="${SCALE_TARGETS2_PORT:-$((STACK_TARGETS_PORT + 10))}"
export SCALE_REPORTS2_PORT="${SCALE_REPORTS2_PORT:-$((STACK_REPORTS_PORT + 10))}"

if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/java ]]; then java_bin="$JAVA_HOME/bin/java"; else java_bin=$(command -v java); fi
pg_host=${STACK_PG_HOST:-127.0.0.1}
public_pem="$STACK_DIR/keys/caller-token-public.pem"
private_pem="$STACK_DIR/keys/caller-token-private.pem"

port_open() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

# launch NAME MODULE PORT ENV...: the module's jar as one more process, the same way deploy/stack starts
# its own (module directory as working directory, the stack's JVM options, setsid). The command line
# carries -Dstack.dir (so `deploy/stack down` would also find a leftover) and -Dstack.component=NAME.
launch() {
  local name=$1 module=$2 port=$3; shift 3
  local var opts
  var="STACK_JAVA_OPTS_$(tr 'a-z-' 'A-Z_' <<<"$module")"
  opts=${!var:-$STACK_JAVA_OPTS}
  if port_open "$port"; then echo "scale-out: port $port ($name) is in use by another process" >&2; return 1; fi
  printf '\n===== scale-out: start %s at %s =====\n' "$name" "$(date -Is)" >>"$STACK_DIR/logs/$name.log"
  # shellcheck disable=SC2086  # $opts is a list of JVM options: split on purpose
  ( cd "$repo/$module" && exec env QUARKUS_HTTP_PORT="$port" QUARKUS_HTTP_HOST=127.0.0.1 \
      MP_JWT_VERIFY_PUBLICKEY_LOCATION="$public_pem" "$@" \
      setsid nohup "$java_bin" $opts -Dstack.dir="$STACK_DIR" -Dstack.component="$name" \
      -jar "$repo/$module/target/quarkus-app/quarkus-run.jar" >>"$STACK_DIR/logs/$name.log" 2>&1 </dev/null ) &
  extra_pids+=("$!")
  extra_names+=("$name")
  echo "  started $name (pid $!) on 127.0.0.1:$port, log $STACK_DIR/logs/$name.log"
}

wait_ready() {  # wait_ready NAME PORT PID
  local deadline=$((SECONDS + STACK_READY_TIMEOUT))
  while ((SECONDS < deadline)); do
    if ! kill -0 "$3" 2>/dev/null; then
      echo "scale-out: $1 exited while starting; last lines of its log:" >&2
      tail -n 40 "$STACK_DIR/logs/$1.log" >&2
      return 1
    fi
    if curl -fsS -m 3 -o /dev/null "http://127.0.0.1:$2/q/health/ready" 2>/dev/null; then
      echo "  ok $1 ready (pid $3): http://127.0.0.1:$2/q/health/ready"
      return 0
    fi
    sleep 1
  done
  echo "scale-out: $1 not ready after ${STACK_READY_TIMEOUT}s; last lines of its log:" >&2
  tail -n 40 "$STACK_DIR/logs/$1.log" >&2
  return 1
}

service_env() {  # the database and broker settings deploy/stack gives a service
  echo "QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://$pg_host:$STACK_PG_PORT/$1"
  echo "QUARKUS_DATASOURCE_USERNAME=$STACK_PG_USER"
  echo "QUARKUS_DATASOURCE_PASSWORD=$STACK_PG_PASSWORD"
  echo "KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$STACK_KAFKA_PORT"
}

echo "==> second instances: reports-service :$SCALE_REPORTS2_PORT, targets-service :$SCALE_TARGETS2_PORT, gateway :$SCALE_GATEWAY2_PORT"
mapfile -t reports_env < <(service_env reports)
mapfile -t targets_env < <(service_env targets)
launch reports-service-2 reports-service "$SCALE_REPORTS2_PORT" "${reports_env[@]}" || exit 1
launch targets-service-2 targets-service "$SCALE_TARGETS2_PORT" "${targets_env[@]}" || exit 1
wait_ready reports-service-2 "$SCALE_REPORTS2_PORT" "${extra_pids[0]}" || exit 1
wait_ready targets-service-2 "$SCALE_TARGETS2_PORT" "${extra_pids[1]}" || exit 1
# gateway 2: the same units-service (API keys), the SECOND reports and targets instances.
launch gateway-2 gateway "$SCALE_GATEWAY2_PORT" SMALLRYE_JWT_SIGN_KEY_LOCATION="$private_pem" \
  GATEWAY_SERVICES_UNITS_URL="http://127.0.0.1:$STACK_UNITS_PORT" \
  GATEWAY_SERVICES_TARGETS_URL="http://127.0.0.1:$SCALE_TARGETS2_PORT" \
  GATEWAY_SERVICES_REPORTS_URL="http://127.0.0.1:$SCALE_REPORTS2_PORT" || exit 1
wait_ready gateway-2 "$SCALE_GATEWAY2_PORT" "${extra_pids[2]}" || exit 1

python3 "$repo/deploy/checks/scale_out.py"
status=$?
if ((status != 0)); then
  for c in reports-service reports-service-2 targets-service targets-service-2; do
    echo "----- last 15 lines of $STACK_DIR/logs/$c.log -----"
    tail -n 15 "$STACK_DIR/logs/$c.log" 2>/dev/null
  done
  # A gateway logs why it answered 502/504 (the service's failure) at WARN; its access lines say which requests.
  for c in gateway gateway-2; do
    echo "----- last 15 WARN/ERROR lines of $STACK_DIR/logs/$c.log -----"
    grep -E ' (WARN|ERROR) ' "$STACK_DIR/logs/$c.log" 2>/dev/null | tail -n 15
  done
fi
exit "$status"
