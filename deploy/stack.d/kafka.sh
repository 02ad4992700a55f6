# shellcheck shell=bash
# deploy/stack.d/kafka.sh: Apache Kafka in KRaft mode, one node that is broker and controller, run from
# the jars that deploy/stack.d/pom.xml fetches into $KAFKA_LIBS; the topics. Sourced by deploy/stack.

KAFKA_LIBS="$STACK_DIR/kafka-libs"
KAFKA_DATA="$STACK_DIR/kafka-data"
# The event topics, then the dead-letter topics of the consumed ones (records a consumer gave up: EventDelivery).
TOPICS=(units.v1 targets.v1 measurements.v1 progress.v1 units.v1.dlq targets.v1.dlq measurements.v1.dlq)
TOPIC_PARTITIONS=3

ensure_kafka_libs() {
  local sum
  sum=$(sha256sum "$HELPERS/pom.xml" | cut -d' ' -f1)
  if [[ -f $KAFKA_LIBS/.fetched && $(cat "$KAFKA_LIBS/.fetched") == "$sum" ]]; then return 0; fi
  step "fetching the Kafka jars from Maven Central into $KAFKA_LIBS (first run only)"
  find_fetch_maven
  rm -rf "$KAFKA_LIBS"
  if ! maven_dependency copy-dependencies -DincludeScope=runtime -DoutputDirectory="$KAFKA_LIBS" >"$LOG_DIR/fetch.log" 2>&1; then
    tail_log fetch 40
    die "could not fetch the Kafka jars (see $LOG_DIR/fetch.log)"
  fi
  ls "$KAFKA_LIBS"/kafka_2.13-*.jar >/dev/null 2>&1 || die "no kafka_2.13 jar in $KAFKA_LIBS after fetching"
  echo "$sum" >"$KAFKA_LIBS/.fetched"
  local jars=("$KAFKA_LIBS"/*.jar)
  ok "${#jars[@]} jars"
}

write_kafka_config() {
  cat >"$KAFKA_CONF_DIR/server.properties" <<EOF
# written by deploy/stack at each start of kafka: single-node KRaft (broker + controller)
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$STACK_KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$STACK_KAFKA_PORT,CONTROLLER://127.0.0.1:$STACK_KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$STACK_KAFKA_PORT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$KAFKA_DATA
num.partitions=$TOPIC_PARTITIONS
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
log.retention.hours=168
EOF
  cat >"$KAFKA_CONF_DIR/log4j2.properties" <<'EOF'
# written by deploy/stack: the broker logs to stdout, which goes to .stack/logs/kafka.log
status = warn
appender.stdout.type = Console
appender.stdout.name = STDOUT
appender.stdout.layout.type = PatternLayout
appender.stdout.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.stdout.ref = STDOUT
logger.kafka.name = kafka
logger.kafka.level = INFO
logger.apache.name = org.apache.kafka
logger.apache.level = INFO
logger.request.name = kafka.request.logger
logger.request.level = WARN
logger.statechange.name = state.change.logger
logger.statechange.level = WARN
logger.unifiedlog.name = org.apache.kafka.storage.internals.log
logger.unifiedlog.level = WARN
EOF
  cat >"$KAFKA_CONF_DIR/tools-log4j2.properties" <<'EOF'
# written by deploy/stack: command-line tools log warnings only, to stderr
status = error
appender.stderr.type = Console
appender.stderr.name = STDERR
appender.stderr.target = SYSTEM_ERR
appender.stderr.layout.type = PatternLayout
appender.stderr.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = WARN
rootLogger.appenderRef.stderr.ref = STDERR
EOF
  cat >"$KAFKA_CONF_DIR/tools.properties" <<'EOF'
# written by deploy/stack: admin client settings of TopicCommand
request.timeout.ms=5000
default.api.timeout.ms=10000
retries=2
EOF
}

kafka_tool() {  # kafka_tool MAIN-CLASS ARGS...  (a short-lived JVM on the broker's classpath)
  timeout 120 "$JAVA" -Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
    -Dlog4j2.configurationFile="$KAFKA_CONF_DIR/tools-log4j2.properties" -cp "$KAFKA_LIBS/*" "$@" 9>&-
}

topic_cmd() {
  kafka_tool org.apache.kafka.tools.TopicCommand \
    --bootstrap-server "$KAFKA_BOOTSTRAP" --command-config "$KAFKA_CONF_DIR/tools.properties" "$@"
}

start_kafka() {
  local pid
  if pid=$(running_pid kafka); then ok "kafka already running (pid $pid, port $STACK_KAFKA_PORT)"; return 0; fi
  ensure_kafka_libs
  local p
  for p in "$STACK_KAFKA_PORT" "$STACK_KAFKA_CONTROLLER_PORT"; do
    if port_open "$p"; then die "port $p (kafka) is in use by another process: $(ss -ltnpH "sport = :$p" 2>/dev/null | head -n1)"; fi
  done
  write_kafka_config
  if [[ ! -f $KAFKA_DATA/meta.properties ]]; then
    step "formatting the Kafka storage in $KAFKA_DATA (first run only)"
    if [[ ! -s $KAFKA_CONF_DIR/cluster-id ]]; then
      kafka_tool kafka.tools.StorageTool random-uuid 2>>"$LOG_DIR/kafka-format.log" | tail -n1 >"$KAFKA_CONF_DIR/cluster-id.tmp"
      [[ -s $KAFKA_CONF_DIR/cluster-id.tmp ]] || { tail_log kafka-format 40; die "could not make a Kafka cluster id"; }
      mv "$KAFKA_CONF_DIR/cluster-id.tmp" "$KAFKA_CONF_DIR/cluster-id"
    fi
    mkdir -p "$KAFKA_DATA"
    if ! kafka_tool kafka.tools.StorageTool format --ignore-formatted -t "$(cat "$KAFKA_CONF_DIR/cluster-id")" \
          -c "$KAFKA_CONF_DIR/server.properties" >>"$LOG_DIR/kafka-format.log" 2>&1; then
      tail_log kafka-format 40; die "formatting the Kafka storage failed (see $LOG_DIR/kafka-format.log)"
    fi
    ok "cluster id $(cat "$KAFKA_CONF_DIR/cluster-id")"
  fi
  step "starting kafka on 127.0.0.1:$STACK_KAFKA_PORT (controller 127.0.0.1:$STACK_KAFKA_CONTROLLER_PORT)"
  log_header start kafka
  # shellcheck disable=SC2086  # STACK_KAFKA_JAVA_OPTS is a list of JVM options: split on purpose
  ( cd "$STACK_DIR" && exec setsid nohup "$JAVA" $STACK_KAFKA_JAVA_OPTS -Djava.awt.headless=true \
      -Dstack.dir="$STACK_DIR" -Dstack.component=kafka \
      -Dlog4j2.configurationFile="$KAFKA_CONF_DIR/log4j2.properties" -Dkafka.logs.dir="$LOG_DIR" \
      -cp "$KAFKA_LIBS/*" kafka.Kafka "$KAFKA_CONF_DIR/server.properties" \
      >>"$LOG_DIR/kafka.log" 2>&1 </dev/null 9>&- ) &
  await_exec $! kafka
  wait_kafka_ready
}

wait_kafka_ready() {
  local deadline=$((SECONDS + STACK_READY_TIMEOUT)) pid
  while ((SECONDS < deadline)); do
    sleep 1
    if ! pid=$(running_pid kafka); then tail_log kafka 40; die "kafka exited while starting (see $LOG_DIR/kafka.log)"; fi
    port_open "$STACK_KAFKA_PORT" || continue
    if topic_cmd --list >/dev/null 2>>"$LOG_DIR/kafka-tools.log"; then
      ok "kafka running (pid $pid, port $STACK_KAFKA_PORT)"
      return 0
    fi
  done
  tail_log kafka 40
  die "kafka is not ready after ${STACK_READY_TIMEOUT}s (see $LOG_DIR/kafka.log)"
}

ensure_topics() {
  local existing t
  existing=$(topic_cmd --list 2>>"$LOG_DIR/kafka-tools.log") || die "could not list the Kafka topics (see $LOG_DIR/kafka-tools.log)"
  for t in "${TOPICS[@]}"; do
    if grep -qxF "$t" <<<"$existing"; then
      ok "topic $t exists"
    else
      topic_cmd --create --if-not-exists --topic "$t" --partitions "$TOPIC_PARTITIONS" --replication-factor 1 \
        >/dev/null 2>>"$LOG_DIR/kafka-tools.log" || die "could not create topic $t (see $LOG_DIR/kafka-tools.log)"
      ok "topic $t created ($TOPIC_PARTITIONS partitions)"
    fi
  done
}

stop_kafka() {
  local pid
  if ! pid=$(running_pid kafka); then say "  kafka is not running"; rm -f "$RUN_DIR/kafka.pid"; return 0; fi
  say "  stopping kafka (pid $pid, SIGTERM: controlled shutdown)"
  terminate kafka "$pid" 60 || true
  rm -f "$RUN_DIR/kafka.pid"
}
