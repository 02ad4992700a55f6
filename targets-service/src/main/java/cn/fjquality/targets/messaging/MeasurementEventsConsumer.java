package cn.fjquality.targets.messaging;

import cn.fjquality.events.EventEnvelope;
import cn.fjquality.outbox.EventCodec;
import cn.fjquality.targets.service.ProgressService;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes {@code measurements.v1} into the progress projection. Malformed events (not an envelope, no
 * target/unit/value, a bad period) are logged and skipped; other failures (e.g. the database away) are
 * retried with backoff before the record is given up, so a short outage loses nothing and a poison record
 * cannot stop the channel.
 */
@ApplicationScoped
public class MeasurementEventsConsumer {
    private static final Logger LOG = Logger.getLogger(MeasurementEventsConsumer.class);
    static final int MAX_ATTEMPTS = 30;

    private final EventCodec codec;
    private final ProgressService service;

    public MeasurementEventsConsumer(EventCodec codec, ProgressService service) {
        this.codec = codec;
        this.service = service;
    }

    @Incoming("measurements-in")
    @Blocking
    public void consume(String value) {
        if (value == null) {
            return;
        }
        EventEnvelope envelope;
        try {
            envelope = codec.envelope(value);
        } catch (IllegalArgumentException e) {
            LOG.warnf("measurements.v1: skipping a record that is not an event envelope (%s)", e.getMessage());
            return;
        }
        long backoffMs = 200;
        for (int attempt = 1; ; attempt++) {
            try {
                service.apply(envelope);
                return;
            } catch (IllegalArgumentException e) {
                LOG.warnf("measurements.v1: skipping event %s: %s", envelope.eventId(), e.getMessage());
                return;
            } catch (RuntimeException e) {
                if (attempt >= MAX_ATTEMPTS) {
                    LOG.errorf(e, "measurements.v1: giving up on event %s after %d attempts", envelope.eventId(), attempt);
                    return;
                }
                LOG.warnf("measurements.v1: event %s not applied (attempt %d), retrying: %s", envelope.eventId(), attempt, e.getMessage());
                sleep(backoffMs);
                backoffMs = Math.min(backoffMs * 2, 10_000);
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
