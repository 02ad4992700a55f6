package cn.fjquality.outbox;

import cn.fjquality.events.EventEnvelope;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.UUID;

/** Appends events to the outbox inside the caller's transaction, so the change and its event commit together. */
@ApplicationScoped
public class OutboxWriter {
    private final EntityManager em;
    private final ObjectMapper mapper;
    private final OutboxConfig config;
    private final Event<OutboxAppended> appended;

    public OutboxWriter(EntityManager em, ObjectMapper mapper, OutboxConfig config, Event<OutboxAppended> appended) {
        this.em = em;
        this.mapper = mapper;
        this.config = config;
        this.appended = appended;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public UUID append(String topic, String aggregateCode, Enum<?> type, int schemaVersion, Object payload) {
        UUID eventId = UUID.randomUUID();
        Instant now = Instant.now();
        OutboxEvent row = new OutboxEvent();
        row.eventId = eventId;
        row.topic = topic;
        row.aggregateCode = aggregateCode;
        row.eventType = type.name();
        row.occurredAt = now;
        row.envelope = envelope(eventId, type, schemaVersion, now, aggregateCode, payload);
        em.persist(row);
        appended.fire(new OutboxAppended(topic));
        return eventId;
    }

    /**
     * Appends one event per payload with a single JDBC batch on {@code connection}, which must belong to the
     * current transaction: for bulk writers (imports) for which one entity persist per event is too slow.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public <T> void appendBatch(Connection connection, String topic, Enum<?> type, int schemaVersion,
                                List<T> payloads, Function<T, String> aggregateCode) throws SQLException {
        if (payloads.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement("""
                INSERT INTO outbox_event (event_id, topic, aggregate_code, event_type, envelope, occurred_at)
                VALUES (?, ?, ?, ?, ?, ?)""")) {
            for (Row row : rows(topic, type, schemaVersion, payloads, aggregateCode)) {
                ps.setObject(1, row.eventId());
                ps.setString(2, row.topic());
                ps.setString(3, row.aggregateCode());
                ps.setString(4, row.eventType());
                ps.setString(5, row.envelope());
                ps.setTimestamp(6, Timestamp.from(row.occurredAt()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        appended.fire(new OutboxAppended(topic));
    }

    private record Row(UUID eventId, String topic, String aggregateCode, String eventType, String envelope, Instant occurredAt) {
    }

    private <T> List<Row> rows(String topic, Enum<?> type, int schemaVersion, List<T> payloads, Function<T, String> aggregateCode) {
        List<Row> rows = new java.util.ArrayList<>(payloads.size());
        for (T payload : payloads) {
            UUID eventId = UUID.randomUUID();
            Instant now = Instant.now();
            String key = aggregateCode.apply(payload);
            rows.add(new Row(eventId, topic, key, type.name(), envelope(eventId, type, schemaVersion, now, key, payload), now));
        }
        return rows;
    }

    private String envelope(UUID eventId, Enum<?> type, int schemaVersion, Instant occurredAt, String aggregateCode, Object payload) {
        EventEnvelope envelope = new EventEnvelope(eventId, type.name(), schemaVersion, occurredAt,
                config.producer(), aggregateCode, mapper.valueToTree(payload));
        try {
            return mapper.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event payload cannot be serialized", e);
        }
    }
}
