package cn.fjquality.targets;

import cn.fjquality.testsupport.TestCallers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static cn.fjquality.targets.TargetFixtures.newCode;
import static cn.fjquality.targets.TargetFixtures.rateBody;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** units.v1 -> known_unit: a unit registered in units-service becomes usable here within seconds, once. */
@QuarkusTest
class UnitEventsConsumerTest {

    static int post(Map<String, Object> body) {
        return given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/targets")
                .then().extract().statusCode();
    }

    static Map<String, Object> naming(String unit) {
        Map<String, Object> body = rateBody(newCode());
        body.put("leadUnits", List.of(unit));
        body.put("contributingUnits", List.of());
        return body;
    }

    @Test
    void aNewUnitIsAcceptedWithinSecondsAndADuplicateEventHasNoSecondEffect() {
        String unit = "FJ-TEST-" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON).body(naming(unit))
                .when().post("/api/v1/targets")
                .then().statusCode(422).body("code", equalTo("UNKNOWN_UNIT"));

        UUID registered = UUID.randomUUID();
        String registration = UnitEventsFixture.envelope(registered, "UnitRegistered", unit, "2024-01-01", null, 0);
        UnitEventsFixture.send(unit, registration);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> post(naming(unit)) == 201);

        // The same event again, then the unit's deactivation (same key, so same partition, in order).
        UnitEventsFixture.send(unit, registration);
        UUID deactivated = UUID.randomUUID();
        String yesterday = LocalDate.now().minusDays(1).toString();
        UnitEventsFixture.send(unit, UnitEventsFixture.envelope(deactivated, "UnitDeactivated", unit, "2024-01-01", yesterday, 1));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> TestDb.count("SELECT count(*) FROM processed_event WHERE event_id = ?", deactivated) == 1);

        assertEquals(1, TestDb.count("SELECT count(*) FROM processed_event WHERE event_id = ?", registered), "applied once");
        assertEquals(1, TestDb.count("SELECT count(*) FROM known_unit WHERE code = ?", unit));
        assertEquals(1, TestDb.count("SELECT version FROM known_unit WHERE code = ?", unit));
        given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON).body(naming(unit))
                .when().post("/api/v1/targets")
                .then().statusCode(422).body("code", equalTo("UNKNOWN_UNIT"));

        // A late copy of the registration under a new event id is older than what is known: still inactive.
        UnitEventsFixture.send(unit, UnitEventsFixture.envelope(UUID.randomUUID(), "UnitRegistered", unit, "2024-01-01", null, 0));
        UUID marker = UUID.randomUUID();
        UnitEventsFixture.send(unit, UnitEventsFixture.envelope(marker, "UnitUpdated", unit, "2024-01-01", yesterday, 1));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> TestDb.count("SELECT count(*) FROM processed_event WHERE event_id = ?", marker) == 1);
        assertEquals(1, TestDb.count("SELECT count(*) FROM known_unit WHERE code = ? AND active_to IS NOT NULL", unit));
        assertEquals(422, post(naming(unit)));
    }

    @Test
    void aRecordThatIsNoEventGoesToTheDeadLetterTopicAndForeignTypesAreSkipped() {
        String unit = "FJ-TEST-" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        String notJson = "this is not json " + unit;
        try (cn.fjquality.testsupport.TopicProbe dlq = new cn.fjquality.testsupport.TopicProbe("units.v1.dlq")) {
            UnitEventsFixture.send(unit, notJson);
            UnitEventsFixture.send(unit, "{\"eventId\":\"" + UUID.randomUUID() + "\",\"type\":\"UnitRenamedInTheFuture\",\"schemaVersion\":9,"
                    + "\"occurredAt\":\"2025-01-01T00:00:00Z\",\"producer\":\"units-service\",\"aggregateCode\":\"" + unit + "\",\"payload\":{}}");
            UnitEventsFixture.send(unit, UnitEventsFixture.envelope(UUID.randomUUID(), "UnitRegistered", unit, "2024-01-01", null, 0));
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> post(naming(unit)) == 201);
            var letters = dlq.pollUntil(rs -> rs.stream().anyMatch(r -> notJson.equals(r.value())), Duration.ofSeconds(30));
            var letter = letters.stream().filter(r -> notJson.equals(r.value())).findFirst().orElseThrow();
            org.junit.jupiter.api.Assertions.assertTrue(new String(letter.headers().lastHeader("dlq-reason").value(),
                    java.nio.charset.StandardCharsets.UTF_8).startsWith("not an event envelope"));
            // a type this version does not know is no poison: skipped, not dead-lettered (a newer producer may send it)
            org.junit.jupiter.api.Assertions.assertTrue(letters.stream().noneMatch(r -> r.value().contains("UnitRenamedInTheFuture")));
        }
    }
}
