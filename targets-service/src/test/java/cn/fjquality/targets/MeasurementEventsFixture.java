package cn.fjquality.targets;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/** Plays reports-service: publishes measurements.v1 envelopes (key = target code) to the real broker. */
final class MeasurementEventsFixture {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String CONSUMER = "targets-service.measurements";

    private MeasurementEventsFixture() {
    }

    /** One measurement revision, as reports-service's MeasurementPayload; {@code place} null: an event without placeCode. */
    record M(String target, String unit, String period, int revision, BigDecimal value, BigDecimal numerator,
             BigDecimal denominator, String status, Instant submittedAt, String place) {

        M(String target, String unit, String period, int revision, BigDecimal value, BigDecimal numerator,
          BigDecimal denominator, String status, Instant submittedAt) {
            this(target, unit, period, revision, value, numerator, denominator, status, submittedAt, null);
        }

        /** The same value naming the place it describes. */
        M at(String placeCode) {
            return new M(target, unit, period, revision, value, numerator, denominator, status, submittedAt, placeCode);
        }

        M revised(int rev, long newValue) {
            return new M(target, unit, period, rev, BigDecimal.valueOf(newValue), null, null, status, submittedAt, place);
        }

        static M rate(String target, String unit, String period, int revision, long num, long den, Instant submittedAt) {
            BigDecimal n = BigDecimal.valueOf(num);
            BigDecimal d = BigDecimal.valueOf(den);
            return new M(target, unit, period, revision, n.multiply(BigDecimal.valueOf(100)).divide(d, 6, java.math.RoundingMode.HALF_UP),
                    n, d, "SUBMITTED", submittedAt);
        }

        static M amount(String target, String unit, String period, int revision, long value, Instant submittedAt) {
            return new M(target, unit, period, revision, BigDecimal.valueOf(value), null, null, "SUBMITTED", submittedAt);
        }

        M withStatus(String s) {
            return new M(target, unit, period, revision, value, numerator, denominator, s, submittedAt, place);
        }
    }

    static String envelope(UUID eventId, String type, M m, Instant occurredAt) {
        return envelope(eventId, type, m.target(), payload(m), occurredAt);
    }

    /** MeasurementsRecorded: several revisions of one target in one event, as reports-service writes an import chunk's. */
    static String batchEnvelope(UUID eventId, String target, List<M> items, Instant occurredAt) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("targetCode", target);
        payload.put("measurements", items.stream().map(MeasurementEventsFixture::payload).toList());
        return envelope(eventId, "MeasurementsRecorded", target, payload, occurredAt);
    }

    private static Map<String, Object> payload(M m) {
        Map<String, Object> payload = new LinkedHashMap<>();
        // reports-service: one measurement per (target, unit, place, period); its id stays with every revision
        String key = m.target() + m.unit() + m.period() + (m.place() == null ? "" : "@" + m.place());
        payload.put("measurementId", UUID.nameUUIDFromBytes(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString());
        payload.put("revision", m.revision());
        payload.put("targetCode", m.target());
        payload.put("unitCode", m.unit());
        payload.put("period", m.period());
        payload.put("value", m.value());
        payload.put("numerator", m.numerator());
        payload.put("denominator", m.denominator());
        payload.put("status", m.status());
        payload.put("followUp", false);
        payload.put("submittedAt", m.submittedAt().toString());
        payload.put("submittedByKey", "testkey00001");
        if (m.place() != null) {
            payload.put("placeCode", m.place());
        }
        return payload;
    }

    private static String envelope(UUID eventId, String type, String target, Map<String, Object> payload, Instant occurredAt) {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("eventId", eventId.toString());
        env.put("type", type);
        env.put("schemaVersion", 1);
        env.put("occurredAt", occurredAt.toString());
        env.put("producer", "reports-service");
        env.put("aggregateCode", target);
        env.put("payload", payload);
        try {
            return JSON.writeValueAsString(env);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void send(String key, String value) {
        try {
            UnitEventsFixture.producer().send(new ProducerRecord<>("measurements.v1", key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not publish to measurements.v1", e);
        }
    }

    /** Publishes MeasurementRecorded and waits until targets-service has processed it (applied or ignored). */
    static UUID recorded(M m) {
        UUID id = UUID.randomUUID();
        send(m.target(), envelope(id, "MeasurementRecorded", m, Instant.now()));
        awaitProcessed(id);
        return id;
    }

    static UUID reviewed(M m) {
        UUID id = UUID.randomUUID();
        send(m.target(), envelope(id, "MeasurementReviewed", m, Instant.now()));
        awaitProcessed(id);
        return id;
    }

    static void awaitProcessed(UUID eventId) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> TestDb.count("SELECT count(*) FROM processed_event WHERE consumer = ? AND event_id = ?",
                        CONSUMER, eventId) == 1);
    }
}
