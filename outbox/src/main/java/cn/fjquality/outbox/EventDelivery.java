package cn.fjquality.outbox;

import cn.fjquality.events.EventEnvelope;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.function.Consumer;

/**
 * The consuming half every {@code @Incoming} method shares: parse the record's envelope and apply it,
 * retrying with backoff (200 ms doubling to 10 s) until it is applied. A database outage therefore stalls
 * the partition instead of losing the event, and the consumer recovers by itself when the database is
 * back (the lag alert shows a stall that lasts). What can never be applied (not an envelope, or rejected by
 * {@code apply} with an {@link IllegalArgumentException}) is logged and skipped so it cannot block the
 * partition. {@code apply} must be idempotent, i.e. record the event id with {@link Inbox} in the same
 * transaction as its effect.
 */
@ApplicationScoped
public class EventDelivery {
    private static final Logger LOG = Logger.getLogger(EventDelivery.class);
    private static final long MAX_BACKOFF_MS = 10_000;

    private final EventCodec codec;

    public EventDelivery(EventCodec codec) {
        this.codec = codec;
    }

    public void deliver(String topic, String value, Consumer<EventEnvelope> apply) {
        if (value == null) {
            return;
        }
        EventEnvelope envelope;
        try {
            envelope = codec.envelope(value);
        } catch (IllegalArgumentException e) {
            LOG.warnf("%s: skipping a record that is not an event envelope (%s)", topic, e.getMessage());
            return;
        }
        long backoffMs = 200;
        for (int attempt = 1; ; attempt++) {
            try {
                apply.accept(envelope);
                if (attempt > 1) {
                    LOG.infof("%s: event %s applied after %d attempts", topic, envelope.eventId(), attempt);
                }
                return;
            } catch (IllegalArgumentException e) {
                LOG.warnf("%s: skipping event %s (%s): %s", topic, envelope.eventId(), envelope.type(), e.getMessage());
                return;
            } catch (RuntimeException e) {
                if (attempt == 1 || attempt % 20 == 0) {
                    LOG.warnf("%s: event %s not applied (attempt %d), will retry: %s", topic, envelope.eventId(), attempt, e.getMessage());
                }
                sleep(backoffMs);
                backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry", e);
        }
    }
}
