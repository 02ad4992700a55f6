package cn.fjquality.targets;

import cn.fjquality.testsupport.TestKafka;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/** Plays units-service: publishes units.v1 envelopes to the real broker, as its outbox relay would. */
final class UnitEventsFixture {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> REGISTERED = new HashSet<>();
    private static KafkaProducer<String, String> producer;

    private UnitEventsFixture() {
    }

    static synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            producer = new KafkaProducer<>(p);
        }
        return producer;
    }

    static String envelope(UUID eventId, String type, String code, String activeFrom, String activeTo, long version) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("code", code);
        payload.put("nameZh", "测试单位" + code);
        payload.put("nameEn", "Test unit " + code);
        payload.put("type", "PROVINCIAL_DEPARTMENT");
        payload.put("parentCode", "FJ");
        payload.put("activeFrom", activeFrom);
        payload.put("activeTo", activeTo);
        payload.put("version", version);
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("eventId", eventId.toString());
        env.put("type", type);
        env.put("schemaVersion", 1);
        env.put("occurredAt", Instant.now().toString());
        env.put("producer", "units-service");
        env.put("aggregateCode", code);
        env.put("payload", payload);
        try {
            return JSON.writeValueAsString(env);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void send(String key, String value) {
        try {
            producer().send(new ProducerRecord<>("units.v1", key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not publish to units.v1", e);
        }
    }

    /** Registers active units (once per JVM) and waits until targets-service knows them. */
    static synchronized void ensureActive(String... codes) {
        List<String> missing = java.util.Arrays.stream(codes).filter(c -> !REGISTERED.contains(c)).toList();
        for (String code : missing) {
            send(code, envelope(UUID.randomUUID(), "UnitRegistered", code, "2018-11-01", null, 0));
        }
        if (missing.isEmpty()) {
            return;
        }
        String[] arr = missing.toArray(String[]::new);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> TestDb.count("SELECT count(*) FROM known_unit WHERE code = ANY(?)", (Object) arr) == arr.length);
        REGISTERED.addAll(missing);
    }
}
