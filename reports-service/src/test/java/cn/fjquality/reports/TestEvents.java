package cn.fjquality.reports;

import cn.fjquality.events.EventEnvelope;
import cn.fjquality.events.Topics;
import cn.fjquality.events.v1.TargetEventType;
import cn.fjquality.events.v1.TargetPayload;
import cn.fjquality.events.v1.UnitEventType;
import cn.fjquality.events.v1.UnitPayload;
import cn.fjquality.testsupport.TestKafka;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Publishes units.v1 and targets.v1 events as units-service and targets-service would: valid envelopes, key = code. */
public final class TestEvents {
    static final ObjectMapper MAPPER = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static KafkaProducer<String, String> producer;

    private TestEvents() {
    }

    static synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            producer = new KafkaProducer<>(props);
        }
        return producer;
    }

    public static UUID send(String topic, String key, String type, String producerName, Object payload) {
        UUID id = UUID.randomUUID();
        sendRaw(topic, key, envelope(id, key, type, producerName, payload));
        return id;
    }

    /** The record value of an event, to send (and re-send) as it is. */
    public static String envelope(UUID id, String key, String type, String producerName, Object payload) {
        return json(new EventEnvelope(id, type, 1, Instant.now(), producerName, key, MAPPER.valueToTree(payload)));
    }

    /** @return the partition the record went to */
    public static int sendRaw(String topic, String key, String value) {
        return sendRaw(topic, null, key, value);
    }

    public static int sendRaw(String topic, Integer partition, String key, String value) {
        try {
            return producer().send(new ProducerRecord<>(topic, partition, key, value)).get(10, TimeUnit.SECONDS).partition();
        } catch (Exception e) {
            throw new IllegalStateException("could not publish to " + topic, e);
        }
    }

    static String json(Object o) {
        try {
            return MAPPER.writeValueAsString(o);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static UUID unit(UnitEventType type, String code, String parent, String unitType, LocalDate from, LocalDate to, long version) {
        return unit(type, code, parent, unitType, from, to, version, null);
    }

    public static UUID unit(UnitEventType type, String code, String parent, String unitType, LocalDate from, LocalDate to, long version,
                            String divisionCode) {
        return send(Topics.UNITS, code, type.name(), "units-service",
                new UnitPayload(code, "单位" + code, "Unit " + code, unitType, parent, from, to, version, divisionCode));
    }

    public static UUID unit(String code, String parent, String unitType) {
        return unit(code, parent, unitType, null);
    }

    public static UUID unit(String code, String parent, String unitType, String divisionCode) {
        return unit(UnitEventType.UnitRegistered, code, parent, unitType, LocalDate.of(2000, 1, 1), null, 0, divisionCode);
    }

    private static final AtomicInteger DIVISIONS = new AtomicInteger(910000);

    /** A 6-digit division code no other unit of this test JVM has (the real ones start with 35 in Fujian). */
    public static String division() {
        return Integer.toString(DIVISIONS.incrementAndGet());
    }

    /** A target builder with the defaults of a quarterly RATIO rate 0..100, plan 2021-2025. */
    public static final class Target {
        public String code;
        public int revision = 1;
        public int planStart = 2021;
        public int planEnd = 2025;
        public String kind = "RATE";
        public String frequency = "QUARTER";
        public String aggregation = "RATIO";
        public BigDecimal lower = BigDecimal.ZERO;
        public BigDecimal upper = BigDecimal.valueOf(100);
        public List<String> lead = List.of();
        public List<String> contributing = List.of();
        public boolean retired;
        public Integer baselineYear;
        public String departmentFigures;
        public String reportDueAfter;
        public String unit = "%";

        public Target(String code) {
            this.code = code;
        }

        public Target frequency(String f) { this.frequency = f; return this; }
        public Target aggregation(String a) { this.aggregation = a; return this; }
        public Target bounds(BigDecimal lo, BigDecimal hi) { this.lower = lo; this.upper = hi; return this; }
        public Target plan(int start, int end) { this.planStart = start; this.planEnd = end; return this; }
        public Target lead(String... units) { this.lead = List.of(units); return this; }
        public Target contributing(String... units) { this.contributing = List.of(units); return this; }
        public Target kind(String k) { this.kind = k; return this; }
        public Target baselineYear(Integer y) { this.baselineYear = y; return this; }
        public Target departmentFigures(String f) { this.departmentFigures = f; return this; }
        public Target reportDueAfter(String iso) { this.reportDueAfter = iso; return this; }
        public Target unit(String u) { this.unit = u; return this; }

        public TargetPayload payload() {
            return new TargetPayload(code, revision, "FJ-QS-2025", planStart, planEnd, "一、主要目标", "指标" + code, "Target " + code,
                    kind, "GE", BigDecimal.valueOf(98.5), unit, planEnd, baselineYear, null, "UP", frequency, aggregation, lower, upper,
                    lead, contributing, retired, departmentFigures, reportDueAfter);
        }

        public UUID publish() {
            return publish(retired ? TargetEventType.TargetRetired : revision == 1 ? TargetEventType.TargetPublished : TargetEventType.TargetRevised);
        }

        public UUID publish(TargetEventType type) {
            return send(Topics.TARGETS, code, type.name(), "targets-service", payload());
        }
    }

    public static String code(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    }
}
