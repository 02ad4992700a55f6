package cn.fjquality.events;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.UUID;

/**
 * The JSON envelope every event on every topic is wrapped in.
 *
 * @param eventId       unique per event; consumers deduplicate on it
 * @param type          event type, e.g. {@code UnitRegistered}
 * @param schemaVersion version of the payload schema for this type
 * @param occurredAt    when the business change committed
 * @param producer      the service that produced it
 * @param aggregateCode the aggregate's code, also the Kafka record key
 * @param payload       the type-specific payload (see {@code cn.fjquality.events.v1})
 */
public record EventEnvelope(
        UUID eventId,
        String type,
        int schemaVersion,
        Instant occurredAt,
        String producer,
        String aggregateCode,
        JsonNode payload) {
}
