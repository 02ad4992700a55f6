# shellcheck shell=bash
# deploy/stack.d/services.sh: units-service, targets-service, reports-service and the gateway: the build
# when a jar is missing, a snapshot of each build to run from, start, readiness, stop.
# Sourced by deploy/stack.

SERVICES=(units-service targets-service reports-service)
BUILD_FAILED=0

jar_of() { echo "$REPO/$1/target/quarkus-app/quarkus-run.jar"; }

# A service runs from a snapshot of its build in $STACK_DIR/apps, never from target/ itself: a rebuild
# while the stack runs would replace the jars under the running JVM, whose lazily loaded classes then
# fail (seen: event loops blocked for minutes, connections dropped). One directory per distinct build,
# never modified once made; `down` deletes them.
snapshot_app() {  # snapshot_app NAME: prints the snapshot's quarkus-run.jar
  local src="$REPO/$1/target/quarkus-app" stamp dir
  stamp=$(cd "$src" && find . -type f -printf '%P %s %T@\n' | sort | md5sum | cut -c1-12)
  dir="$STACK_DIR/apps/$1-$stamp"
  if [[ ! -f $dir/quarkus-run.jar ]]; then
    mkdir -p "$STACK_DIR/apps"
    rm -rf "$dir.tmp"
    cp -a "$src" "$dir.tmp" && mv "$dir.tmp" "$dir" || return 1
  fi
  echo "$dir/quarkus-run.jar"
}

# Maven for building the project: the wrapper first, mvn otherwise.
find_build_maven() {
  if [[ -f $REPO/mvnw ]]; then BUILD_MVN=(sh "$REPO/mvnw")
  elif command -v mvn >/dev/null; then BUILD_MVN=(mvn)
  else die "neither ./mvnw nor mvn found (apt-get install -y maven)"; fi
}

# Builds the project once when a module that exists has no quarkus-run.jar yet (or with --build).
maybe_build() {
  local mode=$1 missing=() m
  # a module counts when it has a pom.xml and the root pom lists it (else the build cannot make it)
  for m in "${SERVICES[@]}" gateway; do
    [[ -f $REPO/$m/pom.xml && ! -f $(jar_of "$m") ]] || continue
    grep -q "<module>$m</module>" "$REPO/pom.xml" 2>/dev/null && missing+=("$m")
  done
  [[ $mode == never ]] && return 0
  [[ $mode == always || ${#missing[@]} -gt 0 ]] || return 0
  if [[ ! -f $REPO/pom.xml ]]; then
    note "no pom.xml at $REPO yet: nothing to build"
    return 0
  fi
  find_build_maven
  local args=(-B -q -DskipTests --fail-at-end) running=()
  for m in "${SERVICES[@]}" gateway; do running_pid "$m" >/dev/null 2>&1 && running+=("$m"); done
  if [[ $mode == always ]]; then
    # a rebuild rewrites target/quarkus-app under the running JVMs
    ((${#running[@]} == 0)) || die "up --build: stop ${running[*]} first (deploy/stack down), the build replaces the jars they run from"
  elif ((${#running[@]})); then
    # only what is missing (and the modules it needs), so the jars of running services stay untouched
    args+=(-pl "$(IFS=,; echo "${missing[*]}")" -am)
  fi
  args+=(package)
  if [[ $mode == always ]]; then step "building the project: ${BUILD_MVN[*]} ${args[*]}"
  else step "building the project (no quarkus-run.jar yet for: ${missing[*]}): ${BUILD_MVN[*]} ${args[*]}"; fi
  say "  (log: $LOG_DIR/build.log; this can take a few minutes on a fresh machine)"
  # --fail-at-end: the modules that compile are still packaged when another one does not
  if ! (cd "$REPO" && "${BUILD_MVN[@]}" "${args[@]}") >"$LOG_DIR/build.log" 2>&1 9>&-; then
    tail_log build 40
    warn "the build failed (see $LOG_DIR/build.log); going on with what is built, modules without a jar are skipped"
    # shellcheck disable=SC2034  # read by cmd_up (commands.sh)
    BUILD_FAILED=1
    return 0
  fi
  ok "build finished"
}

# Class-data sharing (CDS). The first JVM of a build records the classes it loads (-XX:ArchiveClassesAtExit) and
# writes the archive when it exits normally (stop, down); every later start of the same build maps it
# (-XX:SharedArchiveFile) instead of parsing and verifying those classes again: about a fifth less CPU to start and
# less RSS (docs/local-stack.md). One archive per snapshot (the build's stamp is in its name) and JVM version, so a
# rebuilt jar or another JDK gets a new one. An archive the JVM refuses (other JVM options, a damaged file) only makes
# it start without one: the JVM says so in the log, and the archive is deleted after that start so the next start
# records a new one. STACK_CDS=0 turns all of this off.
CDS_DIR="$STACK_DIR/cds"

cds_archive_of() {  # cds_archive_of JAR: the archive of the snapshot JAR belongs to, for this JVM
  echo "$CDS_DIR/$(basename "$(dirname "$1")")-jdk${JAVA_VM_VERSION//[^A-Za-z0-9.]/_}.jsa"
}

cds_opts() {  # cds_opts NAME JAR: the JVM options that use or record NAME's archive
  [[ $STACK_CDS == 1 ]] || return 0
  local archive old
  archive=$(cds_archive_of "$2")
  if [[ -s $archive ]]; then echo "-XX:SharedArchiveFile=$archive"; return 0; fi
  mkdir -p "$CDS_DIR"
  # older builds' archives of this service are of no use any more
  for old in "$CDS_DIR/$1"-*.jsa "$CDS_DIR/$1"-*.jsa.tmp; do [[ -e $old && $old != "$archive" ]] && rm -f "$old"; done
  # written at exit to .tmp and renamed once the JVM has exited by itself (cds_settle): a JVM killed while
  # writing leaves no half archive behind. The dump lists every class it skips (thousands of warnings): they go to
  # cds/NAME-recording.log, not to the service's log.
  echo "-XX:ArchiveClassesAtExit=$archive.tmp -Xlog:cds=off -Xlog:cds=warning:file=$CDS_DIR/$1-recording.log"
}

cds_recording() {  # cds_recording PID: prints the .tmp archive the JVM PID writes when it exits, if any
  read_cmdline "$1" || return 1
  [[ $CMDLINE =~ -XX:ArchiveClassesAtExit=([^ ]+) ]] || return 1
  echo "${BASH_REMATCH[1]}"
}

cds_settle() {  # cds_settle TMP CLEAN: after the JVM is gone; CLEAN=1 when it exited by itself
  local tmp=$1
  [[ -n $tmp ]] || return 0
  if [[ $2 == 1 && -s $tmp ]]; then mv -f "$tmp" "${tmp%.tmp}" && say "  class-data archive written: ${tmp%.tmp}"
  else rm -f "$tmp"; fi
}

# After a start: when the JVM could not use NAME's archive, it said so in the log; delete the archive, so the
# next start records a new one (and this one is not tried again).
cds_check() {  # cds_check NAME PID
  local archive
  read_cmdline "$2" || return 0
  [[ $CMDLINE =~ -XX:SharedArchiveFile=([^ ]+) ]] || return 0
  archive=${BASH_REMATCH[1]}
  if awk '/^===== deploy\/stack: start /{hit=0} /Unable to use shared archive|shared class paths mismatch/{hit=1} END{exit !hit}' \
       "$LOG_DIR/$1.log"; then
    note "$1 could not use its class-data archive (see its log): deleted, the next start records a new one"
    rm -f "$archive"
  fi
}

url_of() { echo "http://127.0.0.1:$(port_of "$1")"; }

# Prints why NAME cannot be started, if it cannot (module or jar missing).
service_missing() {
  local name=$1
  if [[ ! -d $REPO/$name ]]; then echo "module $name/ does not exist yet"
  elif [[ ! -f $(jar_of "$name") && ! -f $REPO/$name/pom.xml ]]; then echo "module $name/ has no pom.xml yet"
  elif [[ ! -f $(jar_of "$name") ]]; then echo "$name/target/quarkus-app/quarkus-run.jar is not built yet"
  fi
}

# Launches NAME in the background (no waiting). Returns 1 when it was already running.
launch_service() {
  local name=$1 port pid env=() jar
  port=$(port_of "$name")
  if pid=$(running_pid "$name"); then ok "$name already running (pid $pid, port $port)"; return 1; fi
  jar=$(snapshot_app "$name") || die "cannot copy $name/target/quarkus-app to $STACK_DIR/apps"
  if port_open "$port"; then die "port $port ($name) is in use by another process: $(ss -ltnpH "sport = :$port" 2>/dev/null | head -n1)"; fi
  env=(QUARKUS_HTTP_PORT="$port" QUARKUS_HTTP_HOST=127.0.0.1 MP_JWT_VERIFY_PUBLICKEY_LOCATION="$PUBLIC_JWKS")
  if [[ $name == gateway ]]; then
    env+=(SMALLRYE_JWT_SIGN_KEY_LOCATION="$PRIVATE_PEM"
          GATEWAY_SERVICES_UNITS_URL="$(url_of units-service)"
          GATEWAY_SERVICES_TARGETS_URL="$(url_of targets-service)"
          GATEWAY_SERVICES_REPORTS_URL="$(url_of reports-service)")
  else
    env+=(QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$(db_of "$name")"
          QUARKUS_DATASOURCE_USERNAME="$STACK_PG_USER" QUARKUS_DATASOURCE_PASSWORD="$STACK_PG_PASSWORD"
          KAFKA_BOOTSTRAP_SERVERS="$KAFKA_BOOTSTRAP")
  fi
  [[ $name == units-service && -n ${ADMIN_KEY:-} ]] && env+=(ADMIN_API_KEY="$ADMIN_KEY")
  step "starting $name on 127.0.0.1:$port"
  log_header start "$name"
  # shellcheck disable=SC2046  # java_opts_of and cds_opts print lists of JVM options: split on purpose
  ( cd "$REPO/$name" && exec env "${env[@]}" setsid nohup "$JAVA" $(java_opts_of "$name") $(cds_opts "$name" "$jar") \
      -Dstack.dir="$STACK_DIR" -Dstack.component="$name" -jar "$jar" \
      >>"$LOG_DIR/$name.log" 2>&1 </dev/null 9>&- ) &
  await_exec $! "$name"
  return 0
}

# Waits until NAME's /q/health/ready answers 200; prints its log tail and fails otherwise.
wait_service_ready() {
  local name=$1 port pid deadline
  port=$(port_of "$name"); deadline=$((SECONDS + STACK_READY_TIMEOUT))
  while ((SECONDS < deadline)); do
    if ! pid=$(running_pid "$name"); then
      tail_log "$name" 40
      warn "$name exited while starting (see $LOG_DIR/$name.log)"
      return 1
    fi
    if curl -fsS -m 3 -o /dev/null "http://127.0.0.1:$port/q/health/ready" 2>/dev/null; then
      ok "$name ready (pid $pid): http://127.0.0.1:$port/q/health/ready"
      cds_check "$name" "$pid"
      return 0
    fi
    sleep 1
  done
  tail_log "$name" 40
  warn "$name is not ready after ${STACK_READY_TIMEOUT}s (curl http://127.0.0.1:$port/q/health/ready; log $LOG_DIR/$name.log)"
  return 1
}

# A JVM that writes its class-data archive at exit gets longer to stop (the dump takes seconds on a busy machine).
grace_of() { if [[ -n $1 ]]; then echo 60; else echo 20; fi; }

stop_service() {
  local name=$1 pid tmp clean=1
  if ! pid=$(running_pid "$name"); then say "  $name is not running"; rm -f "$RUN_DIR/$name.pid"; return 0; fi
  say "  stopping $name (pid $pid)"
  tmp=$(cds_recording "$pid") || tmp=
  terminate "$name" "$pid" "$(grace_of "$tmp")" || clean=0
  cds_settle "$tmp" "$clean"
  rm -f "$RUN_DIR/$name.pid"
}

# Stops several java components at once: SIGTERM to all, then wait, then SIGKILL stragglers.
stop_services_together() {
  local name pid pids=() names=() tmps=() tmp i clean
  for name in "$@"; do
    if pid=$(running_pid "$name"); then
      say "  stopping $name (pid $pid)"
      tmp=$(cds_recording "$pid") || tmp=
      kill -TERM "$pid" 2>/dev/null || true
      pids+=("$pid"); names+=("$name"); tmps+=("$tmp")
    fi
    rm -f "$RUN_DIR/$name.pid"
  done
  # all were sent SIGTERM above; terminate waits for each (its SIGTERM again is harmless) and SIGKILLs a straggler
  for i in "${!pids[@]}"; do
    clean=1
    terminate "${names[$i]}" "${pids[$i]}" "$(grace_of "${tmps[$i]}")" || clean=0
    cds_settle "${tmps[$i]}" "$clean"
  done
}
