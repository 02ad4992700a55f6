# shellcheck shell=bash
# deploy/stack.d/processes.sh: process supervision. A component is ours when its command line carries
# -Dstack.dir=$STACK_DIR and -Dstack.component=NAME (java) or -D $PGDATA_DIR (postgres); pid files in
# $RUN_DIR are hints, the command line decides. Also the log helpers. Sourced by deploy/stack.

# Sets CMDLINE to the command line of PID, arguments joined by (and ending with) a space.
read_cmdline() {
  local -a args=()
  CMDLINE=
  mapfile -d '' args 2>/dev/null <"/proc/$1/cmdline" || return 1
  ((${#args[@]})) || return 1
  CMDLINE="${args[*]} "
}

# Is PID alive and the process we started as NAME?
pid_is_ours() {
  local pid=$1 name=$2
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  read_cmdline "$pid" || return 1
  if [[ $name == postgres ]]; then
    [[ $CMDLINE == *postgres* && $CMDLINE == *"-D $PGDATA_DIR "* ]]
  else
    [[ $CMDLINE == *"-Dstack.dir=$STACK_DIR "* && $CMDLINE == *"-Dstack.component=$name "* ]]
  fi
}

# Prints the pid of NAME when it is running (and is ours); fails otherwise.
running_pid() {
  local name=$1 pid=
  if [[ $name == postgres && -f $PGDATA_DIR/postmaster.pid ]]; then
    pid=$(head -n1 "$PGDATA_DIR/postmaster.pid" 2>/dev/null | tr -dc 0-9)
    pid_is_ours "$pid" postgres && { echo "$pid"; return 0; }
  fi
  [[ -f $RUN_DIR/$name.pid ]] && pid=$(head -n1 "$RUN_DIR/$name.pid" | tr -dc 0-9)
  pid_is_ours "$pid" "$name" && { echo "$pid"; return 0; }
  # a launcher that forked: find the process by its marker
  if [[ $name != postgres ]]; then
    pid=$(find_marked "$name" | head -n1)
    [[ -n $pid ]] && { echo "$pid" >"$RUN_DIR/$name.pid"; echo "$pid"; return 0; }
  fi
  return 1
}

find_marked() {  # pids whose command line carries our markers for NAME
  local p
  for p in /proc/[0-9]*; do
    p=${p#/proc/}
    read_cmdline "$p" || continue
    [[ $CMDLINE == *"-Dstack.dir=$STACK_DIR "* && $CMDLINE == *"-Dstack.component=$1 "* ]] && echo "$p"
  done
  return 0
}

# Every process of this stack still alive: java processes carrying -Dstack.dir=$STACK_DIR, and any
# process whose executable or command line is under $STACK_DIR (postgres and its backends).
leftovers() {
  local p
  for p in /proc/[0-9]*; do
    p=${p#/proc/}
    read_cmdline "$p" || continue
    if [[ $CMDLINE == *"-Dstack.dir=$STACK_DIR "* || $CMDLINE == "$PG_HOME/bin/"* || $CMDLINE == *"-D $PGDATA_DIR "* ]] ||
       { [[ -e $PG_HOME/bin/postgres ]] && [[ /proc/$p/exe -ef $PG_HOME/bin/postgres ]]; } 2>/dev/null; then
      printf '%s %s\n' "$p" "${CMDLINE:0:160}"
    fi
  done
  return 0
}

# After `( ... exec setsid nohup java ... ) &`: waits until PID has become the java process (setsid
# and nohup exec in place), then records it in the pid file. A process that dies at once is left to
# the readiness wait, which then prints its log.
await_exec() {  # await_exec PID NAME
  local pid=$1 name=$2 i
  echo "$pid" >"$RUN_DIR/$name.pid"
  for ((i = 0; i < 50; i++)); do
    pid_is_ours "$pid" "$name" && return 0
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  warn "$name: pid $pid did not turn into the expected java process"
}

wait_gone() {  # wait_gone PID SECONDS
  local pid=$1 i
  for ((i = 0; i < $2 * 5; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    [[ $(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) == Z ]] && return 0
    sleep 0.2
  done
  return 1
}

terminate() {  # terminate NAME PID GRACE: fails when it took SIGKILL
  local name=$1 pid=$2 grace=$3
  kill -TERM "$pid" 2>/dev/null || true
  if ! wait_gone "$pid" "$grace"; then
    warn "$name (pid $pid) did not stop within ${grace}s: SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    wait_gone "$pid" 10 || warn "$name (pid $pid) still alive after SIGKILL"
    return 1
  fi
}

log_header() { printf '\n===== deploy/stack: %s %s at %s =====\n' "$1" "$2" "$(date -Is)" >>"$LOG_DIR/$2.log"; }

tail_log() {  # tail_log NAME N
  local f="$LOG_DIR/$1.log"
  if [[ -f $f ]]; then
    say "----- last $2 lines of $f -----" >&2
    tail -n "$2" "$f" >&2
    say "-----" >&2
  fi
}
