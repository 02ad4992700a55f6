package cn.fjquality.reports;

import cn.fjquality.events.Topics;
import cn.fjquality.events.period.Frequency;
import cn.fjquality.events.period.Period;
import cn.fjquality.testsupport.TestCallers;
import cn.fjquality.testsupport.TopicProbe;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static cn.fjquality.reports.Api.importCsv;
import static cn.fjquality.reports.Api.row;
import static cn.fjquality.reports.Api.submit;
import static cn.fjquality.reports.Api.submitOk;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A value describes a place (the province, a city, a county); a unit reports it. Periods finer than the target's
 * frequency, and base years before the plan.
 */
@QuarkusTest
class PlacesApiTest {
    static World w;

    @BeforeAll
    static void world() {
        w = World.create();
    }

    /** A row naming its place (a unit code, or a division code as text or number). */
    static Map<String, Object> at(String target, String unit, Object place, String period, Object value) {
        Map<String, Object> r = row(target, unit, period, value);
        r.put("place", place);
        return r;
    }

    @Test
    void aDepartmentsValueDescribesTheProvinceUnlessItNamesAPlace() {
        String dept = TestCallers.reporter(w.dept);
        String provinceId = submit(dept, row(w.sum, w.dept, "2023", 100)).statusCode(201)
                .body("unit", equalTo(w.dept)).body("place", equalTo(w.province)).extract().path("id");
        String cityId = submit(dept, at(w.sum, w.dept, w.city1, "2023", 40)).statusCode(201)
                .body("unit", equalTo(w.dept)).body("place", equalTo(w.city1)).body("revision", equalTo(1)).extract().path("id");
        assertNotEquals(provinceId, cityId);
        // The same city named by its division code: the same measurement, a new revision.
        submit(dept, at(w.sum, w.dept, w.city1Division, "2023", 41)).statusCode(201)
                .body("id", equalTo(cityId)).body("place", equalTo(w.city1)).body("revision", equalTo(2));
        // The province's figure is untouched.
        given().header("Authorization", TestCallers.analyst()).get("/api/v1/measurements/" + provinceId).then().statusCode(200)
                .body("place", equalTo(w.province)).body("revision", equalTo(1)).body("value", equalTo(100));
        given().header("Authorization", TestCallers.analyst()).queryParam("target", w.sum).queryParam("unit", w.dept)
                .queryParam("from", "2023").queryParam("to", "2023").get("/api/v1/measurements").then().statusCode(200)
                .body("total", equalTo(2)).body("items.id", contains(cityId, provinceId))
                .body("items.place", contains(w.city1, w.province)).body("items.value", contains(41, 100));

        try (TopicProbe probe = new TopicProbe(Topics.MEASUREMENTS)) {
            List<ConsumerRecord<String, String>> seen = probe.pollUntil(records -> records.stream()
                    .filter(r -> r.value().contains(provinceId) || r.value().contains(cityId)).count() >= 3, Duration.ofSeconds(30));
            List<JsonNode> payloads = seen.stream().filter(r -> r.value().contains(provinceId) || r.value().contains(cityId))
                    .map(r -> parse(r.value())).filter(n -> n.get("type").asText().equals("MeasurementRecorded"))
                    .map(n -> n.get("payload")).toList();
            assertEquals(3, payloads.size(), payloads.toString());
            for (JsonNode p : payloads) {
                assertEquals(w.dept, p.get("unitCode").asText());
                String expected = p.get("measurementId").asText().equals(provinceId) ? w.province : w.city1;
                assertEquals(expected, p.get("placeCode").asText(), p.toString());
            }
            assertEquals(1, payloads.stream().filter(p -> p.get("placeCode").asText().equals(w.province)).count());
        }
    }

    @Test
    void aCityMayDescribeItsCountiesButACountyNotItsCity() {
        String city = TestCallers.reporter(w.city1);
        String county = TestCallers.reporter(w.county1);
        String id = submit(city, at(w.sum, w.city1, w.county1, "2022", 7)).statusCode(201)
                .body("unit", equalTo(w.city1)).body("place", equalTo(w.county1)).extract().path("id");
        submit(city, at(w.sum, w.city1, w.county1Division, "2022", 8)).statusCode(201)
                .body("id", equalTo(id)).body("revision", equalTo(2));
        submit(city, row(w.sum, w.city1, "2022", 70)).statusCode(201).body("place", equalTo(w.city1));

        submit(county, at(w.sum, w.county1, w.city1, "2022", 70)).statusCode(422).contentType("application/problem+json")
                .body("code", equalTo("PLACE_NOT_ALLOWED")).body("errors[0].field", equalTo("place"));
        submit(county, at(w.sum, w.county1, w.city1Division, "2022", 70)).statusCode(422).body("code", equalTo("PLACE_NOT_ALLOWED"));
        submit(county, at(w.sum, w.county1, w.province, "2022", 70)).statusCode(422).body("code", equalTo("PLACE_NOT_ALLOWED"));
        submit(city, at(w.sum, w.city1, w.city2, "2022", 7)).statusCode(422).body("code", equalTo("PLACE_NOT_ALLOWED"));
        // A county describes itself, by default or by name.
        submit(county, row(w.sum, w.county1, "2022", 3)).statusCode(201).body("place", equalTo(w.county1));
        submit(county, at(w.sum, w.county1, w.county1, "2022", 3)).statusCode(201).body("place", equalTo(w.county1))
                .body("revision", equalTo(2));
    }

    @Test
    void aPlaceMustBeAKnownPlaceChecked() {
        String admin = TestCallers.admin();
        submit(admin, at(w.sum, w.dept, w.dept, "2022", 1)).statusCode(422)
                .body("code", equalTo("UNKNOWN_PLACE")).body("errors[0].field", equalTo("place"))
                .body("detail", containsString("not a place"));
        submit(admin, at(w.sum, w.dept, TestEvents.division(), "2022", 1)).statusCode(422).body("code", equalTo("UNKNOWN_PLACE"));
        submit(admin, at(w.sum, w.dept, "NO-SUCH-PLACE", "2022", 1)).statusCode(422).body("code", equalTo("UNKNOWN_PLACE"));
        submit(admin, at(w.sum, w.dept, "FJ\u0000" + w.city1, "2022", 1)).statusCode(422).body("code", equalTo("UNKNOWN_PLACE"));
        // Checked right after UNIT_NOT_ALLOWED (city2 does not report the SUM target) and before the period.
        submit(admin, at(w.sum, w.city2, "NO-SUCH-PLACE", "2022", 1)).statusCode(422).body("code", equalTo("UNIT_NOT_ALLOWED"));
        submit(admin, at(w.sum, w.dept, "NO-SUCH-PLACE", "2022-1", 1)).statusCode(422).body("code", equalTo("UNKNOWN_PLACE"));
        submit(admin, at(w.sum, w.city1, w.city2, "2022-1", 1)).statusCode(422).body("code", equalTo("PLACE_NOT_ALLOWED"));
        // Scope is about the reporting unit: city2's key may not report for city1, whatever the place.
        submit(TestCallers.reporter(w.city2), at(w.sum, w.city1, w.city1, "2022", 1)).statusCode(403)
                .body("code", equalTo("UNIT_OUT_OF_SCOPE"));

        // A unit that lies under no place reports for none.
        String loose = TestEvents.code("LOOSE");
        TestEvents.unit(loose, null, "OTHER");
        String target = TestEvents.code("T-LOOSE");
        new TestEvents.Target(target).frequency("YEAR").aggregation("SUM").bounds(null, null).lead(loose).publish();
        World.awaitUnits(loose);
        World.awaitTarget(target, 1);
        submit(admin, row(target, loose, "2022", 1)).statusCode(422).body("code", equalTo("PLACE_NOT_ALLOWED"));
        submit(admin, at(target, loose, w.province, "2022", 1)).statusCode(422).body("code", equalTo("PLACE_NOT_ALLOWED"));
    }

    @Test
    void importsTakeAPlaceAndIgnoreWhatTheyStoredBefore() {
        String csv = "target,unit,period,value,place\n"
                + w.sum + "," + w.dept + ",2021,100,\n"
                + w.sum + "," + w.dept + ",2021,40," + w.city1 + "\n"
                + w.sum + "," + w.dept + ",2021,30," + w.city2Division + "\n"
                + w.sum + "," + w.county1 + ",2021,5," + w.city1 + "\n"
                + w.sum + "," + w.dept + ",2021,1,NO-SUCH-PLACE\n"
                + w.sum + "," + w.city1 + ",2021,9," + w.county1Division + "\n";
        for (boolean dryRun : new boolean[]{true, false}) {
            importCsv(TestCallers.admin(), csv, dryRun).statusCode(200)
                    .body("status", equalTo("WARNING"))
                    .body("counts.imported", equalTo(4)).body("counts.rejected", equalTo(2))
                    .body("conflicts.row", contains(4, 5))
                    .body("conflicts.code", contains("PLACE_NOT_ALLOWED", "UNKNOWN_PLACE"))
                    .body("conflicts.field", everyItem(equalTo("place")));
        }
        // The same file again: the stored rows come back ignored.
        importCsv(TestCallers.admin(), csv, false).statusCode(200)
                .body("counts.imported", equalTo(0)).body("counts.updated", equalTo(0))
                .body("counts.ignored", equalTo(4)).body("counts.rejected", equalTo(2));
        given().header("Authorization", TestCallers.analyst()).queryParam("target", w.sum).queryParam("unit", w.dept)
                .queryParam("from", "2021").queryParam("to", "2021").get("/api/v1/measurements").then().statusCode(200)
                .body("total", equalTo(3)).body("items.place", contains(w.city1, w.city2, w.province))
                .body("items.value", contains(40, 30, 100));

        // JSON: the place as a field; a division code may be a number.
        Map<String, Object> badType = at(w.sum, w.dept, null, "2021", 40);
        badType.put("place", List.of(w.city1));
        Map<String, Object> body = Map.of("measurements", List.of(
                at(w.sum, w.dept, w.city1, "2021", 40),
                at(w.sum, w.dept, Integer.parseInt(w.city2Division), "2021", 31),
                row(w.sum, w.dept, "2021", 100),
                badType));
        given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON).body(body).post("/api/v1/imports")
                .then().statusCode(200)
                .body("counts.ignored", equalTo(2)).body("counts.updated", equalTo(1)).body("counts.rejected", equalTo(1))
                .body("conflicts[0].row", equalTo(4)).body("conflicts[0].code", equalTo("WRONG_TYPE"))
                .body("conflicts[0].field", equalTo("place"));
        given().header("Authorization", TestCallers.analyst()).queryParam("target", w.sum).queryParam("place", w.city2)
                .queryParam("from", "2021").queryParam("to", "2021").get("/api/v1/measurements").then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].value", equalTo(31)).body("items[0].revision", equalTo(2));
    }

    @Test
    void theListFiltersByPlace() {
        String dept = TestCallers.reporter(w.dept);
        String city = TestCallers.reporter(w.city1);
        submitOk(dept, row(w.ratio, w.dept, "2024Q2", 90));
        submitOk(dept, at(w.ratio, w.dept, w.county1, "2024Q2", 91));
        submitOk(city, row(w.ratio, w.city1, "2024Q2", 92));
        submitOk(city, at(w.ratio, w.city1, w.county1, "2024Q2", 93));

        for (String place : List.of(w.county1, w.county1Division, " " + w.county1 + " ")) {
            given().header("Authorization", TestCallers.analyst()).queryParam("target", w.ratio).queryParam("place", place)
                    .get("/api/v1/measurements").then().statusCode(200)
                    .body("total", equalTo(2)).body("items.unit", contains(w.city1, w.dept))
                    .body("items.place", everyItem(equalTo(w.county1)));
        }
        given().header("Authorization", TestCallers.analyst()).queryParam("target", w.ratio).queryParam("place", w.province)
                .queryParam("from", "2024Q2").queryParam("to", "2024Q2").get("/api/v1/measurements").then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].unit", equalTo(w.dept)).body("items[0].value", equalTo(90));
        // Unknown places match nothing; a malformed one is a 400.
        given().header("Authorization", TestCallers.analyst()).queryParam("place", TestEvents.division())
                .get("/api/v1/measurements").then().statusCode(200).body("total", equalTo(0)).body("items", hasSize(0));
        given().header("Authorization", TestCallers.analyst()).queryParam("place", "NO-SUCH-PLACE")
                .get("/api/v1/measurements").then().statusCode(200).body("total", equalTo(0));
        for (String malformed : List.of("P".repeat(33), " ", "FJ\tX")) {
            given().header("Authorization", TestCallers.analyst()).queryParam("place", malformed)
                    .get("/api/v1/measurements").then().statusCode(400).contentType("application/problem+json")
                    .body("code", equalTo("INVALID_QUERY_PARAMETER")).body("errors[0].field", equalTo("place"));
        }
        // A REPORTER still sees only its unit's values, whatever place they describe.
        given().header("Authorization", city).queryParam("target", w.ratio).queryParam("place", w.county1)
                .get("/api/v1/measurements").then().statusCode(200).body("total", equalTo(1)).body("items[0].value", equalTo(93));
        // CSV: the place column, and the filter.
        String text = new String(given().header("Authorization", TestCallers.analyst()).accept("text/csv")
                .queryParam("target", w.ratio).queryParam("place", w.county1Division).get("/api/v1/measurements")
                .then().statusCode(200).extract().asByteArray(), StandardCharsets.UTF_8);
        String[] lines = text.split("\r\n");
        assertEquals(3, lines.length, text);
        assertTrue(lines[1].contains("," + w.ratio + "," + w.city1 + "," + w.county1 + ",2024Q2,93,"), lines[1]);
        assertTrue(lines[2].contains("," + w.ratio + "," + w.dept + "," + w.county1 + ",2024Q2,91,"), lines[2]);
        given().header("Authorization", TestCallers.analyst()).accept("text/csv").queryParam("place", TestEvents.division())
                .get("/api/v1/measurements").then().statusCode(200).body(not(containsString(w.ratio)));
    }

    @Test
    void finerPeriodsAreTakenCoarserOnesRefused() {
        String dept = TestCallers.reporter(w.dept);
        // The SUM target is reported per YEAR: it takes halves, quarters and months too, each its own measurement.
        submit(dept, row(w.sum, w.dept, "2024S2", 50)).statusCode(201).body("frequency", equalTo("HALF"));
        submit(dept, row(w.sum, w.dept, "2024Q1", 20)).statusCode(201).body("frequency", equalTo("QUARTER"));
        submit(dept, row(w.sum, w.dept, "202405", 7)).statusCode(201).body("frequency", equalTo("MONTH"));
        submit(dept, row(w.sum, w.dept, "2024", 90)).statusCode(201).body("frequency", equalTo("YEAR")).body("revision", equalTo(1));
        given().header("Authorization", TestCallers.analyst()).queryParam("target", w.sum).queryParam("unit", w.dept)
                .queryParam("from", "2024").queryParam("to", "2024").get("/api/v1/measurements").then().statusCode(200)
                .body("items.period", contains("2024", "2024Q1", "202405", "2024S2"));
        // The ratio target is reported per QUARTER: months yes, halves and years no.
        submit(dept, row(w.ratio, w.dept, "202407", 95)).statusCode(201).body("frequency", equalTo("MONTH"));
        submit(dept, row(w.ratio, w.dept, "2024", 95)).statusCode(422).body("code", equalTo("WRONG_FREQUENCY"))
                .body("errors[0].field", equalTo("period")).body("detail", containsString("takes QUARTER or MONTH periods"));
        submit(dept, row(w.ratio, w.dept, "2024S1", 95)).statusCode(422).body("code", equalTo("WRONG_FREQUENCY"));
        // The other period rules apply to the period given: this month has not ended.
        String thisMonth = Period.containing(Frequency.MONTH, LocalDate.now(ZoneId.of("Asia/Shanghai"))).id();
        submit(dept, row(w.monthly, w.dept, thisMonth, 1)).statusCode(422).body("code", equalTo("FUTURE_PERIOD"));
        String monthOfYearTarget = TestEvents.code("T-YEAR-2020-2030");
        new TestEvents.Target(monthOfYearTarget).frequency("YEAR").aggregation("SUM").bounds(null, null).plan(2020, 2030)
                .lead(w.dept).publish();
        World.awaitTarget(monthOfYearTarget, 1);
        submit(dept, row(monthOfYearTarget, w.dept, thisMonth, 1)).statusCode(422).body("code", equalTo("FUTURE_PERIOD"));
        submit(dept, row(monthOfYearTarget, w.dept, "201912", 1)).statusCode(422).body("code", equalTo("PERIOD_OUTSIDE_PLAN"));
        submit(dept, row(monthOfYearTarget, w.dept, "202001", 1)).statusCode(201);
    }

    @Test
    void aBaseYearBeforeThePlanIsTaken() {
        // 比2020年提高3个百分点, in a 2021-2025 plan: the base year's values are needed to judge it.
        String target = TestEvents.code("T-BASE-2020");
        new TestEvents.Target(target).frequency("YEAR").kind("RELATIVE_CHANGE").aggregation("RATIO").baselineYear(2020)
                .lead(w.dept).contributing(w.city1).publish();
        World.awaitTarget(target, 1);
        String dept = TestCallers.reporter(w.dept);
        submit(dept, row(target, w.dept, "2020", 85.5)).statusCode(201).body("period", equalTo("2020"));
        submit(dept, row(target, w.dept, "2020Q4", 86)).statusCode(201);
        submit(TestCallers.reporter(w.city1), row(target, w.city1, "2020", 80)).statusCode(201).body("place", equalTo(w.city1));
        submit(dept, row(target, w.dept, "2019", 85)).statusCode(422).body("code", equalTo("PERIOD_OUTSIDE_PLAN"))
                .body("detail", containsString("base year 2020"));
        submit(dept, row(target, w.dept, "2019Q4", 85)).statusCode(422).body("code", equalTo("PERIOD_OUTSIDE_PLAN"));
        // Without a base year (the world's ratio target), 2020 stays outside the 2021-2025 plan.
        submit(dept, row(w.ratio, w.dept, "2020Q4", 85)).statusCode(422).body("code", equalTo("PERIOD_OUTSIDE_PLAN"));
    }

    @Test
    void theOutlierHistoryIsPerPlace() {
        String dept = TestCallers.reporter(w.dept);
        double[] history = {100, 101, 99, 100, 102};
        for (int m = 0; m < history.length; m++) {
            submit(dept, row(w.monthly, w.dept, String.format("2025%02d", m + 1), history[m])).statusCode(201);
        }
        // A city's figure is far below the province's, but the city has no history of its own yet.
        submit(dept, at(w.monthly, w.dept, w.city1, "202506", 10)).statusCode(201).body("followUp", equalTo(false));
        submit(dept, row(w.monthly, w.dept, "202506", 150)).statusCode(201).body("followUp", equalTo(true));
    }

    /**
     * Idempotency-Key answers are found by the SHA-256 of the request as the service serialises it: a request without
     * a place must hash as it did before the field existed, so a client's retry across the upgrade is a replay.
     */
    @Test
    void aRequestWithoutPlaceHashesAsBefore() {
        String key = java.util.UUID.randomUUID().toString();
        given().header("Authorization", TestCallers.admin()).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body("{\"target\":\"" + w.ratio + "\",\"unit\":\"" + w.city2 + "\",\"period\":\"2021Q3\",\"value\":96.5}")
                .post("/api/v1/measurements").then().statusCode(201).body("place", equalTo(w.city2));
        String stored = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() ->
                (String) io.quarkus.arc.Arc.container().instance(jakarta.persistence.EntityManager.class).get()
                        .createNativeQuery("SELECT request_hash FROM idempotency_record WHERE caller_key_id = 'test-admin' AND idem_key = :k")
                        .setParameter("k", key).getSingleResult());
        String before = "{\"target\":\"" + w.ratio + "\",\"unit\":\"" + w.city2 + "\",\"period\":\"2021Q3\",\"value\":96.5,"
                + "\"numerator\":null,\"denominator\":null,\"comment\":null}";
        assertEquals(org.apache.commons.codec.digest.DigestUtils.sha256Hex(before), stored);
    }

    private static JsonNode parse(String json) {
        try {
            return TestEvents.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
