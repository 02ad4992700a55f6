package cn.fjquality.outbox;

import cn.fjquality.events.EventEnvelope;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
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
        EventEnvelope envelope = new EventEnvelope(eventId, type.name(), schemaVersion, now,
                config.producer(), aggregateCode, mapper.valueToTree(payload));
        OutboxEvent row = new OutboxEvent();
        row.eventId = eventId;
        row.topic = topic;
        row.aggregateCode = aggregateCode;
        row.eventType = type.name();
        row.occurredAt = now;
        try {
            row.envelope = mapper.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event payload cannot be serialized", e);
        }
        em.persist(row);
        appended.fire(new OutboxAppended(topic));
        return eventId;
    }
}
