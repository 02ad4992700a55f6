package cn.fjquality.reports.messaging;

import cn.fjquality.events.EventEnvelope;
import cn.fjquality.events.Topics;
import cn.fjquality.events.v1.MeasurementEventType;
import cn.fjquality.events.v1.MeasurementPayload;
import cn.fjquality.outbox.OutboxAppended;
import cn.fjquality.outbox.OutboxConfig;
import cn.fjquality.outbox.OutboxWriter;
import cn.fjquality.reports.domain.Measurement;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Writes {@code measurements.v1} events to the outbox in the caller's transaction (key = target code).
 * Imports write thousands of MeasurementRecorded rows per chunk, so those go in as one JDBC batch into the
 * same {@code outbox_event} table (same envelope as {@link OutboxWriter}); the relay publishes them.
 */
@ApplicationScoped
public class MeasurementEvents {
    private final OutboxWriter outbox;
    private final ObjectMapper mapper;
    private final OutboxConfig outboxConfig;
    private final Event<OutboxAppended> appended;

    public MeasurementEvents(OutboxWriter outbox, ObjectMapper mapper, OutboxConfig outboxConfig, Event<OutboxAppended> appended) {
        this.outbox = outbox;
        this.mapper = mapper;
        this.outboxConfig = outboxConfig;
        this.appended = appended;
    }

    /** MeasurementRecorded for each payload, on the given connection (which belongs to the current transaction). */
    public void recordedBatch(Connection c, List<MeasurementPayload> payloads) throws SQLException {
        if (payloads.isEmpty()) {
            return;
        }
        String type = MeasurementEventType.MeasurementRecorded.name();
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO outbox_event (event_id, topic, aggregate_code, event_type, envelope, occurred_at)
                VALUES (?, ?, ?, ?, ?, ?)""")) {
            for (MeasurementPayload p : payloads) {
                UUID eventId = UUID.randomUUID();
                Instant now = Instant.now();
                EventEnvelope envelope = new EventEnvelope(eventId, type, MeasurementEventType.SCHEMA_VERSION, now,
                        outboxConfig.producer(), p.targetCode(), mapper.valueToTree(p));
                ps.setObject(1, eventId);
                ps.setString(2, Topics.MEASUREMENTS);
                ps.setString(3, p.targetCode());
                ps.setString(4, type);
                ps.setString(5, json(envelope));
                ps.setTimestamp(6, Timestamp.from(now));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        // Like OutboxWriter: the relay publishes right after this transaction commits.
        appended.fire(new OutboxAppended(Topics.MEASUREMENTS));
    }

    /** MeasurementReviewed with the measurement's state after the review. */
    public void reviewed(Measurement m) {
        outbox.append(Topics.MEASUREMENTS, m.targetCode, MeasurementEventType.MeasurementReviewed,
                MeasurementEventType.SCHEMA_VERSION, payload(m));
    }

    public static MeasurementPayload payload(Measurement m) {
        return new MeasurementPayload(m.id.toString(), m.revision, m.targetCode, m.unitCode, m.period, m.value,
                m.numerator, m.denominator, m.status, m.followUp, m.submittedAt, m.submittedByKey);
    }

    private String json(Object o) {
        try {
            return mapper.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event cannot be serialized", e);
        }
    }
}
