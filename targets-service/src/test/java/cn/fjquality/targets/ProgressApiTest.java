package cn.fjquality.targets;

import cn.fjquality.targets.MeasurementEventsFixture.M;
import cn.fjquality.testsupport.TestCallers;
import cn.fjquality.testsupport.TopicProbe;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.apache.commons.csv.CSVRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static cn.fjquality.targets.TargetFixtures.COUNTY;
import static cn.fjquality.targets.TargetFixtures.CITY_A;
import static cn.fjquality.targets.TargetFixtures.CITY_B;
import static cn.fjquality.targets.TargetFixtures.LEAD;
import static cn.fjquality.targets.TargetFixtures.newCode;
import static cn.fjquality.targets.TargetFixtures.rateBody;
import static cn.fjquality.targets.TargetFixtures.updateBody;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** measurements.v1 → the progress projection → the API, progress.v1 and the gauges, on the real PostgreSQL and Kafka. */
@QuarkusTest
class ProgressApiTest {
    @jakarta.inject.Inject
    cn.fjquality.targets.service.ProgressService progressService;

    static final String FOOD = "OL25-FOOD-SAMPLING-PASS-RATE";
    static final String STANDARDS = "OL25-PUBLIC-MEASUREMENT-STANDARDS";
    static final Instant REPORTED_2023 = Instant.parse("2024-01-20T02:00:00Z");
    static final Instant REPORTED_2024 = Instant.parse("2025-01-20T02:00:00Z");
    private static boolean foodLoaded;

    /**
     * 食品抽检合格率 from two cities over 2023 and 2024, and a county of Fuzhou: Fuzhou reports its own figure, so the
     * county's is not added to it (it shows as Fuzhou's reconciliation), and the province rolls up from the cities.
     */
    static synchronized void foodData() {
        if (foodLoaded) {
            return;
        }
        UnitEventsFixture.ensureActive(CITY_A, CITY_B, COUNTY);
        MeasurementEventsFixture.recorded(M.rate(FOOD, CITY_A, "2023", 1, 960, 1000, REPORTED_2023));
        MeasurementEventsFixture.recorded(M.rate(FOOD, CITY_B, "2023", 1, 1960, 2000, REPORTED_2023));
        MeasurementEventsFixture.recorded(M.rate(FOOD, CITY_A, "2024", 1, 975, 1000, REPORTED_2024));
        MeasurementEventsFixture.recorded(M.rate(FOOD, CITY_B, "2024", 1, 1965, 2000, REPORTED_2024));
        MeasurementEventsFixture.recorded(M.rate(FOOD, COUNTY, "2024", 1, 10, 1000, Instant.parse("2025-02-01T00:00:00Z")));
        foodLoaded = true;
    }

    static JsonPath progressOf(String code, String scope) {
        return given().header("Authorization", TestCallers.analyst()).queryParam("scope", scope)
                .when().get("/api/v1/targets/" + code + "/progress")
                .then().statusCode(200).contentType(ContentType.JSON).extract().jsonPath();
    }

    static Map<String, Object> row(String code, String asOf) {
        var req = given().header("Authorization", TestCallers.analyst()).queryParam("plan", "FJ-OUTLINE-2025");
        if (asOf != null) {
            req = req.queryParam("asOf", asOf);
        }
        List<Map<String, Object>> items = req.when().get("/api/v1/progress")
                .then().statusCode(200).extract().jsonPath().getList("items");
        return items.stream().filter(r -> code.equals(r.get("code"))).findFirst().orElseThrow();
    }

    static double num(Object o) {
        return ((Number) o).doubleValue();
    }

    @Test
    void provinceRateIsSumOfNumeratorsOverSumOfDenominatorsOfTheCitiesWithForecastAndStatus() {
        foodData();
        JsonPath p = progressOf(FOOD, "PROVINCE");
        assertEquals("PROVINCE", p.getString("scope"));
        assertEquals("RATIO", p.getString("aggregation"));
        // 2024: (975 + 1965) / (1000 + 2000) × 100 = 98.0, rolled up from the cities (the lead reported nothing);
        // the county's 10/1000 is not counted: Fuzhou's own figure takes precedence.
        assertEquals(98.0, p.getDouble("actual"), 1e-6);
        assertEquals(0.5, p.getDouble("gap"), 1e-6);
        assertEquals(98.0 / 98.5 * 100, p.getDouble("percentOfTarget"), 1e-4);
        // Least squares through 97.333 (2023) and 98.0 (2024), read at the end of 2025.
        assertEquals(98.667, p.getDouble("forecast"), 0.01);
        assertEquals(2920.0 / 30, p.getDouble("baseline"), 1e-4);
        assertEquals(1.1429, p.getDouble("progressRatio"), 0.001);
        assertEquals("ON_TRACK", p.getString("status"));
        assertTrue(p.getString("method").contains("else the roll-up of the places below"), p.getString("method"));
        assertTrue(p.getString("method").contains("RETURNED values left out"), p.getString("method"));
        assertEquals(0.95, p.getDouble("thresholds.onTrackFrom"), 0);
        assertEquals(0.6, p.getDouble("thresholds.needsAccelerationFrom"), 0);
        assertEquals("P3M", p.getString("thresholds.reportDueAfter"));
        assertEquals(0.05, p.getDouble("thresholds.reconciliationTolerance"), 0);
        assertEquals(List.of("2023", "2024"), p.getList("series.period"));
        assertEquals(2940.0, p.getDouble("series[1].numerator"), 0);
        assertEquals(3000.0, p.getDouble("series[1].denominator"), 0);
        assertEquals("ROLLED_UP", p.getString("series[1].source"));
        assertEquals(List.of(CITY_A, CITY_B), p.getList("series[1].rolledUpFrom"));
        assertEquals(2, p.getInt("series[1].placesCovered"));
        assertEquals(4, p.getInt("series[1].placesTotal"));
        assertEquals("SUBMITTED", p.getString("series[1].status"));
        // The last counted value was reported 2025-01-20 (the county's later one is not counted). Stale once the 2025
        // figures are due (31 March 2026) and the province has none.
        assertEquals(REPORTED_2024.toString(), p.getString("lastReportAt"));
        boolean stale = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).isAfter(java.time.LocalDate.of(2026, 3, 31));
        assertEquals(stale, p.getBoolean("stale"));
        assertEquals(stale ? "2025" : "2024", p.getString("thresholds.latestDuePeriod"));

        Map<String, Object> r = row(FOOD, null);
        assertEquals("ON_TRACK", r.get("status"));
        assertEquals(98.0, num(r.get("actual")), 1e-6);
        assertEquals(98.667, num(r.get("forecast")), 0.01);
        assertEquals("食品抽检合格率", r.get("nameZh"));
        assertEquals("%", r.get("unit"));
        assertEquals("GE", r.get("comparator"));
        assertEquals(98.5, num(r.get("targetValue")), 0);
        assertEquals(2025, r.get("deadlineYear"));
        assertEquals(stale, r.get("stale"));
        assertEquals("2024", r.get("lastPeriod"));
        assertEquals("ROLLED_UP", r.get("source"));
        assertEquals(2, r.get("placesCovered"));
        assertEquals(4, r.get("placesTotal"));
    }

    @Test
    void aCityScopeShowsTheCitysFigure() {
        foodData();
        JsonPath city = progressOf(FOOD, CITY_A);
        assertEquals(CITY_A, city.getString("scope"));
        assertEquals(List.of(96.0f, 97.5f), city.getList("series.value", Float.class));
        assertEquals(975.0, city.getDouble("series[1].numerator"), 0);
        assertEquals(List.of(CITY_A), city.getList("series[1].reportedBy"));
        assertEquals("REPORTED", city.getString("series[1].source"));
        assertEquals("PLACES", city.getString("series[1].checks[0].kind"));
        assertEquals(1.0, city.getDouble("series[1].checks[0].derived"), 1e-9);
        assertEquals(97.5, city.getDouble("actual"), 1e-9);
        assertEquals(99.0, city.getDouble("forecast"), 0.01);
        assertEquals("ON_TRACK", city.getString("status"));

        // The county's own figure at its own scope; by division code too.
        JsonPath county = progressOf(FOOD, COUNTY);
        assertEquals(1.0, progressOf(FOOD, "350102").getDouble("actual"), 1e-9);
        assertEquals(1.0, county.getDouble("actual"), 1e-9);
        assertEquals(List.of("2024"), county.getList("series.period"));

        JsonPath nobody = progressOf(FOOD, "FJ-NINGDE");
        assertEquals("NO_DATA", nobody.getString("status"));
        assertEquals(0, nobody.getList("series").size());
    }

    @Test
    void asOfRecomputesFromTheValuesReportedByThen() {
        foodData();
        assertEquals("NO_DATA", row(FOOD, "2020-06-30").get("status"));
        assertEquals("NO_DATA", row(FOOD, "2024-01-19").get("status"), "the 2023 values were reported on 2024-01-20");
        Map<String, Object> mid = row(FOOD, "2024-06-30");
        assertEquals(2920.0 / 30, num(mid.get("actual")), 1e-4);
        assertEquals("OFF_TRACK", mid.get("status"), "one point: flat forecast = baseline, P = 0");
        assertEquals("2024-06-30", mid.get("asOf"));
        given().header("Authorization", TestCallers.analyst()).queryParam("asOf", "2024-06-30")
                .when().get("/api/v1/targets/" + FOOD + "/progress")
                .then().statusCode(200).body("series.period", contains("2023")).body("asOf", equalTo("2024-06-30"));
    }

    @Test
    void cumulativeLevelSumsTheCitiesAndIsAchievedOnceOver2400() {
        given().header("Authorization", TestCallers.analyst()).when().get("/api/v1/targets/" + STANDARDS)
                .then().statusCode(200).body("kind", equalTo("LEVEL")).body("comparator", equalTo("GT"))
                .body("aggregation", equalTo("SUM"));
        Instant now = Instant.now();
        MeasurementEventsFixture.recorded(M.amount(STANDARDS, CITY_A, "2023", 1, 1000, now));
        MeasurementEventsFixture.recorded(M.amount(STANDARDS, CITY_B, "2023", 1, 1100, now));
        MeasurementEventsFixture.recorded(M.amount(STANDARDS, CITY_A, "2024", 1, 1150, now));
        MeasurementEventsFixture.recorded(M.amount(STANDARDS, CITY_B, "2024", 1, 1200, now));
        JsonPath p = progressOf(STANDARDS, "PROVINCE");
        assertEquals(2350.0, p.getDouble("actual"), 1e-9);
        assertEquals(2600.0, p.getDouble("forecast"), 1.0);
        // Two of the cities: part of the province total, which says nothing about the whole until it passes 2400.
        assertEquals("NO_DATA", p.getString("status"));
        assertNull(p.get("gap"));
        assertTrue(p.getString("method").contains("not judged: rolled up from 2 of"), p.getString("method"));
        // 2025's figures are due by 31 March 2026
        assertEquals(java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).isAfter(java.time.LocalDate.of(2026, 3, 31)),
                p.getBoolean("stale"));

        MeasurementEventsFixture.recorded(M.amount(STANDARDS, CITY_A, "2025", 1, 1200, now));
        MeasurementEventsFixture.recorded(M.amount(STANDARDS, CITY_B, "2025", 1, 1250, now));
        Map<String, Object> r = row(STANDARDS, null);
        assertEquals(2450.0, num(r.get("actual")), 1e-9);
        assertEquals("ACHIEVED", r.get("status"), "the cities that reported already pass 2400: the rest can only add");
        assertEquals(2475.0, num(r.get("forecast")), 1.0);
        assertEquals("社会公用计量标准", r.get("nameZh"));
        assertEquals(false, r.get("stale"));
    }

    static List<JsonNode> progressEvents(List<ConsumerRecord<String, String>> records, String code) {
        return records.stream().filter(r -> code.equals(r.key())).map(r -> TargetEventsTest.json(r.value())).toList();
    }

    @Test
    void statusChangesEmitOneEventEachDuplicatesAndLateOlderRevisionsChangeNothing() {
        String code = newCode();
        Map<String, Object> body = rateBody(code);
        TargetFixtures.create(body);
        Instant now = Instant.now();
        try (TopicProbe probe = new TopicProbe("progress.v1")) {
            M rev1 = M.rate(code, LEAD, "2024", 1, 950, 1000, now).at("FJ");
            UUID first = UUID.randomUUID();
            String firstEvent = MeasurementEventsFixture.envelope(first, "MeasurementRecorded", rev1, Instant.now());
            MeasurementEventsFixture.send(code, firstEvent);
            MeasurementEventsFixture.awaitProcessed(first);
            assertEquals("OFF_TRACK", progressOf(code, "PROVINCE").getString("status"));
            assertEquals(95.0, progressOf(code, "PROVINCE").getDouble("actual"), 1e-9);

            // The same event again, then an older revision under a new id (same key: same partition, in order).
            MeasurementEventsFixture.send(code, firstEvent);
            MeasurementEventsFixture.recorded(new M(code, LEAD, "2024", 0, new java.math.BigDecimal("10"), null, null, "SUBMITTED", now).at("FJ"));
            assertEquals(1, TestDb.count("SELECT count(*) FROM processed_event WHERE event_id = ?", first));
            assertEquals(1, TestDb.count("SELECT count(*) FROM progress_data_point WHERE target_code = ?", code));
            assertEquals(95.0, progressOf(code, "PROVINCE").getDouble("actual"), 1e-9);
            List<ConsumerRecord<String, String>> seen = probe.pollUntil(rs -> progressEvents(rs, code).size() >= 2, Duration.ofSeconds(30));
            seen = probe.drain(Duration.ofSeconds(2));
            List<JsonNode> events = progressEvents(seen, code);
            assertEquals(2, events.size(), "NO_DATA → OFF_TRACK at PROVINCE and at the lead unit's own scope, nothing for the duplicate");

            // Revision 2 reaches the target; then revision 1 arrives late and is ignored.
            MeasurementEventsFixture.recorded(M.rate(code, LEAD, "2024", 2, 990, 1000, now).at("FJ"));
            MeasurementEventsFixture.recorded(rev1);
            JsonPath p = progressOf(code, "PROVINCE");
            assertEquals("ACHIEVED", p.getString("status"));
            assertEquals(99.0, p.getDouble("actual"), 1e-9);
            assertEquals(990.0, p.getDouble("series[0].numerator"), 0);

            // A review changes the point's status, not the target's.
            MeasurementEventsFixture.reviewed(M.rate(code, LEAD, "2024", 2, 990, 1000, now).at("FJ").withStatus("APPROVED"));
            assertEquals("APPROVED", progressOf(code, "PROVINCE").getString("series[0].status"));

            probe.pollUntil(rs -> progressEvents(rs, code).size() >= 4, Duration.ofSeconds(30));
            events = progressEvents(probe.drain(Duration.ofSeconds(2)), code);
            assertEquals(4, events.size(), events.toString());
            List<JsonNode> province = events.stream().filter(e -> e.get("payload").get("scope").asText().equals("PROVINCE")).toList();
            assertEquals(2, province.size());
            JsonNode achieved = province.get(1);
            assertEquals("ProgressStatusChanged", achieved.get("type").asText());
            assertEquals("targets-service", achieved.get("producer").asText());
            assertEquals(code, achieved.get("aggregateCode").asText());
            assertEquals("OFF_TRACK", achieved.get("payload").get("previousStatus").asText());
            assertEquals("ACHIEVED", achieved.get("payload").get("status").asText());
            assertEquals(99.0, achieved.get("payload").get("actual").asDouble(), 1e-9);
            assertEquals("NO_DATA", province.get(0).get("payload").get("previousStatus").asText());
            assertEquals(1, events.stream().filter(e -> e.get("payload").get("scope").asText().equals(LEAD)
                    && e.get("payload").get("status").asText().equals("ACHIEVED")).count());

            // Raising the target above the actual (a new revision) recomputes at once and emits again.
            Map<String, Object> raised = updateBody(body);
            raised.put("targetValue", 99.5);
            given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON).body(raised)
                    .when().put("/api/v1/targets/" + code)
                    .then().statusCode(200).body("revision", equalTo(2));
            Map<String, Object> r = given().header("Authorization", TestCallers.analyst()).queryParam("plan", "FJ-OUTLINE-2025")
                    .queryParam("status", "OFF_TRACK").when().get("/api/v1/progress")
                    .then().statusCode(200).extract().jsonPath().<Map<String, Object>>getList("items").stream()
                    .filter(x -> code.equals(x.get("code"))).findFirst().orElseThrow();
            assertEquals(99.5, num(r.get("targetValue")), 0);
            assertEquals(0.5, num(r.get("gap")), 1e-9);
            probe.pollUntil(rs -> progressEvents(rs, code).size() >= 6, Duration.ofSeconds(30));
            events = progressEvents(probe.drain(Duration.ofSeconds(2)), code);
            assertEquals(6, events.size(), events.toString());
            assertEquals("OFF_TRACK", events.get(5).get("payload").get("status").asText());
        }
    }

    @Test
    void malformedEventsAreSkippedWithoutStoppingTheConsumer() {
        String code = newCode();
        TargetFixtures.create(rateBody(code));
        Instant now = Instant.now();
        UUID badPeriod = UUID.randomUUID();
        MeasurementEventsFixture.send(code, "this is not json");
        MeasurementEventsFixture.send(code, MeasurementEventsFixture.envelope(badPeriod, "MeasurementRecorded",
                M.rate(code, CITY_A, "2025Q9", 1, 1, 2, now), now));
        MeasurementEventsFixture.send(code, MeasurementEventsFixture.envelope(UUID.randomUUID(), "MeasurementDeletedInTheFuture",
                M.rate(code, CITY_A, "2024", 1, 1, 2, now), now));
        MeasurementEventsFixture.recorded(M.rate(code, LEAD, "2024", 1, 980, 1000, now).at("FJ"));
        assertEquals(0, TestDb.count("SELECT count(*) FROM processed_event WHERE event_id = ?", badPeriod));
        assertEquals(1, TestDb.count("SELECT count(*) FROM progress_data_point WHERE target_code = ?", code));
        given().header("Authorization", TestCallers.analyst()).when().get("/api/v1/targets/" + code + "/progress")
                .then().statusCode(200).body("status", equalTo("ACHIEVED")).body("series.period", contains("2024"));
    }

    @Test
    void summaryCountsAgreeWithTheList() {
        foodData();
        List<Map<String, Object>> rows = given().header("Authorization", TestCallers.analyst()).queryParam("plan", "FJ-OUTLINE-2025")
                .when().get("/api/v1/progress").then().statusCode(200).extract().jsonPath().getList("items");
        JsonPath s = given().header("Authorization", TestCallers.analyst()).queryParam("plan", "FJ-OUTLINE-2025")
                .when().get("/api/v1/progress/summary").then().statusCode(200).extract().jsonPath();
        assertEquals(rows.size(), s.getInt("total"));
        assertTrue(rows.size() >= 49);
        for (String status : List.of("ACHIEVED", "ON_TRACK", "NEEDS_ACCELERATION", "OFF_TRACK", "DETERIORATING", "NO_DATA")) {
            assertEquals(rows.stream().filter(r -> status.equals(r.get("status"))).count(), s.getLong("byStatus." + status), status);
        }
        assertTrue(s.getLong("byStatus.ON_TRACK") >= 1);
        assertEquals(rows.stream().filter(r -> Boolean.TRUE.equals(r.get("stale"))).count(), s.getLong("stale"));
        Map<String, Object> chapter = s.<Map<String, Object>>getList("bySection").stream()
                .filter(g -> "二、(一)".equals(g.get("key"))).findFirst().orElseThrow();
        long chapterRows = rows.stream().filter(r -> ((String) r.get("section")).startsWith("二、(一)")).count();
        assertEquals(chapterRows, num(chapter.get("total")), 0);
        Map<String, Object> amr = s.<Map<String, Object>>getList("byLeadUnit").stream()
                .filter(g -> "FJ-AMR".equals(g.get("key"))).findFirst().orElseThrow();
        int amrRows = given().header("Authorization", TestCallers.analyst()).queryParam("plan", "FJ-OUTLINE-2025")
                .queryParam("leadUnit", "FJ-AMR").when().get("/api/v1/progress").then().statusCode(200)
                .extract().path("total");
        assertEquals(amrRows, num(amr.get("total")), 0);

        // Paging: a page of 5 and the total.
        given().header("Authorization", TestCallers.analyst()).queryParam("plan", "FJ-OUTLINE-2025").queryParam("size", 5).queryParam("page", 1)
                .when().get("/api/v1/progress").then().statusCode(200)
                .body("items.size()", equalTo(5)).body("page", equalTo(1)).body("size", equalTo(5)).body("total", equalTo(rows.size()))
                .body("items[0].code", equalTo(rows.get(5).get("code")));
    }

    @Test
    void csvHasABomAndTheChineseNames() throws Exception {
        foodData();
        Response csv = given().header("Authorization", TestCallers.analyst()).accept("text/csv").queryParam("plan", "FJ-OUTLINE-2025")
                .when().get("/api/v1/progress");
        csv.then().statusCode(200).contentType(startsWith("text/csv")).header("Content-Disposition", containsString("progress.csv"));
        List<CSVRecord> rows = CsvExportTest.parse(csv.asByteArray());
        CSVRecord food = rows.stream().filter(r -> r.get("code").equals(FOOD)).findFirst().orElseThrow();
        assertEquals("食品抽检合格率", food.get("nameZh"));
        assertEquals("二、(一)1", food.get("section"));
        assertEquals("98", food.get("actual"));
        assertEquals("ON_TRACK", food.get("status"));
        assertEquals("98.5", food.get("targetValue"));
        assertTrue(rows.stream().anyMatch(r -> r.get("status").equals("NO_DATA") && r.get("actual").isEmpty()));

        Response series = given().header("Authorization", TestCallers.analyst()).accept("text/csv")
                .when().get("/api/v1/targets/" + FOOD + "/progress");
        series.then().statusCode(200).contentType(startsWith("text/csv"));
        List<CSVRecord> points = CsvExportTest.parse(series.asByteArray());
        assertEquals(List.of("2023", "2024"), points.stream().map(r -> r.get("period")).toList());
        assertEquals("FJ-FUZHOU;FJ-XIAMEN", points.get(1).get("rolledUpFrom"));
        assertEquals("ROLLED_UP", points.get(1).get("source"));
        assertEquals("2940", points.get(1).get("numerator"));
    }

    @Test
    void gaugesShowStatusCountsAndEachCatalogTargetsRatio() {
        foodData();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                given().when().get("/q/metrics").then().statusCode(200)
                        .body(containsString("progress_ratio{target=\"" + FOOD + "\"} 1.14"))
                        .body(containsString("progress_targets{plan=\"FJ-OUTLINE-2025\",status=\"ON_TRACK\"}"))
                        .body(containsString("progress_targets_stale{plan=\"FJ-OUTLINE-2025\"}"))
                        .body(containsString("progress_last_report_age_seconds{target=\"" + FOOD + "\"}")));
        String metrics = given().when().get("/q/metrics").then().extract().asString();
        assertTrue(metrics.lines().noneMatch(l -> l.startsWith("progress_ratio{target=\"TST-")), "only catalog targets get a per-target gauge");
    }

    @Test
    void theDailyRecomputeRefreshesStoredRowsWithoutNewStatusEvents() {
        foodData();
        long before = TestDb.count("SELECT count(*) FROM outbox_event WHERE topic = 'progress.v1'");
        Instant start = Instant.now();
        assertTrue(progressService.recomputeAll() >= 1);
        assertEquals(1, TestDb.count("SELECT count(*) FROM progress WHERE target_code = ? AND scope = 'PROVINCE' AND computed_at >= ?",
                FOOD, java.sql.Timestamp.from(start)));
        assertEquals(before, TestDb.count("SELECT count(*) FROM outbox_event WHERE topic = 'progress.v1'"));
        assertEquals("ON_TRACK", row(FOOD, null).get("status"));
    }

    @Test
    void theOpenApiDocumentStatesTheMethod() {
        given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200)
                .body(containsString("/api/v1/progress/summary"))
                .body(containsString("/api/v1/targets/{code}/progress"))
                .body(containsString("P = (forecast − baseline) / (target − baseline)"))
                .body(containsString("NEEDS_ACCELERATION (0.6 ≤ P < 0.95)"))
                .body(containsString("progress.reconciliation.tolerance"))
                .body(containsString("/api/v1/targets/{code}/cities"))
                .body(containsString("/api/v1/progress/cities"));
    }

    @Test
    void readersMayReadAndEveryoneElseIsRefused() {
        given().header("Authorization", TestCallers.reporter(CITY_A)).when().get("/api/v1/progress")
                .then().statusCode(200);
        given().header("Authorization", TestCallers.reporter(CITY_A)).when().get("/api/v1/targets/" + FOOD + "/progress")
                .then().statusCode(200).body("targetCode", equalTo(FOOD));
        given().header("Authorization", TestCallers.gateway()).when().get("/api/v1/progress/summary")
                .then().statusCode(200);
        for (String path : List.of("/api/v1/progress", "/api/v1/progress/summary", "/api/v1/targets/" + FOOD + "/progress")) {
            given().when().get(path).then().statusCode(401).contentType("application/problem+json").body("code", equalTo("UNAUTHENTICATED"));
            given().header("Authorization", TestCallers.forged()).when().get(path).then().statusCode(401);
        }
    }

    @Test
    void badQueriesAre400AndUnknownTargets404() {
        String analyst = TestCallers.analyst();
        given().header("Authorization", analyst).queryParam("status", "GREAT").when().get("/api/v1/progress")
                .then().statusCode(400).body("code", equalTo("INVALID_QUERY_PARAMETER"));
        given().header("Authorization", analyst).queryParam("asOf", "2025-13-01").when().get("/api/v1/progress")
                .then().statusCode(400).body("code", equalTo("INVALID_QUERY_PARAMETER"));
        given().header("Authorization", analyst).queryParam("size", 0).when().get("/api/v1/progress")
                .then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        given().header("Authorization", analyst).queryParam("scope", "fj fuzhou").when().get("/api/v1/targets/" + FOOD + "/progress")
                .then().statusCode(400).body("code", equalTo("INVALID_QUERY_PARAMETER"));
        given().header("Authorization", analyst).when().get("/api/v1/targets/NO-SUCH-TARGET/progress")
                .then().statusCode(404).body("code", equalTo("TARGET_NOT_FOUND"));
        given().header("Authorization", analyst).queryParam("status", "no_data").queryParam("plan", "FJ-WP-2021")
                .when().get("/api/v1/progress").then().statusCode(200).body("items.status.unique()", contains("NO_DATA"))
                .body("items[0].actual", nullValue());
    }
}
