package cn.fjquality.reports;

import cn.fjquality.events.Topics;
import cn.fjquality.events.v1.UnitEventType;
import cn.fjquality.testsupport.TopicProbe;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import cn.fjquality.events.period.Frequency;
import cn.fjquality.events.period.Period;
import cn.fjquality.security.Caller;
import cn.fjquality.security.Roles;
import cn.fjquality.testsupport.TestCallers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static cn.fjquality.reports.Api.importCsv;
import static cn.fjquality.reports.Api.row;
import static cn.fjquality.reports.Api.submit;
import static cn.fjquality.reports.Api.submitOk;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class ImportApiTest {
    static final String HEADER = "target,unit,period,value,numerator,denominator,comment\n";
    static World w;
    /** A county below city1 that stopped at the end of 2022. */
    static String gone;

    @BeforeAll
    static void world() {
        w = World.create();
        gone = TestEvents.code("GONE");
        TestEvents.unit(UnitEventType.UnitRegistered, gone, w.city1, "COUNTY", LocalDate.of(2010, 1, 1), LocalDate.of(2022, 12, 31), 0);
        World.awaitUnits(gone);
    }

    static String fill(String line) {
        String thisMonth = Period.containing(Frequency.MONTH, LocalDate.now(ZoneId.of("Asia/Shanghai"))).id();
        return line.replace("{ratio}", w.ratio).replace("{sum}", w.sum).replace("{monthly}", w.monthly)
                .replace("{retired}", w.retired).replace("{city1}", w.city1).replace("{city2}", w.city2)
                .replace("{dept}", w.dept).replace("{county1}", w.county1).replace("{gone}", gone)
                .replace("{thisMonth}", thisMonth);
    }

    @Test
    void validRowsAreStoredAndEveryBadRowIsListed() {
        String csv = "\uFEFF" + HEADER
                + w.ratio + "," + w.city1 + ",2023Q1,97.1,,,一季度\n"
                + w.ratio + "," + w.city1 + ",2023Q2,abc,,,\n"
                + w.ratio + "," + w.city2 + ",2023Q1,,970,1000,\"含, 逗号\"\n"
                + w.ratio + "," + w.city1 + ",2023-03,97,,,\n"
                + "\n"
                + w.sum + "," + w.county1 + ",2023,42,,,县级分项\n";
        importCsv(TestCallers.admin(), csv, false).statusCode(200)
                .body("status", equalTo("WARNING"))
                .body("dryRun", equalTo(false))
                .body("importId", notNullValue())
                .body("counts.total", equalTo(5))
                .body("counts.imported", equalTo(3))
                .body("counts.updated", equalTo(0))
                .body("counts.ignored", equalTo(0))
                .body("counts.rejected", equalTo(2))
                .body("conflicts.row", contains(2, 4))
                .body("conflicts.field", contains("value", "period"))
                .body("conflicts.code", contains("VALUE_NOT_NUMERIC", "MALFORMED_PERIOD"))
                .body("conflicts.message", everyItem(notNullValue()));
        given().header("Authorization", TestCallers.analyst()).queryParam("target", w.ratio).queryParam("unit", w.city2)
                .queryParam("from", "2023Q1").queryParam("to", "2023Q1").get("/api/v1/measurements")
                .then().statusCode(200).body("items[0].value", equalTo(97)).body("items[0].comment", equalTo("含, 逗号"))
                .body("items[0].numerator", equalTo(970));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            NOPE-TARGET,{city1},2025Q1,97,,,       | UNKNOWN_TARGET                | target
            {ratio},NOPE-UNIT,2025Q1,97,,,         | UNKNOWN_UNIT                  | unit
            {retired},{city1},2024,5,,,            | TARGET_RETIRED                | target
            {sum},{city2},2024,5,,,                | UNIT_NOT_ALLOWED              | unit
            {monthly},{county1},202401,5,,,        | UNIT_NOT_ALLOWED              | unit
            {sum},{gone},2024,5,,,                 | UNIT_INACTIVE                 | unit
            {ratio},{city1},2025-Q1,97,,,          | MALFORMED_PERIOD              | period
            {ratio},{city1},2025Q5,97,,,           | MALFORMED_PERIOD              | period
            {ratio},{city1},2025,97,,,             | WRONG_FREQUENCY               | period
            {ratio},{city1},2025S1,97,,,           | WRONG_FREQUENCY               | period
            {monthly},{dept},{thisMonth},100,,,    | FUTURE_PERIOD                 | period
            {ratio},{city1},2020Q4,97,,,           | PERIOD_OUTSIDE_PLAN           | period
            {ratio},{city1},2025Q1,abc,,,          | VALUE_NOT_NUMERIC             | value
            {ratio},{city1},2025Q1,NaN,,,          | VALUE_NOT_FINITE              | value
            {ratio},{city1},2025Q1,-Infinity,,,    | VALUE_NOT_FINITE              | value
            {ratio},{city1},2025Q1,100.5,,,        | VALUE_OUT_OF_BOUNDS           | value
            {ratio},{city1},2025Q1,-1,,,           | VALUE_OUT_OF_BOUNDS           | value
            {ratio},{city1},2025Q1,1e400,,,        | VALUE_OUT_OF_BOUNDS           | value
            {sum},{city1},2024,-3,,,               | VALUE_OUT_OF_BOUNDS           | value
            {ratio},{city1},2025Q1,,1200,1000,     | NUMERATOR_EXCEEDS_DENOMINATOR | numerator
            {ratio},{city1},2025Q1,,5,0,           | DENOMINATOR_NOT_POSITIVE      | denominator
            {ratio},{city1},2025Q1,,5,-2,          | DENOMINATOR_NOT_POSITIVE      | denominator
            {ratio},{city1},2025Q1,90,985,1000,    | RATIO_MISMATCH                | value
            {ratio},{city1},2025Q1,,985,,          | RATIO_INCOMPLETE              | denominator
            {sum},{city1},2024,5,1,2,              | RATIO_NOT_APPLICABLE          | numerator
            {ratio},{city1},2025Q1,,,,             | MISSING_FIELD                 | value
            ,{city1},2025Q1,97,,,                  | MISSING_FIELD                 | target
            {ratio},{city1},,97,,,                 | MISSING_FIELD                 | period
            """)
    void badRowsGetTheirStableCode(String line, String code, String field) {
        String filled = fill(line.trim());
        String good = w.sum + "," + w.city1 + ",2021,7,,,\n";
        importCsv(TestCallers.admin(), HEADER + good + filled + "\n", false).statusCode(200)
                .body("status", equalTo("WARNING"))
                .body("counts.rejected", equalTo(1))
                .body("conflicts", org.hamcrest.Matchers.hasSize(1))
                .body("conflicts[0].row", equalTo(2))
                .body("conflicts[0].code", equalTo(code))
                .body("conflicts[0].field", equalTo(field));

        // The same row as a single submission: a 422 problem with the same code and field.
        String[] f = filled.split(",", -1);
        Map<String, Object> body = new HashMap<>();
        String[] names = {"target", "unit", "period", "value", "numerator", "denominator", "comment"};
        for (int i = 0; i < names.length; i++) {
            if (!f[i].isEmpty()) {
                body.put(names[i], f[i]);
            }
        }
        submit(TestCallers.admin(), body).statusCode(422).contentType("application/problem+json")
                .body("code", equalTo(code)).body("errors[0].field", equalTo(field));
    }

    @Test
    void rowsWithTheWrongShapeOrEncodingAreRejectedNotFatal() throws Exception {
        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        csv.write(HEADER.getBytes(StandardCharsets.UTF_8));
        csv.write((w.ratio + "," + w.city1 + ",2022Q1,91,,,ok\n").getBytes(StandardCharsets.UTF_8));
        csv.write((w.ratio + "," + w.city1 + ",2022Q2,92,,,bad ").getBytes(StandardCharsets.UTF_8));
        csv.write(new byte[]{(byte) 0xFF, (byte) 0xFE, (byte) 0xC3});
        csv.write("\n".getBytes(StandardCharsets.UTF_8));
        csv.write((w.ratio + "," + w.city1 + ",2022Q3,93,,,c,extra\n").getBytes(StandardCharsets.UTF_8));
        csv.write((w.ratio + "," + w.city1 + ",2022Q4,94,,,好\n").getBytes(StandardCharsets.UTF_8));
        importCsv(TestCallers.admin(), csv.toByteArray()).statusCode(200)
                .body("counts.imported", equalTo(2))
                .body("counts.rejected", equalTo(2))
                .body("conflicts.row", contains(2, 3))
                .body("conflicts.code", contains("INVALID_ENCODING", "COLUMN_COUNT"))
                .body("conflicts[0].field", equalTo("comment"));

        // An unterminated quote: the rows before it stand, the rest cannot be read.
        String broken = HEADER + w.sum + "," + w.city1 + ",2022,8,,,fine\n" + w.sum + "," + w.city1 + ",2023,9,,,\"never closed\n";
        importCsv(TestCallers.admin(), broken, false).statusCode(200)
                .body("status", equalTo("ERROR"))
                .body("counts.imported", equalTo(1))
                .body("conflicts[0].code", equalTo("MALFORMED_CSV"))
                .body("conflicts[0].row", equalTo(2));
    }

    @Test
    void fileLevelProblemsAre400() {
        importCsv(TestCallers.admin(), "", false).statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("CSV_HEADER_MISSING"));
        importCsv(TestCallers.admin(), "target,unit,period,amount\n", false).statusCode(400).body("code", equalTo("CSV_HEADER_INVALID"));
        importCsv(TestCallers.admin(), "target,unit,value\n", false).statusCode(400).body("code", equalTo("CSV_HEADER_INVALID"));
        given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON).body("{\"measurements\": [")
                .post("/api/v1/imports").then().statusCode(400).body("code", equalTo("MALFORMED_JSON"));
        given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON).body("{\"rows\": []}")
                .post("/api/v1/imports").then().statusCode(400).body("code", equalTo("UNKNOWN_FIELD"));
        given().header("Authorization", TestCallers.admin()).contentType("application/xml").body("<a/>")
                .post("/api/v1/imports").then().statusCode(415).contentType("application/problem+json");
        given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON)
                .body(new byte[]{'{', '"', 'm', (byte) 0xFF, '"', ':', '[', ']', '}'})
                .post("/api/v1/imports").then().statusCode(400).body("code", equalTo("INVALID_ENCODING"));
    }

    @Test
    void jsonImportDryRunAndReimport() {
        List<Map<String, Object>> rows = new ArrayList<>();
        rows.add(row(w.monthly, w.dept, "202201", 100));
        rows.add(row(w.monthly, w.dept, "202202", 101));
        Map<String, Object> unknownField = row(w.monthly, w.dept, "202203", 102);
        unknownField.put("unitName", "省局");
        rows.add(unknownField);
        Map<String, Object> wrongType = row(w.monthly, w.dept, "202204", 103);
        wrongType.put("unit", List.of(w.dept));
        rows.add(wrongType);
        Map<String, Object> body = Map.of("measurements", rows);

        jsonImport(TestCallers.admin(), body, true).statusCode(200)
                .body("dryRun", equalTo(true)).body("counts.imported", equalTo(2)).body("counts.rejected", equalTo(2))
                .body("conflicts.code", contains("UNKNOWN_FIELD", "WRONG_TYPE")).body("conflicts.row", contains(3, 4));
        given().header("Authorization", TestCallers.analyst()).queryParam("target", w.monthly).queryParam("from", "202201")
                .queryParam("to", "202212").get("/api/v1/measurements").then().statusCode(200).body("total", equalTo(0));

        jsonImport(TestCallers.admin(), body, false).statusCode(200).body("counts.imported", equalTo(2));
        // Same file again: nothing changed; one value changed: one update (a new revision).
        rows.set(1, row(w.monthly, w.dept, "202202", 101.0));
        jsonImport(TestCallers.admin(), body, false).statusCode(200)
                .body("counts.imported", equalTo(0)).body("counts.ignored", equalTo(2)).body("counts.updated", equalTo(0));
        rows.set(1, row(w.monthly, w.dept, "202202", 111));
        jsonImport(TestCallers.admin(), body, false).statusCode(200)
                .body("counts.ignored", equalTo(1)).body("counts.updated", equalTo(1));
        given().header("Authorization", TestCallers.analyst()).queryParam("target", w.monthly).queryParam("from", "202202")
                .queryParam("to", "202202").get("/api/v1/measurements").then().statusCode(200)
                .body("items[0].revision", equalTo(2)).body("items[0].value", equalTo(111));
        // The same key twice in one file: the second row is a new revision of the first.
        Map<String, Object> twice = Map.of("measurements", List.of(row(w.monthly, w.dept, "202205", 1), row(w.monthly, w.dept, "202205", 2)));
        jsonImport(TestCallers.admin(), twice, false).statusCode(200)
                .body("status", equalTo("SUCCESS")).body("counts.imported", equalTo(1)).body("counts.updated", equalTo(1))
                .body("conflicts", empty());
    }

    @Test
    void approvedValuesAreLockedInImportsToo() {
        String id = submitOk(TestCallers.reporter(w.city2), row(w.ratio, w.city2, "2024Q4", 90));
        given().header("Authorization", TestCallers.admin()).post("/api/v1/measurements/" + id + "/approve").then().statusCode(200);
        importCsv(TestCallers.admin(), HEADER + w.ratio + "," + w.city2 + ",2024Q4,91,,,\n", false).statusCode(200)
                .body("status", equalTo("ERROR")).body("conflicts[0].code", equalTo("VALUE_LOCKED"));
    }

    @Test
    void reportersImportOnlyForTheirUnit() {
        String csv = HEADER + w.ratio + "," + w.city1 + ",2021Q1,95,,,\n" + w.ratio + "," + w.city2 + ",2021Q1,95,,,\n";
        importCsv(TestCallers.reporter(w.city1), csv, false).statusCode(200)
                .body("counts.imported", equalTo(1))
                .body("conflicts[0].row", equalTo(2)).body("conflicts[0].code", equalTo("UNIT_OUT_OF_SCOPE"));
        importCsv(TestCallers.analyst(), csv, false).statusCode(403);
        given().contentType("text/csv").body(csv).post("/api/v1/imports").then().statusCode(401);
    }

    /**
     * An Accept header the import cannot answer is refused before anything is stored: a client that cannot read the
     * summary must not be left with rows it was never told about (the fuzz suite found the CSV import storing its valid
     * rows and then answering 406).
     */
    @ParameterizedTest
    @CsvSource({"image/png", "text/csv", "application/xml", "'text/csv;q=0.1, application/xml'"})
    void anAnswerTheClientCannotReadStoresNothing(String accept) {
        String period = switch (accept) {
            case "image/png" -> "2022Q2";
            case "text/csv" -> "2022Q3";
            case "application/xml" -> "2022Q4";
            default -> "2024Q1";
        };
        String csv = HEADER + w.ratio + "," + w.city2 + "," + period + ",95,,,\n";
        Map<String, Object> json = Map.of("measurements", List.of(Map.of("target", w.ratio, "unit", w.city2, "period", period, "value", 95)));
        given().header("Authorization", TestCallers.admin()).header("Accept", accept).contentType("text/csv")
                .body(csv.getBytes(StandardCharsets.UTF_8)).post("/api/v1/imports")
                .then().statusCode(406).contentType("application/problem+json").body("code", equalTo("NOT_ACCEPTABLE"));
        given().header("Authorization", TestCallers.admin()).header("Accept", accept).contentType(ContentType.JSON).body(json)
                .post("/api/v1/imports")
                .then().statusCode(406).contentType("application/problem+json").body("code", equalTo("NOT_ACCEPTABLE"));
        given().header("Authorization", TestCallers.admin()).queryParam("target", w.ratio).queryParam("unit", w.city2)
                .queryParam("from", period).queryParam("to", period)
                .get("/api/v1/measurements").then().statusCode(200).body("items", empty());
        // the same rows are valid: with an Accept the import can answer, they are stored
        given().header("Authorization", TestCallers.admin()).header("Accept", "application/json").contentType("text/csv")
                .body(csv.getBytes(StandardCharsets.UTF_8)).post("/api/v1/imports")
                .then().statusCode(200).body("counts.imported", equalTo(1));
    }

    /**
     * A body cut off mid-way (the client or the gateway dropped the connection) ends early: the rows read since the last
     * committed chunk are not stored, so a last row cut mid-value ("1200" cut to "12") never becomes a value. The body
     * goes over a raw socket, whose Content-Length declares more than is sent; 1,200 rows all revise one measurement
     * (value = row number), so the first chunk of 1,000 is committed (proving the import ran) and nothing after it.
     */
    @Test
    void aBodyCutOffStoresNoRowAfterTheLastCommittedChunk() throws Exception {
        StringBuilder csv = new StringBuilder("target,unit,period,value\n");
        for (int i = 1; i <= 1200; i++) {
            csv.append(w.sum).append(',').append(w.county1).append(",2024,").append(i).append('\n');
        }
        byte[] body = csv.toString().getBytes(StandardCharsets.UTF_8);
        int cut = body.length - 3; // "...,1200\n" arrives as "...,12"
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", io.restassured.RestAssured.port)) {
            java.io.OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/imports HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + TestCallers.admin()
                    + "\r\nContent-Type: text/csv\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, cut);
            out.flush();
            // The connection drops only once the first chunk is committed (the service reads while it stores; on a
            // busy machine that takes seconds, and a fixed pause made this test depend on the machine's load).
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> revisionOf2024() >= 1000);
        }
        // The import's end is its WARN ("... N rows stored before, M read since then not stored"), logged once reading
        // stopped and before anything else could be stored: only then is "nothing more was stored" a fact, not a guess.
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> CUT_OFF.lines.stream().anyMatch(l -> l.contains("1000 rows stored before")));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no end of the import logged; lines: " + CUT_OFF.lines.stream()
                    .filter(l -> l.contains("import")).toList(), e);
        }
        assertEquals(1000, revisionOf2024());
        given().header("Authorization", TestCallers.admin()).queryParam("target", w.sum).queryParam("unit", w.county1)
                .queryParam("from", "2024").queryParam("to", "2024").get("/api/v1/measurements")
                .then().statusCode(200).body("items[0].revision", equalTo(1000)).body("items[0].value", equalTo(1000));

        // the same body sent whole is stored whole: its last row is the 1,200th revision, value 1200
        importCsv(TestCallers.admin(), new String(body, StandardCharsets.UTF_8), false).statusCode(200);
        given().header("Authorization", TestCallers.admin()).queryParam("target", w.sum).queryParam("unit", w.county1)
                .queryParam("from", "2024").queryParam("to", "2024").get("/api/v1/measurements")
                .then().statusCode(200).body("items[0].value", equalTo(1200));
    }

    /** The service's log records (same JVM), to see an import end. */
    static final class LogLines extends java.util.logging.Handler {
        final java.util.List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void publish(java.util.logging.LogRecord r) {
            String m = r.getMessage();
            lines.add(r.getParameters() == null || m == null ? String.valueOf(m) : String.format(m, r.getParameters()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    static final LogLines CUT_OFF = new LogLines();

    static {
        java.util.logging.Logger.getLogger("").addHandler(CUT_OFF);
    }

    private static int revisionOf2024() {
        Integer revision = given().header("Authorization", TestCallers.admin()).queryParam("target", w.sum).queryParam("unit", w.county1)
                .queryParam("from", "2024").queryParam("to", "2024").get("/api/v1/measurements")
                .then().statusCode(200).extract().path("items[0].revision");
        return revision == null ? 0 : revision;
    }

    private static ValidatableResponse jsonImport(String auth, Object body, boolean dryRun) {
        return given().header("Authorization", auth).contentType(ContentType.JSON).queryParam("dryRun", dryRun).body(body)
                .post("/api/v1/imports").then();
    }

    /**
     * Chunks of at least MeasurementWriter.BULK_MIN rows take the set-based path (unnest UPDATE/INSERT, COPY of
     * revisions and events): it must store exactly what the statement path stores, text with quotes, commas, line
     * breaks and backslashes included, and publish each revision exactly once: as an item of the chunk's one
     * MeasurementsRecorded event for the target (40 rows, one target: one event per import).
     */
    @Test
    void bulkChunksStoreRevisionsAndEventsExactly() throws Exception {
        String target = TestEvents.code("COPY");
        new TestEvents.Target(target).frequency("MONTH").aggregation("SUM").kind("CUMULATIVE")
                .bounds(BigDecimal.ZERO, null).plan(2017, 2025).lead(w.dept).publish();
        World.awaitTarget(target, 1);
        String tricky = "含, 逗号 \"引号\" back\\slash\ttab\n第二行";
        StringBuilder first = new StringBuilder("target,unit,period,value,comment\n");
        StringBuilder second = new StringBuilder("target,unit,period,value,comment\n");
        for (int i = 0; i < 40; i++) {
            String period = String.format("%d%02d", 2019 + i / 12, i % 12 + 1);
            String comment = i == 0 ? "\"" + tricky.replace("\"", "\"\"") + "\"" : i == 1 ? "" : "第" + i + "行";
            first.append(target).append(',').append(w.dept).append(',').append(period).append(',').append(10 + i).append(".25,")
                    .append(comment).append('\n');
            second.append(target).append(',').append(w.dept).append(',').append(period).append(',').append(11 + i).append(",")
                    .append(comment).append('\n');
        }
        try (TopicProbe probe = new TopicProbe(Topics.MEASUREMENTS)) {
            String importId = importCsv(TestCallers.admin(), first.toString(), false).statusCode(200)
                    .body("counts.imported", equalTo(40)).body("counts.rejected", equalTo(0))
                    .extract().path("importId");
            importCsv(TestCallers.admin(), second.toString(), false).statusCode(200)
                    .body("counts.updated", equalTo(40)).body("counts.ignored", equalTo(0));

            io.restassured.path.json.JsonPath list = given().header("Authorization", TestCallers.analyst())
                    .queryParam("target", target).queryParam("size", 100).get("/api/v1/measurements")
                    .then().statusCode(200).body("total", equalTo(40)).extract().jsonPath();
            assertEquals("201901", list.getString("items[0].period"));
            assertEquals(tricky, list.getString("items[0].comment"));
            assertEquals(null, list.getString("items[1].comment"));
            assertEquals(2, list.getInt("items[0].revision"));
            assertEquals("SUBMITTED", list.getString("items[0].status"));
            assertEquals("MONTH", list.getString("items[0].frequency"));
            String id = list.getString("items[0].id");
            given().header("Authorization", TestCallers.analyst()).get("/api/v1/measurements/" + id + "/revisions")
                    .then().statusCode(200)
                    .body("revision", contains(1, 2))
                    .body("value", contains(10.25f, 11))
                    .body("previousValue", contains(null, 10.25f))
                    .body("comment", contains(tricky, tricky))
                    .body("onBehalf", contains(true, true))
                    .body("submittedBy", contains("test-admin", "test-admin"))
                    .body("importId[0]", equalTo(importId));

            List<ConsumerRecord<String, String>> seen = probe.pollUntil(records -> records.stream()
                    .filter(r -> target.equals(r.key())).count() >= 2, Duration.ofSeconds(60));
            List<JsonNode> events = seen.stream().filter(r -> target.equals(r.key())).map(r -> {
                try {
                    return TestEvents.MAPPER.readTree(r.value());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
            assertEquals(2, events.size());
            assertTrue(events.stream().allMatch(n -> "MeasurementsRecorded".equals(n.get("type").asText())
                    && target.equals(n.get("payload").get("targetCode").asText())
                    && n.get("payload").get("measurements").size() == 40), events.toString());
            List<JsonNode> mine = new java.util.ArrayList<>();
            events.forEach(n -> n.get("payload").get("measurements").forEach(mine::add));
            assertEquals(80, mine.stream().map(p -> p.get("measurementId").asText() + "/" + p.get("revision").asInt())
                    .distinct().count());
            // in stored order: the first import's revisions 1, then the second's revisions 2
            assertEquals(1, mine.get(0).get("revision").asInt());
            assertEquals(2, mine.get(79).get("revision").asInt());
            JsonNode firstOf = mine.stream().filter(p -> id.equals(p.get("measurementId").asText())
                    && p.get("revision").asInt() == 1).findFirst().orElseThrow();
            assertEquals(0, new BigDecimal("10.25").compareTo(firstOf.get("value").decimalValue()));
            assertEquals(w.dept, firstOf.get("unitCode").asText());
        }
    }

    @Test
    void aHundredThousandRowCsvImportsInOneRequest() {
        String city = TestEvents.code("BIGCITY");
        TestEvents.unit(city, w.province, "CITY");
        String[] counties = new String[100];
        for (int i = 0; i < counties.length; i++) {
            counties[i] = TestEvents.code("C" + i);
            TestEvents.unit(counties[i], city, "COUNTY");
        }
        String[] targets = new String[10];
        for (int t = 0; t < targets.length; t++) {
            targets[t] = TestEvents.code("BULK" + t);
            new TestEvents.Target(targets[t]).frequency("MONTH").aggregation("SUM").kind("CUMULATIVE")
                    .bounds(BigDecimal.ZERO, null).plan(2017, 2025).lead(w.dept).contributing(city).publish();
        }
        World.awaitUnits(counties);
        for (String t : targets) {
            World.awaitTarget(t, 1);
        }
        StringBuilder csv = new StringBuilder(6_000_000).append('\uFEFF').append("target,unit,period,value\n");
        for (int t = 0; t < targets.length; t++) {
            for (int u = 0; u < counties.length; u++) {
                for (int m = 0; m < 100; m++) {
                    int year = 2017 + m / 12;
                    int month = m % 12 + 1;
                    csv.append(targets[t]).append(',').append(counties[u]).append(',').append(year)
                            .append(month < 10 ? "0" : "").append(month).append(',')
                            .append(100 + (t * 7 + u * 3 + m) % 10).append('\n');
                }
            }
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        long start = System.nanoTime();
        // Extract instead of validating in the chain: a failed validation would log the 4.5 MB request.
        // noFilters: REST Assured's log-if-validation-fails filter would copy the 4 MB body into a string.
        io.restassured.response.ExtractableResponse<?> response = given().noFilters().header("Authorization", TestCallers.admin())
                .contentType("text/csv").body(bytes).post("/api/v1/imports").then().extract();
        org.junit.jupiter.api.Assertions.assertEquals(200, response.statusCode(), response.asString());
        io.restassured.path.json.JsonPath summary = response.jsonPath();
        org.junit.jupiter.api.Assertions.assertEquals(100_000, summary.getInt("counts.total"), response.asString());
        org.junit.jupiter.api.Assertions.assertEquals(100_000, summary.getInt("counts.imported"), response.asString());
        org.junit.jupiter.api.Assertions.assertEquals(0, summary.getInt("counts.rejected"), response.asString());
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("100,000-row CSV import (%d bytes) took %d ms%n", bytes.length, millis);
        assertTrue(millis < 180_000, "100,000 rows took " + millis + " ms");
        given().header("Authorization", TestCallers.analyst()).queryParam("target", targets[3]).queryParam("size", 1)
                .get("/api/v1/measurements").then().statusCode(200).body("total", equalTo(10_000));
        given().header("Authorization", TestCallers.analyst()).queryParam("unit", counties[99]).queryParam("size", 1)
                .get("/api/v1/measurements").then().statusCode(200).body("total", equalTo(1_000));
    }
}
