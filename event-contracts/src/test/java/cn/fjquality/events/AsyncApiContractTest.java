package cn.fjquality.events;

import cn.fjquality.events.v1.MeasurementBatchPayload;
import cn.fjquality.events.v1.MeasurementEventType;
import cn.fjquality.events.v1.MeasurementPayload;
import cn.fjquality.events.v1.ProgressEventType;
import cn.fjquality.events.v1.ProgressStatusChangedPayload;
import cn.fjquality.events.v1.TargetEventType;
import cn.fjquality.events.v1.TargetPayload;
import cn.fjquality.events.v1.UnitEventType;
import cn.fjquality.events.v1.UnitPayload;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The event classes and docs/asyncapi.yaml say the same thing: every record of {@code cn.fjquality.events.v1} and the
 * {@link EventEnvelope} has a schema in {@code components.schemas} (the record's simple name; the envelope's is
 * {@code Envelope}) whose properties are exactly the record's components, each of a JSON type its Java type is written
 * as; no payload schema is left without a record; and each topic's channel lists exactly the event types of its enum,
 * each message carrying the payload schema of that topic. A field added in code but not in the document (or the other
 * way round) fails the build here.
 */
class AsyncApiContractTest {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    /** Schemas of the document that describe no record: the Kafka record headers. */
    private static final Set<String> NOT_RECORDS = Set.of("Headers");
    private static final String PAYLOADS = "cn.fjquality.events.v1";

    /** The document as the AsyncAPI tools read it: SnakeYAML resolves its anchors and merge keys ({@code <<:}). */
    static JsonNode document() {
        Path file = Path.of(System.getProperty("asyncapi.document", "../docs/asyncapi.yaml"));
        try {
            Object yaml = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
            return JSON.valueToTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.toAbsolutePath(), e);
        }
    }

    /** The records this test compares: every record of the payload package, and the envelope. */
    static List<Class<?>> records() {
        List<Class<?>> records = new ArrayList<>(payloadRecords());
        records.add(EventEnvelope.class);
        return records;
    }

    /** Every record class of {@value #PAYLOADS}, found on the class path (so a new one is compared without a change here). */
    static List<Class<?>> payloadRecords() {
        String dir = PAYLOADS.replace('.', '/');
        URL url = UnitPayload.class.getClassLoader().getResource(dir);
        assertTrue(url != null && url.getProtocol().equals("file"), "the payload classes are a directory: " + url);
        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
            List<Class<?>> out = new ArrayList<>();
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                if (!name.endsWith(".class") || name.contains("$")) {
                    continue;
                }
                Class<?> c = Class.forName(PAYLOADS + "." + name.substring(0, name.length() - ".class".length()));
                if (c.isRecord()) {
                    out.add(c);
                }
            }
            return out;
        } catch (IOException | URISyntaxException | ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    static String schemaName(Class<?> record) {
        return record == EventEnvelope.class ? "Envelope" : record.getSimpleName();
    }

    @Test
    void theRecordsAreFound() {
        assertEquals(List.of(MeasurementBatchPayload.class, MeasurementPayload.class, ProgressStatusChangedPayload.class,
                TargetPayload.class, UnitPayload.class), payloadRecords());
    }

    @Test
    void everyRecordHasItsSchemaWithExactlyItsComponents() {
        JsonNode schemas = document().path("components").path("schemas");
        List<String> problems = new ArrayList<>();
        for (Class<?> record : records()) {
            problems.addAll(compare(record, schemas.path(schemaName(record))));
        }
        assertTrue(problems.isEmpty(), "docs/asyncapi.yaml and the event classes differ:\n  " + String.join("\n  ", problems));
    }

    @Test
    void everySchemaOfTheDocumentIsARecord() {
        Set<String> expected = new TreeSet<>();
        records().forEach(r -> expected.add(schemaName(r)));
        Set<String> documented = new TreeSet<>();
        document().path("components").path("schemas").fieldNames().forEachRemaining(documented::add);
        documented.removeAll(NOT_RECORDS);
        assertEquals(expected, documented, "components.schemas of docs/asyncapi.yaml (but " + NOT_RECORDS + ") against the records");
    }

    /**
     * Each topic's channel lists exactly its enum's event types, and each of its messages carries the topic's payload
     * (on measurements.v1, MeasurementsRecorded carries the batch of them).
     */
    @Test
    void everyChannelListsItsEventTypesWithTheirPayload() {
        Map<String, Class<? extends Enum<?>>> types = new LinkedHashMap<>();
        types.put(Topics.UNITS, UnitEventType.class);
        types.put(Topics.TARGETS, TargetEventType.class);
        types.put(Topics.MEASUREMENTS, MeasurementEventType.class);
        types.put(Topics.PROGRESS, ProgressEventType.class);
        Map<String, Class<?>> payloads = Map.of(Topics.UNITS, UnitPayload.class, Topics.TARGETS, TargetPayload.class,
                Topics.MEASUREMENTS, MeasurementPayload.class, Topics.PROGRESS, ProgressStatusChangedPayload.class);
        JsonNode doc = document();
        for (Map.Entry<String, Class<? extends Enum<?>>> e : types.entrySet()) {
            JsonNode channel = channel(doc, e.getKey());
            Set<String> listed = new TreeSet<>();
            channel.path("messages").fieldNames().forEachRemaining(listed::add);
            Set<String> constants = new TreeSet<>();
            Arrays.stream(e.getValue().getEnumConstants()).forEach(c -> constants.add(c.name()));
            assertEquals(constants, listed, "messages of channel " + e.getKey() + " against " + e.getValue().getSimpleName());
            for (String message : listed) {
                String ref = channel.path("messages").path(message).path("$ref").asText();
                JsonNode m = resolve(doc, ref);
                assertEquals(message, m.path("name").asText(), ref + " names its event type");
                JsonNode allOf = m.path("payload").path("allOf");
                assertEquals("#/components/schemas/Envelope", allOf.path(0).path("$ref").asText(), ref + ": an envelope");
                Class<?> payload = "MeasurementsRecorded".equals(message) ? MeasurementBatchPayload.class : payloads.get(e.getKey());
                assertEquals("#/components/schemas/" + payload.getSimpleName(),
                        allOf.path(1).path("properties").path("payload").path("$ref").asText(), ref + ": its payload");
            }
        }
    }

    /** The comparison itself fails where it should: a component the document lacks, a property the record lacks, a wrong type. */
    @Test
    void aDifferenceIsFound() {
        JsonNode schema = document().path("components").path("schemas").path("UnitPayload").deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) schema.path("properties")).remove("divisionCode");
        ((com.fasterxml.jackson.databind.node.ObjectNode) schema.path("properties")).putObject("region").put("type", "string");
        ((com.fasterxml.jackson.databind.node.ObjectNode) schema.path("properties").path("version")).put("type", "string");
        List<String> problems = compare(UnitPayload.class, schema);
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("divisionCode") && p.contains("not in the document")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("region") && p.contains("no such component")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("version") && p.contains("integer")), problems.toString());
        assertFalse(compare(UnitPayload.class, document().path("components").path("schemas").path("UnitPayload")).iterator().hasNext());
    }

    static List<String> compare(Class<?> record, JsonNode schema) {
        String where = schemaName(record) + " (" + record.getName() + ")";
        List<String> problems = new ArrayList<>();
        if (schema.isMissingNode()) {
            problems.add(where + ": no schema components.schemas." + schemaName(record));
            return problems;
        }
        JsonNode properties = schema.path("properties");
        Set<String> documented = new LinkedHashSet<>();
        properties.fieldNames().forEachRemaining(documented::add);
        Set<String> written = writtenNames(record);
        for (RecordComponent c : record.getRecordComponents()) {
            if (!written.contains(c.getName())) {
                problems.add(where + "." + c.getName() + ": the component is not written as a JSON field of that name");
            }
            JsonNode p = properties.path(c.getName());
            if (p.isMissingNode()) {
                problems.add(where + "." + c.getName() + ": a component of the record, not in the document");
                continue;
            }
            String why = typeMismatch(c.getGenericType(), p);
            if (why != null) {
                problems.add(where + "." + c.getName() + ": " + why);
            }
        }
        Set<String> components = new LinkedHashSet<>();
        Arrays.stream(record.getRecordComponents()).forEach(c -> components.add(c.getName()));
        for (String name : documented) {
            if (!components.contains(name)) {
                problems.add(where + "." + name + ": in the document, no such component in the record");
            }
        }
        for (JsonNode required : schema.path("required")) {
            if (!components.contains(required.asText())) {
                problems.add(where + ": required " + required.asText() + " is no component");
            }
        }
        return problems;
    }

    /** The JSON field names Jackson writes for the record (an instance of zeros and nulls, every field included). */
    static Set<String> writtenNames(Class<?> record) {
        try {
            Constructor<?> canonical = record.getDeclaredConstructor(Arrays.stream(record.getRecordComponents())
                    .map(RecordComponent::getType).toArray(Class<?>[]::new));
            Object[] args = Arrays.stream(record.getRecordComponents()).map(c -> zero(c.getType())).toArray();
            JsonNode written = JSON.valueToTree(canonical.newInstance(args));
            Set<String> names = new LinkedHashSet<>();
            for (Iterator<String> it = written.fieldNames(); it.hasNext(); ) {
                names.add(it.next());
            }
            return names;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object zero(Class<?> type) {
        if (type == int.class) {
            return 0;
        }
        if (type == long.class) {
            return 0L;
        }
        if (type == boolean.class) {
            return false;
        }
        if (type == double.class) {
            return 0d;
        }
        return null;
    }

    /** Null when the property's schema takes what the Java type is written as, else why not. */
    static String typeMismatch(Type javaType, JsonNode property) {
        Set<String> types = new TreeSet<>();
        JsonNode t = property.path("type");
        if (t.isArray()) {
            t.forEach(x -> types.add(x.asText()));
        } else if (t.isTextual()) {
            types.add(t.asText());
        }
        Class<?> raw = javaType instanceof ParameterizedType pt ? (Class<?>) pt.getRawType() : (Class<?>) javaType;
        String json;
        String format = null;
        if (raw == String.class) {
            json = "string";
        } else if (raw == int.class || raw == long.class || raw == Integer.class || raw == Long.class) {
            json = "integer";
        } else if (raw == BigDecimal.class || raw == double.class || raw == Double.class) {
            json = "number";
        } else if (raw == boolean.class || raw == Boolean.class) {
            json = "boolean";
        } else if (List.class.isAssignableFrom(raw)) {
            json = "array";
        } else if (raw == Instant.class) {
            json = "string";
            format = "date-time";
        } else if (raw == LocalDate.class) {
            json = "string";
            format = "date";
        } else if (raw == UUID.class) {
            json = "string";
            format = "uuid";
        } else if (raw == JsonNode.class) {
            json = "object";
        } else if (raw.isRecord() && raw.getPackageName().equals(PAYLOADS)) {
            String ref = "#/components/schemas/" + raw.getSimpleName();
            return ref.equals(property.path("$ref").asText()) ? null
                    : raw.getSimpleName() + " is written as its schema " + ref + ", the document says " + property;
        } else {
            return "no JSON type known for " + javaType.getTypeName() + " (extend AsyncApiContractTest.typeMismatch)";
        }
        if (!types.contains(json)) {
            return javaType.getTypeName() + " is written as " + json + ", the document says " + types;
        }
        if (raw.isPrimitive() && types.contains("null")) {
            return javaType.getTypeName() + " is never null, the document allows null";
        }
        if (format != null && !format.equals(property.path("format").asText())) {
            return javaType.getTypeName() + " is written in format " + format + ", the document says " + property.path("format");
        }
        if (json.equals("array") && javaType instanceof ParameterizedType pt) {
            String items = typeMismatch(pt.getActualTypeArguments()[0], property.path("items"));
            if (items != null) {
                return "items: " + items;
            }
        }
        return null;
    }

    private static JsonNode channel(JsonNode doc, String address) {
        for (Iterator<JsonNode> it = doc.path("channels").elements(); it.hasNext(); ) {
            JsonNode c = it.next();
            if (address.equals(c.path("address").asText())) {
                return c;
            }
        }
        return fail("no channel with address " + address + " in docs/asyncapi.yaml");
    }

    private static JsonNode resolve(JsonNode doc, String ref) {
        assertTrue(ref.startsWith("#/"), "a local reference: " + ref);
        return doc.at(ref.substring(1));
    }
}
