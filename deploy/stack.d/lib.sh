# shellcheck shell=bash
# deploy/stack.d/lib.sh: the stack's shared ground: where its state lives, output, the configuration
# (environment, defaults and the one `up` saved), the tools it needs (java, maven) and its lock.
# Sourced by deploy/stack, which sets REPO, HELPERS and STACK_DIR first.

RUN_DIR="$STACK_DIR/run"
LOG_DIR="$STACK_DIR/logs"
KEY_DIR="$STACK_DIR/keys"
KAFKA_CONF_DIR="$STACK_DIR/kafka"
DOWNLOADS="$STACK_DIR/downloads"
CONFIG_FILE="$STACK_DIR/config.env"
DEPENDENCY_PLUGIN="org.apache.maven.plugins:maven-dependency-plugin:3.8.1"

COMPONENTS=(postgres kafka units-service targets-service reports-service gateway)

# Settings that `up` records in $CONFIG_FILE, so that `start NAME` reuses the same config.
SETTINGS=(STACK_GATEWAY_PORT STACK_UNITS_PORT STACK_TARGETS_PORT STACK_REPORTS_PORT
          STACK_PG_PORT STACK_PG_HOST STACK_PG_USER STACK_PG_PASSWORD
          STACK_KAFKA_PORT STACK_KAFKA_CONTROLLER_PORT
          STACK_JAVA_OPTS STACK_JAVA_OPTS_UNITS_SERVICE STACK_JAVA_OPTS_TARGETS_SERVICE
          STACK_JAVA_OPTS_REPORTS_SERVICE STACK_JAVA_OPTS_GATEWAY STACK_KAFKA_JAVA_OPTS
          STACK_READY_TIMEOUT STACK_CDS STACK_ADMIN_API_KEY_FROM_ENV)

# ---------------------------------------------------------------------------------------------
# output
# ---------------------------------------------------------------------------------------------
if [[ -t 1 ]]; then B=$'\e[1m'; R=$'\e[31m'; G=$'\e[32m'; Y=$'\e[33m'; N=$'\e[0m'; else B='' R='' G='' Y='' N=''; fi
say()  { printf '%s\n' "$*"; }
step() { printf '%s==>%s %s\n' "$B" "$N" "$*"; }
ok()   { printf '  %sok%s %s\n' "$G" "$N" "$*"; }
note() { printf '  %snote:%s %s\n' "$Y" "$N" "$*"; }
warn() { printf '%swarning:%s %s\n' "$Y" "$N" "$*" >&2; }
die()  { printf '%serror:%s %s\n' "$R" "$N" "$*" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------
# configuration
# ---------------------------------------------------------------------------------------------
apply_defaults() {
  : "${STACK_GATEWAY_PORT:=8080}" "${STACK_UNITS_PORT:=8081}" "${STACK_TARGETS_PORT:=8082}"
  : "${STACK_REPORTS_PORT:=8083}" "${STACK_PG_PORT:=5432}" "${STACK_KAFKA_PORT:=9092}"
  : "${STACK_KAFKA_CONTROLLER_PORT:=9093}" "${STACK_PG_HOST:=}" "${STACK_PG_USER:=postgres}"
  # JVM options of the services sized from measurement (docs/local-stack.md, bench/ANALYSIS.md "Start-up and memory")
  : "${STACK_PG_PASSWORD:=postgres}" "${STACK_JAVA_OPTS:=-XX:+UseSerialGC -Xms32m -Xmx768m}"
  : "${STACK_JAVA_OPTS_UNITS_SERVICE:=}" "${STACK_JAVA_OPTS_TARGETS_SERVICE:=}"
  : "${STACK_JAVA_OPTS_REPORTS_SERVICE:=}" "${STACK_JAVA_OPTS_GATEWAY:=}"
  : "${STACK_KAFKA_JAVA_OPTS:=-Xmx512m}" "${STACK_READY_TIMEOUT:=90}" "${STACK_CDS:=1}"
  [[ $STACK_CDS == [01] ]] || die "STACK_CDS must be 0 or 1 (got '$STACK_CDS')"
  if [[ -n ${ADMIN_API_KEY:-} ]]; then STACK_ADMIN_API_KEY_FROM_ENV=$ADMIN_API_KEY; fi
  : "${STACK_ADMIN_API_KEY_FROM_ENV:=}"
  local p
  for p in STACK_GATEWAY_PORT STACK_UNITS_PORT STACK_TARGETS_PORT STACK_REPORTS_PORT STACK_PG_PORT \
           STACK_KAFKA_PORT STACK_KAFKA_CONTROLLER_PORT STACK_READY_TIMEOUT; do
    [[ ${!p} =~ ^[0-9]+$ ]] || die "$p must be a number (got '${!p}')"
  done
}

save_config() {
  local v tmp="$CONFIG_FILE.tmp"
  ( umask 077
    { echo "# written by 'deploy/stack up' on $(date -Is); 'deploy/stack start NAME' reuses it"
      for v in "${SETTINGS[@]}"; do printf '%s=%q\n' "$v" "${!v}"; done
    } > "$tmp" )
  mv "$tmp" "$CONFIG_FILE"
}

# Reads $CONFIG_FILE (the configuration of the last `up`), then fills the rest from env/defaults.
load_saved_config() {
  if [[ -f $CONFIG_FILE ]]; then
    local v
    for v in "${SETTINGS[@]}"; do unset "$v"; done
    # shellcheck disable=SC1090  # written by save_config at run time: no file to follow
    source "$CONFIG_FILE"
  fi
  apply_defaults
}

# shellcheck disable=SC2034  # PG_EXTERNAL, PG_HOST, PG_PORT, KAFKA_BOOTSTRAP are read by the other parts
derived_config() {
  PG_EXTERNAL=0; [[ -n $STACK_PG_HOST ]] && PG_EXTERNAL=1
  PG_HOST=${STACK_PG_HOST:-127.0.0.1}
  PG_PORT=$STACK_PG_PORT
  KAFKA_BOOTSTRAP="127.0.0.1:$STACK_KAFKA_PORT"
}

port_of() {
  case $1 in
    postgres) echo "$STACK_PG_PORT" ;;
    kafka) echo "$STACK_KAFKA_PORT" ;;
    units-service) echo "$STACK_UNITS_PORT" ;;
    targets-service) echo "$STACK_TARGETS_PORT" ;;
    reports-service) echo "$STACK_REPORTS_PORT" ;;
    gateway) echo "$STACK_GATEWAY_PORT" ;;
  esac
}

db_of() { case $1 in units-service) echo units ;; targets-service) echo targets ;; reports-service) echo reports ;; esac; }

java_opts_of() {
  local var
  var="STACK_JAVA_OPTS_$(tr 'a-z-' 'A-Z_' <<<"$1")"
  if [[ -n ${!var:-} ]]; then echo "${!var}"; else echo "$STACK_JAVA_OPTS"; fi
}

valid_name() {
  local n
  for n in "${COMPONENTS[@]}"; do [[ $1 == "$n" ]] && return 0; done
  die "unknown component '$1' (one of: ${COMPONENTS[*]})"
}

# ---------------------------------------------------------------------------------------------
# tools, directories, lock
# ---------------------------------------------------------------------------------------------
find_java() {
  if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/java ]]; then JAVA="$JAVA_HOME/bin/java"
  elif command -v java >/dev/null; then JAVA=$(command -v java)
  else die "no java on PATH (JDK 17+ needed; apt-get install -y openjdk-17-jdk-headless)"; fi
  local major props
  props=$("$JAVA" -XshowSettings:properties -version 2>&1)
  major=$(sed -n 's/^ *java.specification.version = //p' <<<"$props" | head -n1)
  [[ ${major%%.*} =~ ^[0-9]+$ && ${major%%.*} -ge 17 ]] || die "$JAVA is Java '$major'; Java 17+ is needed (set JAVA_HOME)"
  # names the services' class-data archives: an archive is only valid for the JVM that wrote it
  # shellcheck disable=SC2034  # read by cds_archive_of (services.sh)
  JAVA_VM_VERSION=$(sed -n 's/^ *java.vm.version = //p' <<<"$props" | head -n1)
}

# Maven for fetching the stack's own jars: mvn on PATH first, the project's wrapper otherwise.
find_fetch_maven() {
  if command -v mvn >/dev/null; then FETCH_MVN=(mvn)
  elif [[ -f $REPO/mvnw ]]; then FETCH_MVN=(sh "$REPO/mvnw")
  else die "Maven is needed to fetch the Kafka and PostgreSQL jars (apt-get install -y maven)"; fi
}

# Runs a goal of the maven-dependency-plugin on deploy/stack.d/pom.xml (after find_fetch_maven).
maven_dependency() {  # maven_dependency GOAL -DNAME=VALUE...
  local goal=$1; shift
  (cd "$HELPERS" && "${FETCH_MVN[@]}" -B -q -f "$HELPERS/pom.xml" "$DEPENDENCY_PLUGIN:$goal" "$@")
}

apt_install() {
  ((EUID == 0)) && command -v apt-get >/dev/null || return 1
  say "  installing $* with apt-get (last resort)..."
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >"$LOG_DIR/apt.log" 2>&1 && return 0
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >>"$LOG_DIR/apt.log" 2>&1 || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >>"$LOG_DIR/apt.log" 2>&1
}

port_open() { timeout 2 bash -c "exec 3<>/dev/tcp/${2:-127.0.0.1}/$1" 2>/dev/null; }

lock() {
  mkdir -p "$RUN_DIR"
  exec 9>"$RUN_DIR/.lock"
  flock -w 5 9 || die "another 'deploy/stack' command is running on $STACK_DIR"
}

ensure_dirs() {
  mkdir -p "$RUN_DIR" "$LOG_DIR" "$DOWNLOADS" "$KAFKA_CONF_DIR"
  mkdir -p "$KEY_DIR" && chmod 700 "$KEY_DIR"
}

ensure_gitignore() {
  local gi="$REPO/.gitignore"
  [[ $STACK_DIR == "$REPO/.stack" ]] || return 0
  if ! { [[ -f $gi ]] && grep -qxE '/?\.stack/?' "$gi"; }; then
    [[ -s $gi && $(tail -c1 "$gi") != "" ]] && echo >>"$gi"
    echo ".stack/" >>"$gi"
    note "added .stack/ to .gitignore"
  fi
}
