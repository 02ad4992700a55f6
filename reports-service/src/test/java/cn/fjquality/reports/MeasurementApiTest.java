package cn.fjquality.reports;

import cn.fjquality.events.Topics;
import cn.fjquality.events.v1.UnitEventType;
import cn.fjquality.events.period.Frequency;
import cn.fjquality.events.period.Period;
import cn.fjquality.reports.service.OverdueGauge;
import cn.fjquality.security.Caller;
import cn.fjquality.security.Roles;
import cn.fjquality.testsupport.TestCallers;
import cn.fjquality.testsupport.TopicProbe;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.math.BigDecimal;
import java.util.Map;
import java.util.UUID;

import static cn.fjquality.reports.Api.row;
import static cn.fjquality.reports.Api.submit;
import static cn.fjquality.reports.Api.submitOk;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class MeasurementApiTest {
    static World w;

    @Inject
    OverdueGauge overdueGauge;

    @BeforeAll
    static void world() {
        w = World.create();
    }

    @Test
    void aUnitRegisteredOnUnitsTopicCanReportWithinSeconds() {
        String county = TestEvents.code("NEWCOUNTY");
        Map<String, Object> body = row(w.sum, county, "2023", 12);
        submit(TestCallers.admin(), body).statusCode(422).body("code", equalTo("UNKNOWN_UNIT"));

        // registered on units.v1, it can report within seconds (the await fails the test after 10)
        TestEvents.unit(county, w.city1, "COUNTY");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() ->
                given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON).body(body)
                        .post("/api/v1/measurements").statusCode() == 201);

        // Deactivated at the end of 2023 (a later version): 2024 is refused, 2023 still fine.
        TestEvents.unit(UnitEventType.UnitDeactivated, county, w.city1, "COUNTY", LocalDate.of(2000, 1, 1), LocalDate.of(2023, 12, 31), 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> LocalDate.of(2023, 12, 31).equals(World.unitCopy(county).activeTo));
        submit(TestCallers.admin(), row(w.sum, county, "2024", 13)).statusCode(422).body("code", equalTo("UNIT_INACTIVE"));
        submit(TestCallers.admin(), row(w.sum, county, "2023", 14)).statusCode(201).body("revision", equalTo(2));

        // An older version arriving late changes nothing; a record that is not an envelope is skipped, and the
        // consumer goes on (the probe unit published after both, on the same partition, arrives).
        TestEvents.unit(UnitEventType.UnitUpdated, county, w.city1, "COUNTY", LocalDate.of(2000, 1, 1), null, 0);
        int partition = TestEvents.sendRaw(Topics.UNITS, county, "this is not an envelope");
        String probe = TestEvents.code("PROBE");
        TestEvents.sendRaw(Topics.UNITS, partition, probe, TestEvents.envelope(UUID.randomUUID(), probe, "UnitRegistered", "units-service",
                new cn.fjquality.events.v1.UnitPayload(probe, "探针", "Probe", "OTHER", w.province, LocalDate.of(2000, 1, 1), null, 0, null)));
        World.awaitUnits(probe);
        assertEquals(LocalDate.of(2023, 12, 31), World.unitCopy(county).activeTo);
    }

    @Test
    void aRedeliveredTargetEventIsAppliedOnce() {
        String code = TestEvents.code("T-REDELIVER");
        TestEvents.Target t = new TestEvents.Target(code).frequency("YEAR").aggregation("SUM").lead(w.dept).contributing(w.city1);
        t.publish();
        t.revision = 2;
        String revised = TestEvents.envelope(UUID.randomUUID(), code, "TargetRevised", "targets-service", t.payload());
        TestEvents.sendRaw(Topics.TARGETS, code, revised);
        t.retired = true;
        t.publish();
        World.awaitTarget(code, 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> submit(TestCallers.admin(), row(code, w.city1, "2022", 1))
                .extract().statusCode() == 422);
        submit(TestCallers.admin(), row(code, w.city1, "2022", 1)).statusCode(422).body("code", equalTo("TARGET_RETIRED"));

        // The TargetRevised event delivered again (same event id, same revision as the retirement): without the
        // inbox it would un-retire the target.
        int partition = TestEvents.sendRaw(Topics.TARGETS, code, revised);
        // A later event on the same partition: once it is applied, so is the redelivered one.
        String probe = TestEvents.code("T-PROBE");
        TestEvents.sendRaw(Topics.TARGETS, partition, probe,
                TestEvents.envelope(UUID.randomUUID(), probe, "TargetPublished", "targets-service", new TestEvents.Target(probe).payload()));
        World.awaitTarget(probe, 1);
        submit(TestCallers.admin(), row(code, w.city1, "2022", 1)).statusCode(422).body("code", equalTo("TARGET_RETIRED"));
    }

    @Test
    void everyRevisionIsKeptWithWhoWhenAndOnBehalf() {
        String reporter = TestCallers.reporter(w.city1);
        String id = submit(reporter, row(w.ratio, w.city1, "2025Q1", 97.5)).statusCode(201)
                .header("Location", containsString("/api/v1/measurements/"))
                .body("revision", equalTo(1))
                .body("status", equalTo("SUBMITTED"))
                .body("submittedBy", equalTo("test-reporter-" + w.city1.toLowerCase()))
                .body("onBehalf", equalTo(false))
                .body("value", equalTo(97.5f))
                .extract().path("id");
        submit(reporter, row(w.ratio, w.city1, "2025Q1", 98)).statusCode(201)
                .body("id", equalTo(id)).body("revision", equalTo(2));
        submit(TestCallers.admin(), row(w.ratio, w.city1, "2025Q1", 98.2)).statusCode(201)
                .body("id", equalTo(id)).body("revision", equalTo(3))
                .body("onBehalf", equalTo(true)).body("submittedBy", equalTo("test-admin"));

        given().header("Authorization", TestCallers.analyst()).when().get("/api/v1/measurements/" + id)
                .then().statusCode(200).body("revision", equalTo(3)).body("value", equalTo(98.2f))
                .body("period", equalTo("2025Q1")).body("frequency", equalTo("QUARTER"));
        given().header("Authorization", reporter).when().get("/api/v1/measurements/" + id + "/revisions")
                .then().statusCode(200)
                .body("revision", contains(1, 2, 3))
                .body("value", contains(97.5f, 98, 98.2f))
                .body("previousValue", contains(null, 97.5f, 98))
                .body("onBehalf", contains(false, false, true))
                .body("submittedAt", everyItem(notNullValue()));
        given().header("Authorization", TestCallers.analyst()).when().get("/api/v1/measurements/" + UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json").body("code", equalTo("MEASUREMENT_NOT_FOUND"));
        given().header("Authorization", TestCallers.analyst()).when().get("/api/v1/measurements/not-a-uuid")
                .then().statusCode(404).body("code", equalTo("MEASUREMENT_NOT_FOUND"));
    }

    @Test
    void idempotencyKeyReplaysTheFirstAnswer() {
        String reporter = TestCallers.reporter(w.city2);
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = row(w.ratio, w.city2, "2025Q2", 96.1);
        String first = given().header("Authorization", reporter).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(body).post("/api/v1/measurements")
                .then().statusCode(201).extract().asString();
        String replay = given().header("Authorization", reporter).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(body).post("/api/v1/measurements")
                .then().statusCode(201).header("Idempotent-Replayed", "true").extract().asString();
        assertEquals(first, replay);
        String id = io.restassured.path.json.JsonPath.from(first).getString("id");
        given().header("Authorization", reporter).get("/api/v1/measurements/" + id + "/revisions")
                .then().statusCode(200).body("size()", equalTo(1));

        given().header("Authorization", reporter).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(row(w.ratio, w.city2, "2025Q2", 96.2)).post("/api/v1/measurements")
                .then().statusCode(422).contentType("application/problem+json").body("code", equalTo("IDEMPOTENCY_KEY_REUSED"));

        // The key belongs to its caller: another key id may use the same key for its own request.
        given().header("Authorization", TestCallers.admin()).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(body).post("/api/v1/measurements")
                .then().statusCode(201).body("revision", equalTo(2));
    }

    @Test
    void ratioValuesComeFromNumeratorAndDenominator() {
        String reporter = TestCallers.reporter(w.city1);
        Map<String, Object> body = row(w.ratio, w.city1, "2024Q1", null);
        body.put("numerator", 985);
        body.put("denominator", 1000);
        submit(reporter, body).statusCode(201).body("value", equalTo(98.5f)).body("numerator", equalTo(985));

        Map<String, Object> rounded = row(w.ratio, w.city1, "2024Q2", 33.33);
        rounded.put("numerator", 1);
        rounded.put("denominator", 3);
        submit(reporter, rounded).statusCode(201).body("value", equalTo(33.33f));

        Map<String, Object> wrong = row(w.ratio, w.city1, "2024Q3", 90);
        wrong.put("numerator", 985);
        wrong.put("denominator", 1000);
        submit(reporter, wrong).statusCode(422).body("code", equalTo("RATIO_MISMATCH")).body("errors[0].field", equalTo("value"));
    }

    @Test
    void aRateOtherThanAPercentageIsNumeratorOverDenominatorAndMayExceedOne() {
        // 每万人口高价值发明专利拥有量: patents / population in 10,000s; the numerator is the larger
        String perTenThousand = TestEvents.code("T-PER10K");
        new TestEvents.Target(perTenThousand).frequency("YEAR").kind("LEVEL").unit("件").bounds(BigDecimal.ZERO, null)
                .lead(w.dept).contributing(w.city1).publish();
        World.awaitTarget(perTenThousand, 1);
        String reporter = TestCallers.reporter(w.city1);
        Map<String, Object> counts = row(perTenThousand, w.city1, "2024", null);
        counts.put("numerator", 52000);
        counts.put("denominator", 4000);
        submit(reporter, counts).statusCode(201).body("value", equalTo(13));
        Map<String, Object> given = row(perTenThousand, w.city1, "2023", 12.5);
        given.put("numerator", 50000);
        given.put("denominator", 4000);
        submit(reporter, given).statusCode(201);
        Map<String, Object> hundredfold = row(perTenThousand, w.city1, "2022", 1250);
        hundredfold.put("numerator", 50000);
        hundredfold.put("denominator", 4000);
        submit(reporter, hundredfold).statusCode(422).body("code", equalTo("RATIO_MISMATCH"));
        // a percentage cannot exceed the whole
        Map<String, Object> over = row(w.ratio, w.city1, "2023Q4", null);
        over.put("numerator", 1001);
        over.put("denominator", 1000);
        submit(reporter, over).statusCode(422).body("code", equalTo("NUMERATOR_EXCEEDS_DENOMINATOR"));
    }

    @Test
    void reportersStayInTheirScope() {
        String id2 = submitOk(TestCallers.reporter(w.city2), row(w.ratio, w.city2, "2023Q1", 95));
        // city1's reporter can neither write nor read for city2
        submit(TestCallers.reporter(w.city1), row(w.ratio, w.city2, "2023Q2", 95)).statusCode(403)
                .contentType("application/problem+json").body("code", equalTo("UNIT_OUT_OF_SCOPE"));
        given().header("Authorization", TestCallers.reporter(w.city1)).get("/api/v1/measurements/" + id2)
                .then().statusCode(404);
        given().header("Authorization", TestCallers.reporter(w.city1)).queryParam("unit", w.city2)
                .get("/api/v1/measurements").then().statusCode(403).body("code", equalTo("UNIT_OUT_OF_SCOPE"));
        given().header("Authorization", TestCallers.reporter(w.city1)).queryParam("period", "2023Q1").queryParam("unit", w.city2)
                .get("/api/v1/completeness").then().statusCode(403).body("code", equalTo("UNIT_OUT_OF_SCOPE"));
        given().header("Authorization", TestCallers.reporter(w.city1)).queryParam("target", w.ratio)
                .get("/api/v1/measurements").then().statusCode(200).body("items.unit", everyItem(equalTo(w.city1)));
        given().header("Authorization", TestCallers.reporter(w.city2)).queryParam("unit", w.city2)
                .get("/api/v1/measurements").then().statusCode(200).body("items.id", hasItem(id2));

        // ANALYST reads only; no token or a forged one: 401
        submit(TestCallers.analyst(), row(w.ratio, w.city2, "2023Q2", 95)).statusCode(403).body("code", equalTo("FORBIDDEN"));
        given().contentType(ContentType.JSON).body(row(w.ratio, w.city2, "2023Q2", 95)).post("/api/v1/measurements")
                .then().statusCode(401).contentType("application/problem+json").body("code", equalTo("UNAUTHENTICATED"));
        given().get("/api/v1/measurements").then().statusCode(401);
        given().header("Authorization", TestCallers.forged()).get("/api/v1/measurements").then().statusCode(401);
        given().header("Authorization", TestCallers.gateway()).get("/api/v1/measurements").then().statusCode(403);

        // A subtree key of city1 may report for county1; a plain city1 key may not.
        String subtree = TestCallers.bearer(new Caller("test-subtree-city1", Roles.REPORTER, w.city1, true));
        submit(TestCallers.reporter(w.city1), row(w.sum, w.county1, "2022", 5)).statusCode(403).body("code", equalTo("UNIT_OUT_OF_SCOPE"));
        submit(subtree, row(w.sum, w.county1, "2022", 5)).statusCode(201).body("unit", equalTo(w.county1));
        given().header("Authorization", subtree).queryParam("target", w.sum).get("/api/v1/measurements")
                .then().statusCode(200).body("items.unit", hasItem(w.county1));
    }

    @Test
    void whoMayReportWhichTarget() {
        // county1 lies below contributing city1: it may report its share of a SUM target ...
        submit(TestCallers.reporter(w.county1), row(w.sum, w.county1, "2021", 3)).statusCode(201);
        // ... but not a lead-unit-only target, and city2 is not a contributing unit of the SUM target.
        submit(TestCallers.admin(), row(w.monthly, w.county1, "202401", 3)).statusCode(422).body("code", equalTo("UNIT_NOT_ALLOWED"));
        submit(TestCallers.reporter(w.city2), row(w.sum, w.city2, "2021", 3)).statusCode(422).body("code", equalTo("UNIT_NOT_ALLOWED"));
        submit(TestCallers.reporter(w.dept), row(w.monthly, w.dept, "202401", 101.5)).statusCode(201).body("onBehalf", equalTo(false));
    }

    @Test
    void outliersAreAcceptedButFlagged() {
        String dept = TestCallers.reporter(w.dept);
        double[] history = {100, 101, 99, 100, 102};
        for (int m = 0; m < history.length; m++) {
            submit(dept, row(w.monthly, w.dept, String.format("2023%02d", m + 1), history[m])).statusCode(201).body("followUp", equalTo(false));
        }
        String outlier = submit(dept, row(w.monthly, w.dept, "202306", 150)).statusCode(201)
                .body("followUp", equalTo(true)).body("zScore", notNullValue()).extract().path("id");
        String normal = submit(dept, row(w.monthly, w.dept, "202307", 100.5)).statusCode(201)
                .body("followUp", equalTo(false)).extract().path("id");
        given().header("Authorization", TestCallers.analyst()).queryParam("followUp", true).queryParam("target", w.monthly)
                .get("/api/v1/measurements").then().statusCode(200)
                .body("items.id", hasItem(outlier)).body("items.id", not(hasItem(normal)))
                .body("items.followUp", everyItem(equalTo(true)));
        // Correcting the outlier clears the flag on the new revision.
        submit(dept, row(w.monthly, w.dept, "202306", 101)).statusCode(201).body("followUp", equalTo(false)).body("revision", equalTo(2));
    }

    @Test
    void reviewLocksAndReturnUnlocks() {
        String city = TestCallers.reporter(w.city1);
        String lead = TestCallers.reporter(w.dept);
        String id = submitOk(city, row(w.ratio, w.city1, "2022Q4", 97));
        String ownId = submitOk(lead, row(w.ratio, w.dept, "2022Q4", 97));

        given().header("Authorization", city).post("/api/v1/measurements/" + id + "/approve")
                .then().statusCode(403).body("code", equalTo("REVIEW_NOT_ALLOWED"));
        given().header("Authorization", lead).post("/api/v1/measurements/" + ownId + "/approve")
                .then().statusCode(403).body("code", equalTo("REVIEW_NOT_ALLOWED"));
        given().header("Authorization", TestCallers.analyst()).post("/api/v1/measurements/" + id + "/approve")
                .then().statusCode(403);

        given().header("Authorization", lead).post("/api/v1/measurements/" + id + "/approve")
                .then().statusCode(200).body("status", equalTo("APPROVED"))
                .body("reviewedBy", equalTo("test-reporter-" + w.dept.toLowerCase()));
        submit(city, row(w.ratio, w.city1, "2022Q4", 97.3)).statusCode(409)
                .contentType("application/problem+json").body("code", equalTo("VALUE_LOCKED"));
        submit(TestCallers.admin(), row(w.ratio, w.city1, "2022Q4", 97.3)).statusCode(409).body("code", equalTo("VALUE_LOCKED"));

        given().header("Authorization", lead).contentType(ContentType.JSON).body(Map.of())
                .post("/api/v1/measurements/" + id + "/return")
                .then().statusCode(422).body("code", equalTo("REASON_REQUIRED"));
        given().header("Authorization", lead).contentType(ContentType.JSON).body(Map.of("reason", "口径有误，请核实分母"))
                .post("/api/v1/measurements/" + id + "/return")
                .then().statusCode(200).body("status", equalTo("RETURNED")).body("reviewReason", equalTo("口径有误，请核实分母"));
        given().header("Authorization", lead).post("/api/v1/measurements/" + id + "/approve")
                .then().statusCode(409).body("code", equalTo("NOT_REVIEWABLE"));
        submit(city, row(w.ratio, w.city1, "2022Q4", 97.3)).statusCode(201)
                .body("status", equalTo("SUBMITTED")).body("revision", equalTo(2));
        given().header("Authorization", TestCallers.admin()).post("/api/v1/measurements/" + ownId + "/approve")
                .then().statusCode(200).body("status", equalTo("APPROVED"));
        given().header("Authorization", TestCallers.analyst()).queryParam("status", "APPROVED").queryParam("target", w.ratio)
                .get("/api/v1/measurements").then().statusCode(200)
                .body("items.id", hasItem(ownId)).body("items.id", not(hasItem(id))).body("items.status", everyItem(equalTo("APPROVED")));
    }

    /** The 201 answer is built from the state written, not re-read: it must be exactly what a GET then shows. */
    @Test
    void theAnswerIsWhatWasStored() throws Exception {
        String city = TestCallers.reporter(w.city2);
        Map<String, Object> first = row(w.ratio, w.city2, "2023Q4", null);
        first.put("numerator", 9712);
        first.put("denominator", "10000.0");
        first.put("comment", "含, 逗号 \"引号\"");
        String answer = submit(city, first).statusCode(201).extract().asString();
        String id = TestEvents.MAPPER.readTree(answer).get("id").asText();
        assertEquals(TestEvents.MAPPER.readTree(answer), stored(id));

        given().header("Authorization", TestCallers.reporter(w.dept)).contentType(ContentType.JSON).body(Map.of("reason", "请核实"))
                .post("/api/v1/measurements/" + id + "/return").then().statusCode(200);
        String again = submit(TestCallers.admin(), row(w.ratio, w.city2, "2023Q4", 97.25)).statusCode(201)
                .body("revision", equalTo(2)).body("reviewReason", equalTo("请核实")).body("onBehalf", equalTo(true))
                .extract().asString();
        assertEquals(TestEvents.MAPPER.readTree(again), stored(id));
    }

    private static JsonNode stored(String id) throws Exception {
        return TestEvents.MAPPER.readTree(given().header("Authorization", TestCallers.admin()).get("/api/v1/measurements/" + id)
                .then().statusCode(200).extract().asString());
    }

    @Test
    void recordedAndReviewedEventsReachMeasurementsTopic() throws Exception {
        String id = submitOk(TestCallers.reporter(w.city2), row(w.ratio, w.city2, "2021Q4", 94));
        given().header("Authorization", TestCallers.admin()).post("/api/v1/measurements/" + id + "/approve").then().statusCode(200);
        try (TopicProbe probe = new TopicProbe(Topics.MEASUREMENTS)) {
            List<ConsumerRecord<String, String>> seen = probe.pollUntil(records -> records.stream()
                    .filter(r -> r.value().contains(id)).count() >= 2, Duration.ofSeconds(30));
            List<JsonNode> mine = seen.stream().filter(r -> r.value().contains(id))
                    .peek(r -> assertEquals(w.ratio, r.key()))
                    .map(r -> parse(r.value())).toList();
            assertEquals(List.of("MeasurementRecorded", "MeasurementReviewed"), mine.stream().map(n -> n.get("type").asText()).toList());
            JsonNode recorded = mine.get(0).get("payload");
            assertEquals(w.city2, recorded.get("unitCode").asText());
            assertEquals("2021Q4", recorded.get("period").asText());
            assertEquals(1, recorded.get("revision").asInt());
            assertEquals("SUBMITTED", recorded.get("status").asText());
            assertEquals("APPROVED", mine.get(1).get("payload").get("status").asText());
            assertEquals("reports-service", mine.get(0).get("producer").asText());
        }
    }

    private static JsonNode parse(String json) {
        try {
            return TestEvents.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void listFiltersPagesAndSpeaksCsvWithBom() {
        String dept = TestCallers.reporter(w.dept);
        for (int m = 1; m <= 4; m++) {
            submitOk(dept, row(w.monthly, w.dept, String.format("2021%02d", m), 100 + m));
        }
        given().header("Authorization", TestCallers.analyst()).queryParam("target", w.monthly)
                .queryParam("from", "202102").queryParam("to", "2021Q1").queryParam("size", 1).queryParam("page", 1)
                .get("/api/v1/measurements").then().statusCode(200)
                .body("total", equalTo(2)).body("items.period", contains("202103")).body("size", equalTo(1));
        given().header("Authorization", TestCallers.analyst()).queryParam("from", "2021-02")
                .get("/api/v1/measurements").then().statusCode(400).body("code", equalTo("MALFORMED_PERIOD"));
        byte[] csv = given().header("Authorization", TestCallers.analyst()).accept("text/csv")
                .queryParam("target", w.monthly).queryParam("to", "2021")
                .get("/api/v1/measurements").then().statusCode(200).contentType(containsString("text/csv"))
                .extract().asByteArray();
        assertEquals((byte) 0xEF, csv[0]);
        assertEquals((byte) 0xBB, csv[1]);
        assertEquals((byte) 0xBF, csv[2]);
        String text = new String(csv, 3, csv.length - 3, StandardCharsets.UTF_8);
        String[] lines = text.split("\r\n");
        assertTrue(lines[0].startsWith("id,target,unit,place,period,value"), lines[0]);
        assertEquals(5, lines.length, text);
        // the department's value describes the province
        assertTrue(lines[1].contains("," + w.monthly + "," + w.dept + "," + w.province + ",202101,101,"), lines[1]);
    }

    @Test
    void completenessShowsWhoOwesWhatAndWhen() {
        // 2025Q3 of the ratio target: dept, city1 and city2 owe; it was due on 2025-10-30 (+30 days), long past.
        submitOk(TestCallers.reporter(w.city1), row(w.ratio, w.city1, "2025Q3", 97));
        given().header("Authorization", TestCallers.analyst()).queryParam("period", "2025Q3").queryParam("target", w.ratio)
                .get("/api/v1/completeness").then().statusCode(200)
                .body("owed", equalTo(3)).body("reported", equalTo(1)).body("late", equalTo(1)).body("onTime", equalTo(0))
                .body("overdue", equalTo(2)).body("deadlinePassed", equalTo(true)).body("deadline", equalTo("2025-10-30"))
                .body("reportingRate", equalTo(1 / 3f))
                .body("items.dueDate", everyItem(equalTo("2025-10-30")))
                .body("items.find { it.unit == '" + w.city1 + "' }.status", equalTo("LATE"))
                .body("items.find { it.unit == '" + w.city1 + "' }.reportedAs", equalTo("PERIOD"))
                .body("items.find { it.unit == '" + w.city1 + "' }.place", equalTo(w.city1))
                .body("items.find { it.unit == '" + w.dept + "' }.status", equalTo("OVERDUE"))
                .body("items.find { it.unit == '" + w.dept + "' }.reportedAs", nullValue())
                .body("items.find { it.unit == '" + w.dept + "' }.place", equalTo(w.province))
                .body("items.find { it.unit == '" + w.dept + "' }.lead", equalTo(true));

        // Last month of a monthly target due 40 days after the month (its own reportDueAfter): still ahead whatever
        // the day, so a report now is on time.
        String monthly = TestEvents.code("T-MONTH-P40D");
        new TestEvents.Target(monthly).frequency("MONTH").aggregation("LEAD_UNIT_ONLY").kind("INDEX").bounds(null, null)
                .plan(2020, 2030).lead(w.dept).reportDueAfter("P40D").publish();
        World.awaitTarget(monthly, 1);
        Period lastMonth = Period.containing(Frequency.MONTH, LocalDate.now(ZoneId.of("Asia/Shanghai"))).previous();
        given().header("Authorization", TestCallers.analyst()).queryParam("period", lastMonth.id()).queryParam("target", monthly)
                .get("/api/v1/completeness").then().statusCode(200)
                .body("owed", equalTo(1)).body("reported", equalTo(0)).body("items[0].status", equalTo("PENDING"))
                .body("items[0].dueDate", equalTo(lastMonth.end().plusDays(40).toString()))
                .body("deadline", equalTo(lastMonth.end().plusDays(15).toString()));
        submitOk(TestCallers.reporter(w.dept), row(monthly, w.dept, lastMonth.id(), 100));
        given().header("Authorization", TestCallers.analyst()).queryParam("period", lastMonth.id()).queryParam("target", monthly)
                .get("/api/v1/completeness").then().statusCode(200)
                .body("reported", equalTo(1)).body("onTime", equalTo(1)).body("reportingRate", equalTo(1.0f))
                .body("items[0].status", equalTo("ON_TIME")).body("items[0].firstSubmittedAt", notNullValue());

        // A reporter sees its own unit only; the period must be well-formed.
        given().header("Authorization", TestCallers.reporter(w.city2)).queryParam("period", "2025Q3").queryParam("target", w.ratio)
                .get("/api/v1/completeness").then().statusCode(200).body("items.unit", contains(w.city2));
        given().header("Authorization", TestCallers.analyst()).queryParam("period", "2025Q5")
                .get("/api/v1/completeness").then().statusCode(400).body("code", equalTo("MALFORMED_PERIOD"));
        given().header("Authorization", TestCallers.analyst())
                .get("/api/v1/completeness").then().statusCode(400).body("code", equalTo("PERIOD_REQUIRED"));
    }

    @Test
    void metricsCountSubmissionsAndOverdueReports() {
        submitOk(TestCallers.reporter(w.city2), row(w.ratio, w.city2, "2022Q1", 91));
        submit(TestCallers.reporter(w.city2), row(w.ratio, w.city2, "2022Q1", 191)).statusCode(422);
        overdueGauge.refresh();
        // The latest month whose deadline passed lies within the monthly target's plan (2020-2030).
        assertTrue(overdueGauge.value(Frequency.MONTH) > 0, "the world's monthly target has an overdue report");
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("measurements_submitted_total{result=\"accepted\",unit_type=\"CITY\"}"), "accepted counter");
        assertTrue(metrics.contains("measurements_submitted_total{result=\"rejected\",unit_type=\"CITY\"}"), "rejected counter");
        assertTrue(metrics.contains("reports_overdue{frequency=\"QUARTER\"}"), "overdue gauge");
        assertTrue(metrics.contains("reports_overdue{frequency=\"MONTH\"}"), "overdue gauge");
    }

    @Test
    void healthAndOpenApiAreUp() {
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/imports"));
    }
}
