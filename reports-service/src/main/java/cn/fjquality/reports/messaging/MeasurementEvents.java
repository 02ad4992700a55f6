package cn.fjquality.reports.messaging;

import cn.fjquality.events.Topics;
import cn.fjquality.events.v1.MeasurementBatchPayload;
import cn.fjquality.events.v1.MeasurementEventType;
import cn.fjquality.events.v1.MeasurementPayload;
import cn.fjquality.outbox.OutboxWriter;
import cn.fjquality.reports.domain.Measurement;
import cn.fjquality.reports.domain.MeasurementWriter;
import cn.fjquality.reports.domain.NewRevision;
import cn.fjquality.reports.domain.Submitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code measurements.v1} events to the outbox in the caller's transaction (key = target code).
 */
@ApplicationScoped
public class MeasurementEvents {
    private final OutboxWriter outbox;
    private final EntityManager em;

    public MeasurementEvents(OutboxWriter outbox, EntityManager em) {
        this.outbox = outbox;
        this.em = em;
    }

    /**
     * The events of revisions stored in one transaction, on its connection: below {@link MeasurementWriter#BULK_MIN}
     * revisions one MeasurementRecorded each; from there on (import chunks) one MeasurementsRecorded per target and
     * {@link MeasurementBatchPayload#MAX_ITEMS} revisions, so a chunk costs a few outbox rows, Kafka records and
     * consumer inbox rows instead of one per value. Each item is exactly the single event's payload.
     */
    public void recorded(List<NewRevision> revisions, Submitter submitter) {
        List<MeasurementPayload> payloads = revisions.stream().map(r -> payload(r, submitter)).toList();
        if (payloads.isEmpty()) {
            return;
        }
        em.unwrap(Session.class).doWork(c -> {
            if (payloads.size() >= MeasurementWriter.BULK_MIN) {
                outbox.appendBatch(c, Topics.MEASUREMENTS, MeasurementEventType.MeasurementsRecorded,
                        MeasurementEventType.SCHEMA_VERSION, batches(payloads), MeasurementBatchPayload::targetCode);
            } else {
                outbox.appendBatch(c, Topics.MEASUREMENTS, MeasurementEventType.MeasurementRecorded,
                        MeasurementEventType.SCHEMA_VERSION, payloads, MeasurementPayload::targetCode);
            }
        });
    }

    /** The payloads by target (targets in first-stored order, each one's revisions in stored order), split at the item limit. */
    static List<MeasurementBatchPayload> batches(List<MeasurementPayload> payloads) {
        Map<String, List<MeasurementPayload>> byTarget = new LinkedHashMap<>();
        for (MeasurementPayload p : payloads) {
            byTarget.computeIfAbsent(p.targetCode(), t -> new ArrayList<>()).add(p);
        }
        List<MeasurementBatchPayload> batches = new ArrayList<>();
        byTarget.forEach((target, items) -> {
            for (int from = 0; from < items.size(); from += MeasurementBatchPayload.MAX_ITEMS) {
                batches.add(new MeasurementBatchPayload(target,
                        List.copyOf(items.subList(from, Math.min(items.size(), from + MeasurementBatchPayload.MAX_ITEMS)))));
            }
        });
        return batches;
    }

    /** MeasurementReviewed with the measurement's state after the review. */
    public void reviewed(Measurement m) {
        outbox.append(Topics.MEASUREMENTS, m.targetCode, MeasurementEventType.MeasurementReviewed,
                MeasurementEventType.SCHEMA_VERSION, payload(m));
    }

    private static MeasurementPayload payload(NewRevision r, Submitter s) {
        return new MeasurementPayload(r.id().toString(), r.revision(), r.target(), r.unit(), r.period().id(), r.value(),
                r.numerator(), r.denominator(), Measurement.SUBMITTED, r.followUp(), s.at(), s.keyId(), r.place());
    }

    public static MeasurementPayload payload(Measurement m) {
        return new MeasurementPayload(m.id.toString(), m.revision, m.targetCode, m.unitCode, m.period, m.value,
                m.numerator, m.denominator, m.status, m.followUp, m.submittedAt, m.submittedByKey, m.placeCode);
    }
}
