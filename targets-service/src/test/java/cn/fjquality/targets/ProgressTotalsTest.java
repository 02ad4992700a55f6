package cn.fjquality.targets;

import cn.fjquality.targets.MeasurementEventsFixture.M;
import cn.fjquality.testsupport.TestCallers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static cn.fjquality.targets.TargetFixtures.COUNTY;
import static cn.fjquality.targets.TargetFixtures.OTHER_COUNTY;
import static cn.fjquality.targets.TargetFixtures.CITY_A;
import static cn.fjquality.targets.TargetFixtures.newCode;
import static cn.fjquality.targets.TargetFixtures.rateBody;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The province reads only its lead and contributing units' values; the other units' values that count are taken from
 * the per-target totals the consumer keeps (progress_value_count). These must agree with the stored values through
 * new values, reviews and returns, in the detail, the stored assessment, as of a date, and after a recompute.
 */
@QuarkusTest
class ProgressTotalsTest {

    static String leftOut(long n) {
        return n + " value(s) of units that are neither lead nor contributing units left out";
    }

    static JsonPath detail(String code, String asOf) {
        var req = given().header("Authorization", TestCallers.analyst()).queryParam("scope", "PROVINCE");
        if (asOf != null) {
            req = req.queryParam("asOf", asOf);
        }
        return req.when().get("/api/v1/targets/" + code + "/progress").then().statusCode(200).extract().jsonPath();
    }

    static String storedMethod(String code, String scope) {
        return TestDb.string("SELECT method FROM progress WHERE target_code = ? AND scope = ?", code, scope);
    }

    @Test
    void otherUnitsValuesAreCountedThroughNewValuesReviewsAndReturns() {
        String code = newCode();
        TargetFixtures.create(rateBody(code));
        Instant early = Instant.parse("2024-02-01T00:00:00Z");
        Instant late = Instant.parse("2025-02-01T00:00:00Z");
        MeasurementEventsFixture.recorded(M.rate(code, CITY_A, "2024", 1, 980, 1000, late));
        M county2023 = M.rate(code, COUNTY, "2023", 1, 10, 1000, early);
        M county2024 = M.rate(code, COUNTY, "2024", 1, 20, 1000, late);
        MeasurementEventsFixture.recorded(county2023);
        MeasurementEventsFixture.recorded(county2024);
        MeasurementEventsFixture.recorded(M.rate(code, OTHER_COUNTY, "2024", 1, 30, 1000, late));

        JsonPath p = detail(code, null);
        assertTrue(p.getString("method").contains(leftOut(3)), p.getString("method"));
        assertEquals(98.0, p.getDouble("actual"), 1e-9);
        assertTrue(storedMethod(code, "PROVINCE").contains(leftOut(3)), storedMethod(code, "PROVINCE"));
        assertEquals(4, TestDb.count("SELECT counting FROM progress_value_count WHERE target_code = ?", code));
        assertEquals(0, TestDb.count("SELECT approved FROM progress_value_count WHERE target_code = ?", code));

        // A returned value no longer counts; an approval is counted once; a repeated review changes nothing.
        MeasurementEventsFixture.reviewed(county2024.withStatus("RETURNED"));
        MeasurementEventsFixture.reviewed(county2023.withStatus("APPROVED"));
        MeasurementEventsFixture.reviewed(county2023.withStatus("APPROVED"));
        assertEquals(3, TestDb.count("SELECT counting FROM progress_value_count WHERE target_code = ?", code));
        assertEquals(1, TestDb.count("SELECT approved FROM progress_value_count WHERE target_code = ?", code));
        assertEquals(TestDb.count("SELECT count(*) FROM progress_data_point WHERE target_code = ? AND status <> 'RETURNED'", code),
                TestDb.count("SELECT counting FROM progress_value_count WHERE target_code = ?", code));
        assertTrue(detail(code, null).getString("method").contains(leftOut(2)));
        assertTrue(storedMethod(code, "PROVINCE").contains(leftOut(2)), storedMethod(code, "PROVINCE"));

        // As of a date: only what was reported by then (the county's 2023 value).
        assertTrue(detail(code, "2024-06-30").getString("method").contains(leftOut(1)), detail(code, "2024-06-30").getString("method"));
        Map<String, Object> row = given().header("Authorization", TestCallers.analyst())
                .queryParam("plan", "FJ-OUTLINE-2025").queryParam("asOf", "2025-06-30")
                .when().get("/api/v1/progress").then().statusCode(200).extract().jsonPath()
                .<Map<String, Object>>getList("items").stream().filter(r -> code.equals(r.get("code"))).findFirst().orElseThrow();
        assertEquals(98.0, ((Number) row.get("actual")).doubleValue(), 1e-9);

        // A unit scope reads that unit's values only.
        JsonPath county = given().header("Authorization", TestCallers.analyst()).queryParam("scope", COUNTY)
                .when().get("/api/v1/targets/" + code + "/progress").then().statusCode(200).extract().jsonPath();
        assertEquals(1, county.getList("series").size());
        assertEquals(1.0, county.getDouble("actual"), 1e-9);
    }

    @Test
    void eventsArrivingTogetherAreEachAppliedOnceWithABadRecordAndADuplicateAmongThem() {
        String code = newCode();
        TargetFixtures.create(rateBody(code));
        Instant at = Instant.parse("2025-02-01T00:00:00Z");
        java.util.List<java.util.UUID> ids = new java.util.ArrayList<>();
        String duplicate = null;
        // Sent back to back (one poll, most likely): 2 cities x 3 years, 4 county values, a bad record, a duplicate.
        for (String unit : java.util.List.of(CITY_A, TargetFixtures.CITY_B, COUNTY)) {
            for (String year : java.util.List.of("2022", "2023", "2024")) {
                java.util.UUID id = java.util.UUID.randomUUID();
                ids.add(id);
                String event = MeasurementEventsFixture.envelope(id, "MeasurementRecorded",
                        M.rate(code, unit, year, 1, 960 + Integer.parseInt(year) - 2022, 1000, at), Instant.now());
                MeasurementEventsFixture.send(code, event);
                if (duplicate == null) {
                    duplicate = event;
                }
            }
        }
        MeasurementEventsFixture.send(code, "not an envelope");
        MeasurementEventsFixture.send(code, duplicate);
        java.util.UUID last = java.util.UUID.randomUUID();
        ids.add(last);
        MeasurementEventsFixture.send(code, MeasurementEventsFixture.envelope(last, "MeasurementRecorded",
                M.rate(code, OTHER_COUNTY, "2024", 1, 1, 1000, at), Instant.now()));
        MeasurementEventsFixture.awaitProcessed(last);

        for (java.util.UUID id : ids) {
            assertEquals(1, TestDb.count("SELECT count(*) FROM processed_event WHERE event_id = ?", id));
        }
        assertEquals(10, TestDb.count("SELECT count(*) FROM progress_data_point WHERE target_code = ?", code));
        assertEquals(10, TestDb.count("SELECT counting FROM progress_value_count WHERE target_code = ?", code));
        JsonPath p = detail(code, null);
        // 2024: (962 + 962) / 2000 x 100; the two counties' four values are left out
        assertEquals(96.2, p.getDouble("actual"), 1e-9);
        assertEquals(3, p.getList("series").size());
        assertTrue(p.getString("method").contains(leftOut(4)), p.getString("method"));
        assertEquals(storedMethod(code, "PROVINCE"), p.getString("method"));
        assertEquals(p.getString("status"), TestDb.string("SELECT status FROM progress WHERE target_code = ? AND scope = 'PROVINCE'", code));
        assertEquals(5, TestDb.count("SELECT count(*) FROM progress WHERE target_code = ?", code));
    }

    @Test
    void theRecomputeEndpointIsForAdminsAndKeepsWhatTheConsumerStored() {
        String code = newCode();
        TargetFixtures.create(rateBody(code));
        Instant at = Instant.parse("2025-02-01T00:00:00Z");
        MeasurementEventsFixture.recorded(M.rate(code, CITY_A, "2024", 1, 990, 1000, at));
        MeasurementEventsFixture.recorded(M.rate(code, COUNTY, "2024", 1, 20, 1000, at));
        String province = storedMethod(code, "PROVINCE");
        String county = storedMethod(code, COUNTY);
        long events = TestDb.count("SELECT count(*) FROM outbox_event WHERE topic = 'progress.v1'");

        given().header("Authorization", TestCallers.analyst()).when().post("/api/v1/progress/recompute")
                .then().statusCode(403).contentType("application/problem+json").body("code", equalTo("FORBIDDEN"));
        Instant start = Instant.now();
        given().header("Authorization", TestCallers.admin()).when().post("/api/v1/progress/recompute")
                .then().statusCode(200).body("targets", greaterThanOrEqualTo(1));

        // PROVINCE, the city's and the county's own scope
        assertEquals(3, TestDb.count("SELECT count(*) FROM progress WHERE target_code = ? AND computed_at >= ?", code,
                java.sql.Timestamp.from(start)));
        assertEquals(province, storedMethod(code, "PROVINCE"));
        assertEquals(county, storedMethod(code, COUNTY));
        assertTrue(province.contains(leftOut(1)), province);
        assertEquals(events, TestDb.count("SELECT count(*) FROM outbox_event WHERE topic = 'progress.v1'"));
    }
}
