package cn.fjquality.units;

import cn.fjquality.events.Topics;
import cn.fjquality.testsupport.TestCallers;
import cn.fjquality.testsupport.TestKafka;
import cn.fjquality.testsupport.TopicProbe;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
class UnitEventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode parse(ConsumerRecord<String, String> record) {
        try {
            return JSON.readTree(record.value());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + record.value(), e);
        }
    }

    private static List<JsonNode> eventsFor(List<ConsumerRecord<String, String>> records, Set<String> codes) {
        return records.stream().filter(r -> codes.contains(r.key())).map(UnitEventsTest::parse).toList();
    }

    @Test
    void everyChangeIsPublishedWithItsEnvelopeInOrder() {
        String code = UnitResourceTest.uniqueCode("EVT");
        UnitResourceTest.createUnit(code, "FJ-XIAMEN", "COUNTY");
        given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON)
                .body(Map.of("nameEn", "Renamed")).when().patch("/api/v1/units/" + code).then().statusCode(200);
        // An identical PATCH changes nothing and publishes nothing.
        given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON)
                .body(Map.of("nameEn", "Renamed")).when().patch("/api/v1/units/" + code).then().statusCode(200);
        given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON)
                .body("{}").when().post("/api/v1/units/" + code + "/deactivate").then().statusCode(200);

        try (TopicProbe probe = new TopicProbe(Topics.UNITS)) {
            Predicate<List<ConsumerRecord<String, String>>> threeSeen = rs -> eventsFor(rs, Set.of(code)).size() >= 3;
            probe.pollUntil(threeSeen, Duration.ofSeconds(30));
            List<JsonNode> events = eventsFor(probe.drain(Duration.ofSeconds(1)), Set.of(code));
            assertThat(events).extracting(e -> e.get("type").asText())
                    .containsExactly("UnitRegistered", "UnitUpdated", "UnitDeactivated");
            JsonNode first = events.get(0);
            assertThat(first.get("schemaVersion").asInt()).isEqualTo(1);
            assertThat(first.get("producer").asText()).isEqualTo("units-service");
            assertThat(first.get("aggregateCode").asText()).isEqualTo(code);
            assertThat(first.get("eventId").asText()).hasSize(36);
            assertThat(first.get("occurredAt").asText()).isNotBlank();
            assertThat(first.at("/payload/parentCode").asText()).isEqualTo("FJ-XIAMEN");
            assertThat(events.get(1).at("/payload/nameEn").asText()).isEqualTo("Renamed");
            assertThat(events.get(2).at("/payload/activeTo").isNull()).isFalse();
            assertThat(events).extracting(e -> e.at("/payload/version").asLong()).isSorted();
        }
    }

    @Test
    void everyEventCarriesTheDivisionCode() {
        String code = UnitResourceTest.uniqueCode("EVTDIV");
        String first = DivisionCodeTest.uniqueDivision();
        String second = DivisionCodeTest.uniqueDivision();
        DivisionCodeTest.create(code, "COUNTY", "FJ-ZHANGZHOU", first).then().statusCode(201);
        given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON)
                .body(Map.of("divisionCode", second)).when().patch("/api/v1/units/" + code).then().statusCode(200);
        given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON)
                .body("{}").when().post("/api/v1/units/" + code + "/deactivate").then().statusCode(200);
        String department = UnitResourceTest.uniqueCode("EVTDEPT");
        UnitResourceTest.createUnit(department, "FJ", "PROVINCIAL_DEPARTMENT");

        try (TopicProbe probe = new TopicProbe(Topics.UNITS)) {
            Set<String> codes = Set.of(code, department);
            probe.pollUntil(rs -> eventsFor(rs, codes).size() >= 4, Duration.ofSeconds(30));
            List<JsonNode> events = eventsFor(probe.drain(Duration.ofSeconds(1)), Set.of(code));
            assertThat(events).extracting(e -> e.get("type").asText() + " " + e.at("/payload/divisionCode").asText())
                    .containsExactly("UnitRegistered " + first, "UnitUpdated " + second, "UnitDeactivated " + second);
            JsonNode departmentEvent = eventsFor(probe.drain(Duration.ZERO), Set.of(department)).get(0);
            assertThat(departmentEvent.at("/payload").has("divisionCode")).as("the field is always present").isTrue();
            assertThat(departmentEvent.at("/payload/divisionCode").isNull()).isTrue();
        }
    }

    @Test
    void seededPlacesArePublishedWithTheirDivisionCodes() {
        Map<String, String> expected = Map.of("FJ", "350000", "FJ-FUZHOU", "350100", "FJ-PINGTAN", "350128",
                "FJ-FUZHOU-GULOU", "350102", "FJ-XIAMEN-SIMING", "350203", "FJ-NANPING-WUYISHAN", "350782");
        try (TopicProbe probe = new TopicProbe(Topics.UNITS)) {
            probe.pollUntil(rs -> eventsFor(rs, expected.keySet()).stream().map(e -> e.get("aggregateCode").asText())
                    .collect(Collectors.toSet()).size() == expected.size(), Duration.ofSeconds(30));
            Map<String, String> latest = new java.util.HashMap<>();
            eventsFor(probe.drain(Duration.ofSeconds(1)), expected.keySet())
                    .forEach(e -> latest.put(e.get("aggregateCode").asText(), e.at("/payload/divisionCode").asText()));
            assertThat(latest).isEqualTo(expected);
        }
    }

    @Test
    void writesSucceedWhileKafkaIsDownAndEveryEventArrivesExactlyOnceAfterwards() {
        List<String> codes = new ArrayList<>();
        TestKafka.stopBroker();
        try {
            for (int i = 0; i < 5; i++) {
                String code = UnitResourceTest.uniqueCode("OUTAGE");
                UnitResourceTest.createUnit(code, "FJ", "OTHER");
                codes.add(code);
            }
            // The outbox holds them while the broker is away.
            await().atMost(Duration.ofSeconds(20)).until(() -> pendingOutboxEvents() >= 5);
        } finally {
            TestKafka.startBroker();
        }
        try (TopicProbe probe = new TopicProbe(Topics.UNITS)) {
            Set<String> expected = Set.copyOf(codes);
            probe.pollUntil(rs -> eventsFor(rs, expected).size() >= codes.size(), Duration.ofSeconds(60));
            List<JsonNode> events = eventsFor(probe.drain(Duration.ofSeconds(3)), expected);
            Map<String, Long> perUnit = events.stream().collect(Collectors.groupingBy(e -> e.get("aggregateCode").asText(), Collectors.counting()));
            assertThat(perUnit).as("each registration published exactly once").hasSize(5).allSatisfy((code, n) -> assertThat(n).isEqualTo(1L));
            assertThat(events).extracting(e -> e.get("eventId").asText()).doesNotHaveDuplicates();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> pendingOutboxEvents() == 0);
    }

    private static double pendingOutboxEvents() {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("outbox_events_pending"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(-1);
    }
}
