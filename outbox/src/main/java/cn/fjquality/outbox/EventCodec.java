package cn.fjquality.outbox;

import cn.fjquality.events.EventEnvelope;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads envelopes and their payloads from record values. A tolerant reader: fields a payload carries that this
 * service's contract version does not know are ignored (the services' REST mappers refuse unknown fields, events must
 * not), so a producer can add an optional field before every consumer is upgraded.
 */
@ApplicationScoped
public class EventCodec {
    private final ObjectMapper mapper;

    public EventCodec(ObjectMapper mapper) {
        this.mapper = mapper.copy().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    public EventEnvelope envelope(String json) {
        try {
            return mapper.readValue(json, EventEnvelope.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an event envelope: " + e.getOriginalMessage(), e);
        }
    }

    public <T> T payload(EventEnvelope envelope, Class<T> type) {
        try {
            return mapper.treeToValue(envelope.payload(), type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("payload of " + envelope.type() + " is not a " + type.getSimpleName(), e);
        }
    }
}
