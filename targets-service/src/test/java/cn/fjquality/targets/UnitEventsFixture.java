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

    /** The places the tests use, as the seeded registry has them (type, parent, division code); other codes are departments. */
    private static final Map<String, String[]> PLACES = Map.of(
            "FJ", new String[] {"PROVINCE", null, "350000"},
            "FJ-FUZHOU", new String[] {"CITY", "FJ", "350100"},
            "FJ-XIAMEN", new String[] {"CITY", "FJ", "350200"},
            "FJ-NINGDE", new String[] {"CITY", "FJ", "350900"},
            "FJ-PINGTAN", new String[] {"CITY", "FJ", "350128"},
            "FJ-FUZHOU-GULOU", new String[] {"COUNTY", "FJ-FUZHOU", "350102"},
            "FJ-FUZHOU-TAIJIANG", new String[] {"COUNTY", "FJ-FUZHOU", "350103"},
            // Only ProgressCacheTest's: it deactivates this county.
            "FJ-XIAMEN-SIMING", new String[] {"COUNTY", "FJ-XIAMEN", "350203"});
    /** The province and its four test cities: registered before anything else, so a roll-up's coverage is "of 4". */
    static final List<String> PROVINCE_AND_CITIES = List.of("FJ", "FJ-FUZHOU", "FJ-XIAMEN", "FJ-NINGDE", "FJ-PINGTAN");

    static String envelope(UUID eventId, String type, String code, String activeFrom, String activeTo, long version) {
        String[] place = PLACES.getOrDefault(code, new String[] {"PROVINCIAL_DEPARTMENT", "FJ", null});
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("code", code);
        payload.put("nameZh", "测试单位" + code);
        payload.put("nameEn", "Test unit " + code);
        payload.put("type", place[0]);
        payload.put("parentCode", place[1]);
        payload.put("divisionCode", place[2]);
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
        List<String> wanted = new java.util.ArrayList<>(PROVINCE_AND_CITIES);
        wanted.addAll(java.util.Arrays.asList(codes));
        List<String> missing = wanted.stream().distinct().filter(c -> !REGISTERED.contains(c)).toList();
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
