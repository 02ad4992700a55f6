package cn.fjquality.reports.messaging;

import cn.fjquality.events.Topics;
import cn.fjquality.events.v1.MeasurementEventType;
import cn.fjquality.events.v1.MeasurementPayload;
import cn.fjquality.outbox.OutboxWriter;
import cn.fjquality.reports.domain.Measurement;
import cn.fjquality.reports.domain.MeasurementWriter;
import cn.fjquality.reports.domain.NewRevision;
import cn.fjquality.reports.domain.PgCopy;
import cn.fjquality.reports.domain.Submitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Writes {@code measurements.v1} events to the outbox in the caller's transaction (key = target code).
 * Imports write thousands of MeasurementRecorded rows per chunk: those go in as one JDBC batch.
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
     * MeasurementRecorded for each stored revision, on the current transaction's connection: from
     * {@link MeasurementWriter#BULK_MIN} revisions on with COPY, like the revisions themselves, else as one batch.
     */
    public void recorded(List<NewRevision> revisions, Submitter submitter) {
        List<MeasurementPayload> payloads = revisions.stream().map(r -> payload(r, submitter)).toList();
        em.unwrap(Session.class).doWork(c -> {
            if (payloads.size() >= MeasurementWriter.BULK_MIN) {
                recordedCopy(c, payloads);
            } else {
                recordedBatch(c, payloads);
            }
        });
    }

    private void recordedBatch(Connection c, List<MeasurementPayload> payloads) throws SQLException {
        outbox.appendBatch(c, Topics.MEASUREMENTS, MeasurementEventType.MeasurementRecorded,
                MeasurementEventType.SCHEMA_VERSION, payloads, MeasurementPayload::targetCode);
    }

    /** Like {@link #recordedBatch}, but loads the rows with COPY (for import chunks: far cheaper per event than INSERT). */
    private void recordedCopy(Connection c, List<MeasurementPayload> payloads) throws SQLException {
        if (payloads.isEmpty()) {
            return;
        }
        PgCopy copy = new PgCopy("outbox_event", "event_id, topic, aggregate_code, event_type, envelope, occurred_at");
        for (OutboxWriter.Row row : outbox.rows(Topics.MEASUREMENTS, MeasurementEventType.MeasurementRecorded,
                MeasurementEventType.SCHEMA_VERSION, payloads, MeasurementPayload::targetCode)) {
            copy.raw(row.eventId()).text(row.topic()).text(row.aggregateCode()).text(row.eventType()).text(row.envelope())
                    .raw(row.occurredAt());
            copy.endRow();
        }
        copy.copy(c);
        outbox.appended(Topics.MEASUREMENTS);
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
