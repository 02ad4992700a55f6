package cn.fjquality.targets;

import cn.fjquality.targets.MeasurementEventsFixture.M;
import cn.fjquality.testsupport.TestCallers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static cn.fjquality.targets.TargetFixtures.CITY_A;
import static cn.fjquality.targets.TargetFixtures.CITY_B;
import static cn.fjquality.targets.TargetFixtures.LEAD;
import static cn.fjquality.targets.TargetFixtures.newCode;
import static cn.fjquality.targets.TargetFixtures.rateBody;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A progress read as of today is kept per (target, scope) in memory (ProgressCache) and used only while what it was
 * computed from is unchanged in the database: the target's values (its data version), the target itself, the plan,
 * the registry and the day. Each of those changes is seen by the very next read.
 */
@QuarkusTest
class ProgressCacheTest {
    static final Instant AT = Instant.parse("2025-02-01T00:00:00Z");
    static final String SIMING = "FJ-XIAMEN-SIMING";

    @BeforeEach
    void registry() {
        UnitEventsFixture.ensureActive(LEAD, CITY_A, CITY_B);
    }

    /** A count that adds up over places, judged against 2,400 by 2025. */
    static Map<String, Object> standards(String code) {
        Map<String, Object> body = rateBody(code);
        body.putAll(Map.of("kind", "LEVEL", "comparator", "GT", "targetValue", 2400, "unit", "项", "aggregation", "SUM",
                "lowerBound", 0, "upperBound", 1000000));
        TargetFixtures.create(body);
        return body;
    }

    static JsonPath progress(String code, String scope) {
        return given().header("Authorization", TestCallers.analyst()).queryParam("scope", scope)
                .when().get("/api/v1/targets/" + code + "/progress")
                .then().statusCode(200).contentType(ContentType.JSON).extract().jsonPath();
    }

    static void record(String code, String unit, String period, long value) {
        MeasurementEventsFixture.recorded(M.amount(code, unit, period, 1, value, AT));
    }

    static double cacheReads(String result) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^progress_cache_reads_total\\{result=\"" + result + "\"} (\\S+)$").matcher(metrics);
        assertTrue(m.find(), "progress_cache_reads_total{result=\"" + result + "\"} in /q/metrics");
        return Double.parseDouble(m.group(1));
    }

    @Test
    void aReadIsKeptAndNewValuesAreSeenByTheNextRead() {
        String code = newCode();
        standards(code);
        record(code, CITY_A, "2024", 100);
        assertEquals(100.0, progress(code, "PROVINCE").getDouble("actual"), 1e-9);
        double hits = cacheReads("hit");
        double misses = cacheReads("miss");
        JsonPath again = progress(code, "PROVINCE");
        assertEquals(100.0, again.getDouble("actual"), 1e-9);
        assertEquals(hits + 1, cacheReads("hit"), 1e-9, "the second read is the kept one");
        assertEquals(misses, cacheReads("miss"), 1e-9);

        record(code, CITY_B, "2024", 50);
        assertEquals(150.0, progress(code, "PROVINCE").getDouble("actual"), 1e-9, "the new value, at once");
        assertEquals(50.0, progress(code, CITY_B).getDouble("actual"), 1e-9);

        // A scope the consumer does not keep for readers (only PROVINCE): read and kept, then its value revised.
        assertEquals(100.0, progress(code, CITY_A).getDouble("actual"), 1e-9);
        assertEquals(100.0, progress(code, CITY_A).getDouble("actual"), 1e-9);
        MeasurementEventsFixture.recorded(M.amount(code, CITY_A, "2024", 2, 120, AT));
        assertEquals(120.0, progress(code, CITY_A).getDouble("actual"), 1e-9, "the revision, at once");
        assertEquals(170.0, progress(code, "PROVINCE").getDouble("actual"), 1e-9);
    }

    /**
     * What another instance's consumer does (a value changed and the target's data version counted, in one transaction),
     * done here in SQL: this instance's kept read is not used once the version moved.
     */
    @Test
    void aChangeMadeThroughAnotherInstanceIsSeenThroughTheDataVersion() {
        String code = newCode();
        standards(code);
        record(code, LEAD, "2024", 2460);
        assertEquals(2460.0, progress(code, "PROVINCE").getDouble("actual"), 1e-9);

        TestDb.update("UPDATE progress_data_point SET value = 2500 WHERE target_code = ? AND unit_code = ?", code, LEAD);
        assertEquals(2460.0, progress(code, "PROVINCE").getDouble("actual"), 1e-9,
                "without the count the kept read stands: the data version is the contract");
        TestDb.update("UPDATE target SET data_version = data_version + 1 WHERE code = ?", code);
        assertEquals(2500.0, progress(code, "PROVINCE").getDouble("actual"), 1e-9);
    }

    @Test
    void aRevisionOfTheTargetIsSeenByTheNextRead() {
        String code = newCode();
        Map<String, Object> body = standards(code);
        record(code, LEAD, "2024", 2460);
        // The lead's own values (a scope judged against the target, and not kept by the consumer), read and kept.
        assertEquals("ACHIEVED", progress(code, LEAD).getString("status"));
        assertEquals("ACHIEVED", progress(code, LEAD).getString("status"));

        Map<String, Object> update = new HashMap<>(TargetFixtures.updateBody(body));
        update.put("targetValue", 3000);
        update.put("changeNote", "raised");
        given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON).body(update)
                .when().put("/api/v1/targets/" + code)
                .then().statusCode(200);
        for (String scope : new String[] {LEAD, "PROVINCE"}) {
            JsonPath after = progress(code, scope);
            assertEquals(2460.0, after.getDouble("actual"), 1e-9);
            assertTrue(!"ACHIEVED".equals(after.getString("status")), scope + " judged against 3,000 now: " + after.getString("status"));
        }
    }

    /** A county that leaves the registry (deactivated before the period) no longer adds to its city. */
    @Test
    void aChangeInTheRegistryIsSeenByTheNextRead() {
        UnitEventsFixture.ensureActive(SIMING);
        String code = newCode();
        standards(code);
        record(code, SIMING, "2024", 50);
        assertEquals(50.0, progress(code, CITY_B).getDouble("actual"), 1e-9);
        progress(code, CITY_B);

        UnitEventsFixture.send(SIMING, UnitEventsFixture.envelope(UUID.randomUUID(), "UnitDeactivated", SIMING,
                "2018-11-01", "2019-12-31", 1));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> TestDb.count("SELECT count(*) FROM known_unit WHERE code = ? AND active_to IS NOT NULL", SIMING) == 1);
        assertNull(progress(code, CITY_B).get("actual"), "Xiamen has no county active in 2024 with a value");
    }
}
