package cn.fjquality.targets.messaging;

import cn.fjquality.events.EventEnvelope;
import cn.fjquality.events.Topics;
import cn.fjquality.outbox.EventCodec;
import cn.fjquality.outbox.EventDelivery;
import cn.fjquality.targets.config.ProgressConfig;
import cn.fjquality.targets.domain.progress.TargetGroups;
import cn.fjquality.targets.service.ProgressService;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

/**
 * Consumes {@code measurements.v1} into the progress projection, one poll at a time (channel in batch mode): the poll in
 * transactions of at most {@code progress.consumer.targets-per-transaction} targets ({@link TargetGroups},
 * {@link ProgressService#applyAll}), a target's assessments recomputed once per transaction. When a transaction fails
 * for any reason its records are applied one by one through {@link EventDelivery} (parsing, skipping what can never
 * apply, retrying through outages), so one bad record or an outage behaves exactly as without batching.
 */
@ApplicationScoped
public class MeasurementEventsConsumer {
    private static final Logger LOG = Logger.getLogger(MeasurementEventsConsumer.class);

    private final EventDelivery delivery;
    private final EventCodec codec;
    private final ProgressService service;
    private final ProgressConfig config;

    public MeasurementEventsConsumer(EventDelivery delivery, EventCodec codec, ProgressService service, ProgressConfig config) {
        this.delivery = delivery;
        this.codec = codec;
        this.service = service;
        this.config = config;
    }

    @Incoming("measurements-in")
    @Blocking
    public void consume(List<String> values) {
        List<Polled> polled = values.size() > 1 ? envelopes(values) : null;
        if (polled == null) {
            values.forEach(this::deliverAlone);
            return;
        }
        int perTransaction = config.consumer().targetsPerTransaction();
        for (List<Polled> group : TargetGroups.of(polled, p -> ProgressService.targetOf(p.envelope()), perTransaction)) {
            if (!appliedTogether(group)) {
                group.forEach(p -> deliverAlone(p.raw()));
            }
        }
    }

    /** A record of the poll and its envelope. */
    private record Polled(String raw, EventEnvelope envelope) {
    }

    private void deliverAlone(String value) {
        delivery.deliver(Topics.MEASUREMENTS, value, service::apply);
    }

    /** The poll's envelopes, or null when a record is not one (the records then go one by one, as the delivery decides). */
    private List<Polled> envelopes(List<String> values) {
        List<Polled> envelopes = new ArrayList<>(values.size());
        try {
            for (String value : values) {
                if (value == null) {
                    return null;
                }
                envelopes.add(new Polled(value, codec.envelope(value)));
            }
            return envelopes;
        } catch (RuntimeException e) {
            LOG.debugf("measurements.v1: a record of a poll of %d is not an envelope (%s); applying them one by one",
                    values.size(), e.getMessage());
            return null;
        }
    }

    private boolean appliedTogether(List<Polled> group) {
        try {
            service.applyAll(group.stream().map(Polled::envelope).toList());
            return true;
        } catch (RuntimeException e) {
            LOG.debugf("measurements.v1: %d records did not apply together (%s); applying them one by one",
                    group.size(), e.getMessage());
            return false;
        }
    }
}
