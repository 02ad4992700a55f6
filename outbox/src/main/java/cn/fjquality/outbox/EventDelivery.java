package cn.fjquality.outbox;

import cn.fjquality.events.EventEnvelope;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.function.Consumer;

/**
 * The consuming half every {@code @Incoming} method shares: parse the record's envelope and apply it, retrying with
 * backoff (200 ms doubling to 10 s).
 * <ul>
 *   <li>While the database does not answer, it retries for as long as it takes: an outage stalls the partition
 *       instead of losing the event, and the consumer recovers by itself when the database is back (the lag alert
 *       shows a stall that lasts).</li>
 *   <li>A record that fails {@code outbox.consumer.max-attempts} times while the database answers is a poison record:
 *       it goes to {@code <topic>.dlq} ({@link DeadLetters}) with the reason, and the partition moves on. So does at
 *       once a record that can never apply (not an envelope, or rejected by {@code apply} with an
 *       {@link IllegalArgumentException}). Nothing is dropped without its dead letter being acknowledged first.</li>
 *   <li>An interrupted wait (the service stopping) throws {@link ConsumerInterruptedException}: the record is neither
 *       applied nor acknowledged, and is delivered again after the restart.</li>
 * </ul>
 * {@code apply} must be idempotent, i.e. record the event id with {@link Inbox} in the same transaction as its effect.
 */
@ApplicationScoped
public class EventDelivery {
    private static final Logger LOG = Logger.getLogger(EventDelivery.class);
    private static final long FIRST_BACKOFF_MS = 200;
    private static final long MAX_BACKOFF_MS = 10_000;

    private final EventCodec codec;
    private final DeadLetters deadLetters;
    private final DatabaseProbe database;
    private final OutboxConfig config;

    public EventDelivery(EventCodec codec, DeadLetters deadLetters, DatabaseProbe database, OutboxConfig config) {
        this.codec = codec;
        this.deadLetters = deadLetters;
        this.database = database;
        this.config = config;
    }

    public void deliver(String topic, String value, Consumer<EventEnvelope> apply) {
        if (value == null) {
            return;
        }
        EventEnvelope envelope;
        try {
            envelope = codec.envelope(value);
        } catch (IllegalArgumentException e) {
            deadLetter(topic, null, value, "not an event envelope: " + e.getMessage(), 0);
            return;
        }
        long backoffMs = FIRST_BACKOFF_MS;
        int failures = 0;
        for (int attempt = 1; ; attempt++) {
            try {
                apply.accept(envelope);
                if (attempt > 1) {
                    LOG.infof("%s: event %s applied after %d attempts", topic, envelope.eventId(), attempt);
                }
                return;
            } catch (IllegalArgumentException e) {
                deadLetter(topic, envelope.aggregateCode(), value, "cannot apply " + envelope.type() + ": " + e.getMessage(), attempt);
                return;
            } catch (ConsumerInterruptedException e) {
                throw e;
            } catch (RuntimeException e) {
                boolean databaseUp = database.reachable();
                if (databaseUp) {
                    failures++;
                }
                if (failures >= config.consumer().maxAttempts()) {
                    deadLetter(topic, envelope.aggregateCode(), value, "failed " + failures + " times while the database answered: "
                            + rootMessage(e), attempt);
                    return;
                }
                if (attempt == 1 || attempt % 20 == 0) {
                    LOG.warnf("%s: event %s not applied (attempt %d, %s), will retry: %s", topic, envelope.eventId(), attempt,
                            databaseUp ? failures + " of " + config.consumer().maxAttempts() + " with the database up"
                                    : "database not answering", e.getMessage());
                }
                sleep(backoffMs, topic);
                backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
            }
        }
    }

    /** Publishes the record to the dead-letter topic, retrying until the broker acknowledges it. */
    private void deadLetter(String topic, String key, String value, String reason, int attempts) {
        long backoffMs = FIRST_BACKOFF_MS;
        for (int tries = 1; ; tries++) {
            try {
                deadLetters.send(topic, key, value, reason, attempts);
                LOG.errorf("%s: a record was given up to %s.dlq after %d attempt(s): %s", topic, topic, attempts, reason);
                return;
            } catch (IllegalStateException e) {
                if (tries == 1 || tries % 20 == 0) {
                    LOG.warnf("%s: dead letter not yet published (try %d), keeping the record: %s", topic, tries, e.getMessage());
                }
                sleep(backoffMs, topic);
                backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
            }
        }
    }

    private static void sleep(long ms, String topic) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConsumerInterruptedException(topic + ": interrupted while waiting to retry; the record stays unacknowledged", e);
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
