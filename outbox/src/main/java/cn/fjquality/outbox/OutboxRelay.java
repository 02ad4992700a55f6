package cn.fjquality.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Publishes unpublished outbox rows in commit order. Each batch is claimed with
 * {@code FOR UPDATE SKIP LOCKED} (so several instances can run), sent with the idempotent producer
 * and acks=all, and marked published only after every record of the batch is acknowledged; if the
 * broker is away the transaction rolls back and the rows are tried again later.
 * <p>
 * It runs right after every commit that appended an event (so propagation takes milliseconds, not a
 * polling interval) and once a second as a safety net. A failed batch closes the producer at once,
 * dropping what it still buffers: otherwise those records would reach Kafka later <em>and</em> be sent
 * again by the retry. A row can still be published twice (a batch acknowledged just as its commit
 * fails); consumers deduplicate on the event id.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final EntityManager em;
    private final MeterRegistry registry;
    private final OutboxConfig config;
    private final String bootstrapServers;
    private final Counter published;
    private final Counter failures;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong oldestPendingEpochMillis = new AtomicLong();
    private volatile KafkaProducer<String, byte[]> producer;
    private volatile KafkaClientMetrics producerMetrics;
    private volatile boolean failing;
    /** Set at shutdown: the persistence unit is closing, a tick now would only report a false failure. */
    private volatile boolean stopping;
    private final ReentrantLock draining = new ReentrantLock();
    private final AtomicBoolean rerun = new AtomicBoolean();
    private final AtomicBoolean nudgeQueued = new AtomicBoolean();
    private final ExecutorService nudges = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "outbox-relay");
        t.setDaemon(true);
        return t;
    });

    public OutboxRelay(EntityManager em, OutboxConfig config, MeterRegistry registry,
                       @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.em = em;
        this.registry = registry;
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.published = Counter.builder("outbox_events_published").description("Outbox events acknowledged by Kafka").register(registry);
        this.failures = Counter.builder("outbox_publish_failures").description("Outbox batches given back because Kafka did not acknowledge them").register(registry);
        Gauge.builder("outbox_events_pending", pending, AtomicLong::get).description("Outbox events not yet published").register(registry);
        Gauge.builder("outbox_oldest_pending_age_seconds", oldestPendingEpochMillis,
                        v -> v.get() == 0 ? 0 : Math.max(0, (System.currentTimeMillis() - v.get()) / 1000.0))
                .description("Age of the oldest unpublished outbox event").register(registry);
    }

    void onCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) OutboxAppended appended) {
        if (config.relay().enabled() && nudgeQueued.compareAndSet(false, true)) {
            nudges.execute(() -> {
                nudgeQueued.set(false);
                tick();
            });
        }
    }

    @Scheduled(every = "${outbox.relay.interval:1s}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledTick() {
        tick();
    }

    /**
     * Drains the outbox. Calls that find a drain already running only ask it to go round once more,
     * so nothing appended meanwhile waits for the next scheduled tick.
     */
    void tick() {
        if (!config.relay().enabled() || stopping) {
            return;
        }
        rerun.set(true);
        while (rerun.get() && draining.tryLock()) {
            try {
                while (rerun.getAndSet(false)) {
                    drain();
                }
            } finally {
                draining.unlock();
            }
        }
    }

    private void drain() {
        try {
            while (publishBatch()) {
                // a full batch: more may be waiting
            }
            if (failing) {
                LOG.info("outbox relay: Kafka acknowledges again, publishing resumed");
                failing = false;
            }
        } catch (RuntimeException e) {
            discardProducer();
            if (stopping) {
                return;
            }
            failures.increment();
            if (!failing) {
                LOG.warnf("outbox relay: batch not acknowledged, will retry (%s)", rootMessage(e));
                failing = true;
            }
        }
    }

    /** Closes the producer without waiting, so records of a failed batch it still buffers are never sent. */
    private synchronized void discardProducer() {
        KafkaProducer<String, byte[]> p = producer;
        producer = null;
        if (producerMetrics != null) {
            producerMetrics.close();
            producerMetrics = null;
        }
        if (p != null) {
            p.close(Duration.ZERO);
        }
    }

    /**
     * The oldest unpublished rows, at most {@code batch-size} of them and, once they add up to {@code batch-bytes} of
     * envelopes, no more (always at least one): a batch of large events (an import's, up to 500 values each) must not
     * hold hundreds of MB at once. The rows claimed beyond the bytes are unlocked again at commit, still unpublished and
     * first in line.
     */
    private static final String CLAIM = """
            WITH claimed AS (
                SELECT id, octet_length(envelope) AS bytes FROM outbox_event WHERE published_at IS NULL
                ORDER BY id LIMIT :n FOR UPDATE SKIP LOCKED),
            sized AS (SELECT id, sum(bytes) OVER (ORDER BY id) - bytes AS before FROM claimed)
            SELECT o.* FROM outbox_event o JOIN sized s ON s.id = o.id WHERE s.before < :bytes ORDER BY o.id""";

    /** Claims, publishes and marks one batch; whether it was full (by count or by bytes), so that more may be waiting. */
    private boolean publishBatch() {
        long budget = config.relay().batchBytes().asLongValue();
        return QuarkusTransaction.requiringNew().timeout((int) config.relay().sendTimeout().toSeconds() + 30).call(() -> {
            @SuppressWarnings("unchecked")
            List<OutboxEvent> batch = em.createNativeQuery(CLAIM, OutboxEvent.class)
                    .setParameter("n", config.relay().batchSize())
                    .setParameter("bytes", budget)
                    .getResultList();
            if (batch.isEmpty()) {
                return false;
            }
            List<Future<RecordMetadata>> acks = new ArrayList<>(batch.size());
            long bytes = 0;
            for (OutboxEvent row : batch) {
                byte[] envelope = row.envelope.getBytes(StandardCharsets.UTF_8);
                bytes += envelope.length;
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(row.topic, row.aggregateCode, envelope);
                record.headers().add(new RecordHeader("event-id", row.eventId.toString().getBytes(StandardCharsets.UTF_8)));
                record.headers().add(new RecordHeader("event-type", row.eventType.getBytes(StandardCharsets.UTF_8)));
                acks.add(producer().send(record));
            }
            long deadline = System.nanoTime() + config.relay().sendTimeout().toNanos();
            for (Future<RecordMetadata> ack : acks) {
                ack.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            List<Long> ids = batch.stream().map(r -> r.id).toList();
            em.createNativeQuery("UPDATE outbox_event SET published_at = now() WHERE id IN (:ids)")
                    .setParameter("ids", ids)
                    .executeUpdate();
            published.increment(batch.size());
            // Cut by bytes only if they reached the budget: a row left out started at or past it.
            return batch.size() == config.relay().batchSize() || bytes >= budget;
        });
    }

    @Scheduled(every = "1h", delayed = "1m")
    void deleteOldPublished() {
        Instant cutoff = Instant.now().minus(config.relay().retention());
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                        "DELETE FROM outbox_event WHERE published_at IS NOT NULL AND published_at < :cutoff")
                .setParameter("cutoff", Timestamp.from(cutoff))
                .executeUpdate());
    }

    /** Backlog gauges, read on their own schedule so a relay waiting on an absent broker does not freeze them. */
    @Scheduled(every = "${outbox.stats.interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refreshStats() {
        if (stopping) {
            return;
        }
        try {
            Object[] row = QuarkusTransaction.requiringNew().call(() -> (Object[]) em.createNativeQuery(
                    "SELECT count(*), min(occurred_at) FROM outbox_event WHERE published_at IS NULL").getSingleResult());
            pending.set(((Number) row[0]).longValue());
            oldestPendingEpochMillis.set(row[1] == null ? 0 : toInstant(row[1]).toEpochMilli());
        } catch (RuntimeException e) {
            LOG.debugf("outbox stats not read: %s", e.getMessage());
        }
    }

    private static Instant toInstant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        return Instant.parse(value.toString());
    }

    private KafkaProducer<String, byte[]> producer() {
        KafkaProducer<String, byte[]> p = producer;
        if (p == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = new KafkaProducer<>(producerProperties());
                    // kafka_producer_* meters (record errors, retries, request latency) for the relay's producer.
                    producerMetrics = new KafkaClientMetrics(producer);
                    producerMetrics.bindTo(registry);
                }
                p = producer;
            }
        }
        return p;
    }

    private Properties producerProperties() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, config.producer() + "-outbox-relay");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        long timeoutMs = config.relay().sendTimeout().toMillis();
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.min(5000L, timeoutMs));
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(5000L, timeoutMs));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(timeoutMs, 5000L + 5));
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        // The relay encodes each envelope itself (it counts the bytes of a batch against outbox.relay.batch-bytes).
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return props;
    }

    void close(@Observes ShutdownEvent ignored) {
        stopping = true;
        nudges.shutdownNow();
        KafkaProducer<String, byte[]> p = producer;
        if (p != null) {
            p.close(Duration.ofSeconds(5));
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
