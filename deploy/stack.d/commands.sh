# shellcheck shell=bash
# deploy/stack.d/commands.sh: the commands of deploy/stack (up, down, status, logs, start, stop, restart,
# kill, reset), made of the other parts. Sourced by deploy/stack, whose main() calls them.

any_running() {
  local c
  for c in "${COMPONENTS[@]}"; do running_pid "$c" >/dev/null 2>&1 && return 0; done
  return 1
}

prepare() {  # common part of up/start: tools, config, dirs
  ensure_dirs
  find_java
  derived_config
}

cmd_up() {
  local build=auto
  while (($#)); do
    case $1 in
      --build) build=always ;; --no-build) build=never ;;
      *) die "up: unknown option '$1'" ;;
    esac
    shift
  done
  lock
  # Configuration: from the environment, unless part of the stack is already running (then the
  # configuration it was started with is kept, so nothing ends up on two different ports).
  local v env_vals=()
  for v in "${SETTINGS[@]}"; do env_vals+=("${!v-}"); done
  apply_defaults
  if [[ -f $CONFIG_FILE ]] && { derived_config; any_running; }; then
    load_saved_config
    local i=0
    for v in "${SETTINGS[@]}"; do
      [[ -n ${env_vals[$i]} && ${env_vals[$i]} != "${!v}" && $v != STACK_ADMIN_API_KEY_FROM_ENV ]] &&
        warn "$v=${env_vals[$i]} ignored: the stack is partly running with $v=${!v} ('deploy/stack down' first)"
      i=$((i + 1))
    done
  fi
  prepare
  save_config
  ensure_gitignore

  say "${B}deploy/stack up${N}  (repo $REPO, state $STACK_DIR)"
  ensure_kafka_libs
  ensure_pg_binaries
  ensure_keys
  ensure_admin_key
  maybe_build "$build"

  step "postgres"
  start_postgres
  ensure_databases
  step "kafka"
  start_kafka
  ensure_topics

  local name reason started=() failed=() skipped=()
  for name in "${SERVICES[@]}"; do
    if reason=$(service_missing "$name") && [[ -n $reason ]]; then
      note "skipping $name: $reason"; skipped+=("$name"); continue
    fi
    launch_service "$name" && started+=("$name")
  done
  for name in "${started[@]}"; do wait_service_ready "$name" || failed+=("$name"); done
  started=()
  if reason=$(service_missing gateway) && [[ -n $reason ]]; then
    note "skipping gateway: $reason"; skipped+=(gateway)
  elif launch_service gateway; then
    wait_service_ready gateway || failed+=(gateway)
  fi

  print_summary
  if ((BUILD_FAILED)); then
    die "the build failed (deploy/stack logs build); not started: ${skipped[*]:-none}${failed[*]:+; not ready: ${failed[*]}}"
  fi
  if ((${#failed[@]})); then
    die "not ready: ${failed[*]} (the rest keeps running; 'deploy/stack logs NAME', 'deploy/stack down')"
  fi
  if ((${#skipped[@]})); then note "skipped (not built or not written yet): ${skipped[*]}"; fi
}

print_summary() {
  say ""
  say "${B}Local stack${N} (state in $STACK_DIR)"
  cmd_status_table
  say ""
  local name
  if running_pid gateway >/dev/null 2>&1; then
    say "  Gateway:    $(url_of gateway)/api/v1/...    API docs: $(url_of gateway)/api/docs"
    say "              health $(url_of gateway)/q/health   metrics $(url_of gateway)/q/metrics"
  else
    say "  Gateway:    $(url_of gateway) (not running)"
  fi
  for name in "${SERVICES[@]}"; do
    running_pid "$name" >/dev/null 2>&1 || continue
    printf '  %-16s%s   health %s/q/health   metrics %s/q/metrics   openapi %s/q/openapi\n' \
      "$name:" "$(url_of "$name")" "$(url_of "$name")" "$(url_of "$name")" "$(url_of "$name")"
  done
  say "  PostgreSQL: $PG_HOST:$PG_PORT  user $STACK_PG_USER  databases ${DATABASES[*]}"
  say "              e.g. PGPASSWORD=... psql -h $PG_HOST -p $PG_PORT -U $STACK_PG_USER units"
  say "  Kafka:      $KAFKA_BOOTSTRAP  topics ${TOPICS[*]} ($TOPIC_PARTITIONS partitions)"
  say ""
  if [[ -n $STACK_ADMIN_API_KEY_FROM_ENV ]]; then
    say "  Admin API key: the one in \$ADMIN_API_KEY (passed to units-service as ADMIN_API_KEY)"
  elif ((ADMIN_KEY_NEW)); then
    say "  ${B}Admin API key (generated now, shown only this once; also in $ADMIN_KEY_FILE):${N}"
    say "    $ADMIN_KEY"
  else
    say "  Admin API key: in $ADMIN_KEY_FILE (mode 600): ADMIN_API_KEY=\$(cat $ADMIN_KEY_FILE)"
  fi
  say "  Use it through the gateway, e.g.:"
  say "    curl -H \"Authorization: Bearer \$(cat $ADMIN_KEY_FILE)\" $(url_of gateway)/api/v1/units"
}

cmd_down() {
  lock
  load_saved_config; derived_config
  say "${B}deploy/stack down${N}  ($STACK_DIR)"
  step "stopping the gateway and the services"
  stop_services_together gateway
  stop_services_together "${SERVICES[@]}"
  step "stopping kafka"
  stop_kafka
  step "stopping postgres"
  stop_postgres
  # anything of ours still alive (e.g. started by hand with another pid file)?
  local left
  left=$(leftovers)
  if [[ -n $left ]]; then
    warn "processes of this stack still alive, killing them:"$'\n'"$left"
    awk '{print $1}' <<<"$left" | xargs -r kill -KILL 2>/dev/null || true
    sleep 1
    left=$(leftovers)
    [[ -z $left ]] || die "still alive:"$'\n'"$left"
  fi
  rm -rf "$STACK_DIR/apps"
  if ((PG_EXTERNAL)); then ok "nothing of the stack is running (Kafka data kept in $KAFKA_DATA)"
  else ok "nothing of the stack is running (data kept in $PGDATA_DIR and $KAFKA_DATA)"; fi
}

cmd_status_table() {
  local name pid port state extra
  printf '  %-16s %-11s %-8s %-6s %s\n' COMPONENT STATE PID PORT ""
  for name in "${COMPONENTS[@]}"; do
    port=$(port_of "$name"); extra=
    if [[ $name == postgres ]] && ((PG_EXTERNAL)); then
      if port_open "$PG_PORT" "$PG_HOST"; then state=external; else state=unreachable; fi
      printf '  %-16s %-11s %-8s %-6s %s\n' "$name" "$state" "-" "$PG_PORT" "external server $PG_HOST"
      continue
    fi
    if pid=$(running_pid "$name"); then
      state="${G}running${N}    "
      case $name in
        postgres|kafka) port_open "$port" || extra="(port not open yet)" ;;
        *) if curl -fsS -m 2 -o /dev/null "http://127.0.0.1:$port/q/health/ready" 2>/dev/null; then extra="ready"
           else extra="${Y}not ready${N}"; fi ;;
      esac
    else
      pid=-
      state="${R}stopped${N}    "
      case $name in postgres|kafka) ;; *) extra=$(service_missing "$name") ;; esac
      [[ -z $extra ]] && port_open "$port" && extra="${Y}port $port is used by another process${N}"
    fi
    printf '  %-16s %s %-8s %-6s %s\n' "$name" "$state" "$pid" "$port" "$extra"
  done
}

cmd_status() {
  load_saved_config; derived_config
  say "${B}deploy/stack status${N}  ($STACK_DIR)"
  cmd_status_table
}

cmd_logs() {
  local name='' follow=0 lines=100
  while (($#)); do
    case $1 in
      -f|--follow) follow=1 ;;
      -n) shift; lines=${1:?-n needs a number} ;;
      -*) die "logs: unknown option '$1'" ;;
      *) name=$1 ;;
    esac
    shift
  done
  [[ -n $name ]] || die "usage: deploy/stack logs NAME [-f] [-n N]"
  local f="$LOG_DIR/$name.log"
  [[ -f $f ]] || die "no log $f (known: $(find "$LOG_DIR" -maxdepth 1 -name '*.log' -printf '%f\n' 2>/dev/null | sort | sed 's/\.log$//' | tr '\n' ' '))"
  if ((follow)); then exec tail -n "$lines" -F "$f"; else tail -n "$lines" "$f"; fi
}

start_one() {
  local name=$1 reason
  case $name in
    postgres) start_postgres ;;
    kafka) start_kafka ;;
    *)
      if reason=$(service_missing "$name") && [[ -n $reason ]]; then die "cannot start $name: $reason"; fi
      ensure_keys
      [[ $name == units-service ]] && ensure_admin_key
      if launch_service "$name"; then wait_service_ready "$name" || die "$name did not become ready"; fi
      ;;
  esac
}

stop_one() {
  case $1 in
    postgres) stop_postgres ;;
    kafka) stop_kafka ;;
    *) stop_service "$1" ;;
  esac
}

cmd_one() {  # cmd_one start|stop|restart|kill NAME
  local verb=$1 name=${2:-}
  [[ -n $name ]] || die "usage: deploy/stack $verb NAME (one of: ${COMPONENTS[*]})"
  valid_name "$name"
  lock
  [[ -f $CONFIG_FILE ]] || note "no saved configuration ($CONFIG_FILE): using the environment and defaults"
  load_saved_config
  prepare
  [[ -f $CONFIG_FILE ]] || save_config
  case $verb in
    start) start_one "$name" ;;
    stop)
      stop_one "$name"
      if [[ $name != postgres ]] || ((PG_EXTERNAL == 0)); then ok "$name stopped"; fi
      ;;
    restart) stop_one "$name"; start_one "$name" ;;
    kill)
      if [[ $name == postgres ]] && ((PG_EXTERNAL)); then die "postgres is external: not managed by deploy/stack"; fi
      local pid
      pid=$(running_pid "$name") || die "$name is not running"
      kill -KILL "$pid"
      wait_gone "$pid" 10 || true
      ok "$name (pid $pid) killed with SIGKILL"
      ;;
  esac
}

cmd_reset() {
  cmd_down
  step "deleting the data: $PGDATA_DIR $KAFKA_DATA"
  rm -rf "$PGDATA_DIR" "$KAFKA_DATA"
  ok "data deleted (keys, admin key and jars kept)"
}
