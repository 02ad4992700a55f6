package cn.fjquality.targets.messaging;

import cn.fjquality.events.EventEnvelope;
import cn.fjquality.events.Topics;
import cn.fjquality.outbox.EventCodec;
import cn.fjquality.outbox.EventDelivery;
import cn.fjquality.targets.service.ProgressService;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

/**
 * Consumes {@code measurements.v1} into the progress projection, one poll at a time (channel in batch mode): the whole
 * poll in one transaction ({@link ProgressService#applyAll}), a target's assessments recomputed once per poll. When that
 * fails for any reason the poll's records are applied one by one through {@link EventDelivery} (parsing, skipping what
 * can never apply, retrying through outages), so one bad record or an outage behaves exactly as without batching.
 */
@ApplicationScoped
public class MeasurementEventsConsumer {
    private static final Logger LOG = Logger.getLogger(MeasurementEventsConsumer.class);

    private final EventDelivery delivery;
    private final EventCodec codec;
    private final ProgressService service;

    public MeasurementEventsConsumer(EventDelivery delivery, EventCodec codec, ProgressService service) {
        this.delivery = delivery;
        this.codec = codec;
        this.service = service;
    }

    @Incoming("measurements-in")
    @Blocking
    public void consume(List<String> values) {
        if (values.size() > 1 && appliedTogether(values)) {
            return;
        }
        for (String value : values) {
            delivery.deliver(Topics.MEASUREMENTS, value, service::apply);
        }
    }

    private boolean appliedTogether(List<String> values) {
        List<EventEnvelope> envelopes = new ArrayList<>(values.size());
        try {
            for (String value : values) {
                if (value == null) {
                    return false;
                }
                envelopes.add(codec.envelope(value));
            }
            service.applyAll(envelopes);
            return true;
        } catch (RuntimeException e) {
            LOG.debugf("measurements.v1: a poll of %d records did not apply together (%s); applying them one by one",
                    values.size(), e.getMessage());
            return false;
        }
    }
}
