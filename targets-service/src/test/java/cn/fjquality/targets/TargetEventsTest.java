package cn.fjquality.targets;

import cn.fjquality.testsupport.TestCallers;
import cn.fjquality.testsupport.TopicProbe;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static cn.fjquality.targets.TargetFixtures.newCode;
import static cn.fjquality.targets.TargetFixtures.rateBody;
import static cn.fjquality.targets.TargetFixtures.updateBody;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What reaches targets.v1 on the real broker, through the outbox. */
@QuarkusTest
class TargetEventsTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static List<JsonNode> eventsFor(List<ConsumerRecord<String, String>> records, String code) {
        return records.stream().filter(r -> code.equals(r.key())).map(r -> json(r.value())).toList();
    }

    @Test
    void catalogLoadPublishedEveryTargetWithItsPlansHorizon() {
        try (TopicProbe probe = new TopicProbe("targets.v1")) {
            List<ConsumerRecord<String, String>> seen = probe.pollUntil(
                    rs -> rs.stream().map(ConsumerRecord::key).distinct().filter(k -> k.startsWith("OL25-") || k.startsWith("WP2") || k.startsWith("CG20-")).count() >= 110,
                    Duration.ofSeconds(60));
            List<JsonNode> food = eventsFor(seen, "OL25-FOOD-SAMPLING-PASS-RATE");
            assertFalse(food.isEmpty(), "TargetPublished for a catalog target");
            JsonNode e = food.get(0);
            assertEquals("TargetPublished", e.get("type").asText());
            assertEquals(1, e.get("schemaVersion").asInt());
            assertEquals("targets-service", e.get("producer").asText());
            assertEquals("OL25-FOOD-SAMPLING-PASS-RATE", e.get("aggregateCode").asText());
            JsonNode p = e.get("payload");
            assertEquals(1, p.get("revision").asInt());
            assertEquals("FJ-OUTLINE-2025", p.get("planCode").asText());
            assertEquals(2021, p.get("planStartYear").asInt());
            assertEquals(2025, p.get("planEndYear").asInt());
            assertEquals("RATE", p.get("kind").asText());
            assertEquals("98.5", p.get("targetValue").asText());
            assertEquals("RATIO", p.get("aggregation").asText());
            assertEquals("FJ-AMR", p.get("leadUnits").get(0).asText());
            assertEquals(10, p.get("contributingUnits").size());
            assertFalse(p.get("retired").asBoolean());
        }
    }

    @Test
    void createReviseRetireEachPublishOneEventKeyedByTheTargetCode() {
        String code = newCode();
        Map<String, Object> body = rateBody(code);
        TargetFixtures.create(body);
        Map<String, Object> update = updateBody(body);
        update.put("targetValue", 99);
        given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON).body(update)
                .when().put("/api/v1/targets/" + code).then().statusCode(200);
        // identical: no revision, no event
        given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON).body(update)
                .when().put("/api/v1/targets/" + code).then().statusCode(200);
        given().header("Authorization", TestCallers.admin())
                .when().post("/api/v1/targets/" + code + "/retire").then().statusCode(200);

        try (TopicProbe probe = new TopicProbe("targets.v1")) {
            probe.pollUntil(rs -> eventsFor(rs, code).size() >= 3, Duration.ofSeconds(30));
            List<ConsumerRecord<String, String>> seen = probe.drain(Duration.ofSeconds(1)); // nothing more arrives
            List<JsonNode> events = eventsFor(seen, code);
            assertEquals(List.of("TargetPublished", "TargetRevised", "TargetRetired"),
                    events.stream().map(e -> e.get("type").asText()).toList());
            assertEquals(List.of(1, 2, 3), events.stream().map(e -> e.get("payload").get("revision").asInt()).toList());
            assertEquals("97.5", events.get(0).get("payload").get("targetValue").asText());
            assertEquals("99", events.get(1).get("payload").get("targetValue").asText());
            JsonNode retired = events.get(2).get("payload");
            assertTrue(retired.get("retired").asBoolean());
            assertEquals(2021, retired.get("planStartYear").asInt());
            assertEquals(2025, retired.get("planEndYear").asInt());
            assertEquals(3, events.stream().map(e -> e.get("eventId").asText()).distinct().count());
            assertTrue(seen.stream().filter(r -> code.equals(r.key())).allMatch(r -> r.headers().lastHeader("event-id") != null));
        }
    }
}
