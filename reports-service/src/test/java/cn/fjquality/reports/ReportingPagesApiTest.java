package cn.fjquality.reports;

import cn.fjquality.security.Caller;
import cn.fjquality.security.Roles;
import cn.fjquality.tabular.Xlsx;
import cn.fjquality.testsupport.TestCallers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static cn.fjquality.reports.Api.row;
import static cn.fjquality.reports.Api.submit;
import static cn.fjquality.reports.Api.submitOk;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the reporting form, the review queue and the spreadsheets (issue "[4/6] Pages for the people who do not write
 * code") need of reports-service: completeness items that carry the target and the current value, the shares a county may
 * report (shares=true), the .xlsx template of what a unit reports and its import, the review queue (reviewable=true)
 * under the four-eyes rule, and the measurements as .xlsx.
 */
@QuarkusTest
class ReportingPagesApiTest {
    static World w;
    /** A yearly rate led by city1, county1 below it: a county's share, reviewed by its city. */
    static String cityLed;

    @BeforeAll
    static void world() {
        w = World.create();
        cityLed = TestEvents.code("T-PAGES-CITYLED");
        new TestEvents.Target(cityLed).frequency("YEAR").lead(w.city1).contributing(w.county1).publish();
        World.awaitTarget(cityLed, 1);
    }

    static String reporter(String unit, boolean subtree) {
        return TestCallers.bearer(new Caller("k-" + UUID.randomUUID(), Roles.REPORTER, unit, subtree));
    }

    static String admin() {
        return TestCallers.bearer(new Caller("k-admin-" + UUID.randomUUID(), Roles.ADMIN, null, false));
    }

    static ValidatableResponse queue(String auth) {
        return given().header("Authorization", auth).queryParam("reviewable", true).queryParam("size", 500)
                .get("/api/v1/measurements").then().statusCode(200);
    }

    static List<String> queued(String auth) {
        return queue(auth).extract().path("items.id");
    }

    @Test
    void aCountySeesTheSharesItMayReportWithTargetAndCurrentValue() {
        String county = reporter(w.county1, false);
        // w.ratio: dept leads, city1 and city2 contribute; county1 owes nothing but may report its share (RATIO)
        given().header("Authorization", county).queryParam("period", "2024Q2").get("/api/v1/completeness").then()
                .statusCode(200).body("owed", equalTo(0)).body("items.findAll { it.target == '" + w.ratio + "' }.size()", equalTo(0));
        ValidatableResponse r = given().header("Authorization", county).queryParam("period", "2024Q2").queryParam("shares", true)
                .get("/api/v1/completeness").then().statusCode(200).body("owed", equalTo(0)).body("reportingRate", equalTo(1.0f));
        String item = "items.find { it.target == '" + w.ratio + "' }";
        r.body(item + ".unit", equalTo(w.county1)).body(item + ".owed", equalTo(false)).body(item + ".place", equalTo(w.county1))
                .body(item + ".targetNameZh", equalTo("指标" + w.ratio)).body(item + ".unitOfMeasure", equalTo("%"))
                .body(item + ".ratio", equalTo(true)).body(item + ".lowerBound", equalTo(0)).body(item + ".upperBound", equalTo(100.0f))
                .body(item + ".dueDate", equalTo("2024-07-30")).body(item + ".current", nullValue())
                .body(item + ".overdue", equalTo(false)).body(item + ".status", equalTo("PENDING"));
        // the SUM target (a YEAR target) is not of the quarter; the LEAD_UNIT_ONLY one is never a county's
        r.body("items.target", not(hasItem(w.monthly)));

        Map<String, Object> body = row(w.ratio, w.county1, "2024Q2", null);
        body.put("numerator", 97);
        body.put("denominator", 100);
        body.put("comment", "县级抽检");
        submitOk(county, body);
        given().header("Authorization", county).queryParam("period", "2024Q2").queryParam("shares", true)
                .get("/api/v1/completeness").then().statusCode(200)
                .body(item + ".reported", equalTo(true)).body(item + ".current.value", equalTo(97))
                .body(item + ".current.numerator", equalTo(97)).body(item + ".current.status", equalTo("SUBMITTED"))
                .body(item + ".current.comment", equalTo("县级抽检")).body(item + ".current.revision", equalTo(1));

        // owed items carry the same: the city's own report, returned with a reason
        String city = reporter(w.city1, false);
        String id = submitOk(city, row(w.ratio, w.city1, "2024Q2", 96));
        given().header("Authorization", admin()).contentType(ContentType.JSON).body(Map.of("reason", "请附抽检明细"))
                .post("/api/v1/measurements/" + id + "/return").then().statusCode(200);
        given().header("Authorization", city).queryParam("period", "2024Q2").get("/api/v1/completeness").then().statusCode(200)
                .body(item + ".owed", equalTo(true)).body(item + ".current.status", equalTo("RETURNED"))
                .body(item + ".current.reviewReason", equalTo("请附抽检明细"));
        // an admin sees shares only for a unit it names
        given().header("Authorization", TestCallers.admin()).queryParam("period", "2024Q2").queryParam("shares", true)
                .queryParam("unit", w.county1).get("/api/v1/completeness").then().statusCode(200)
                .body("items.unit", hasItem(w.county1));
    }

    @Test
    void theTemplateListsWhatTheUnitReportsAndComesBackAsAnImport() throws Exception {
        String county = reporter(w.county1, false);
        byte[] template = given().header("Authorization", county).queryParam("period", "2024").get("/api/v1/imports/template")
                .then().statusCode(200).contentType(Xlsx.MEDIA_TYPE)
                .header("Content-Disposition", containsString("import-template-2024.xlsx")).extract().asByteArray();
        byte[] filled;
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(template))) {
            XSSFSheet sheet = wb.getSheetAt(0);
            Row header = sheet.getRow(0);
            assertEquals("指标代码 (target)", header.getCell(0).getStringCellValue());
            assertEquals("数值 (value)", header.getCell(4).getStringCellValue());
            assertEquals("#指标名称", header.getCell(8).getStringCellValue());
            assertEquals(1, sheet.getPaneInformation().getHorizontalSplitPosition(), "the header row is frozen");
            Row sum = null;
            List<String> targets = new ArrayList<>();
            for (Row row : sheet) {
                if (row.getRowNum() == 0) {
                    continue;
                }
                targets.add(row.getCell(0).getStringCellValue());
                if (row.getCell(0).getStringCellValue().equals(w.sum)) {
                    sum = row;
                }
            }
            // county1 lies below city1, which contributes to the yearly SUM target and to cityLed's lead... cityLed names
            // county1 as contributing: owed; the SUM target: a share
            assertTrue(targets.contains(cityLed), "owed: " + targets);
            assertTrue(sum != null, "the share of the SUM target: " + targets);
            assertEquals(w.county1, sum.getCell(1).getStringCellValue());
            assertEquals(w.county1, sum.getCell(2).getStringCellValue());
            assertEquals("2024", sum.getCell(3).getStringCellValue());
            assertEquals("否（可报份额）", sum.getCell(14).getStringCellValue());
            assertEquals("指标" + w.sum, sum.getCell(8).getStringCellValue());
            // fill the SUM row, add a row with a bad value
            sum.createCell(4).setCellValue(1200);
            sum.createCell(7).setCellValue("=HYPERLINK(\"x\")");
            Row bad = sheet.createRow(sheet.getLastRowNum() + 1);
            bad.createCell(0).setCellValue(cityLed);
            bad.createCell(1).setCellValue(w.county1);
            bad.createCell(3).setCellValue("2024");
            bad.createCell(4).setCellValue(101);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            wb.write(out);
            filled = out.toByteArray();
            int badRow = bad.getRowNum();
            // rows not filled in (no value, numerator, denominator) are left out: the filled row and the bad one count
            given().header("Authorization", county).contentType(Xlsx.MEDIA_TYPE).body(filled).post("/api/v1/imports").then()
                    .statusCode(200).body("counts.imported", equalTo(1)).body("counts.total", equalTo(2))
                    .body("counts.rejected", equalTo(1)).body("status", equalTo("WARNING"))
                    .body("conflicts.find { it.row == " + badRow + " }.code", equalTo("VALUE_OUT_OF_BOUNDS"))
                    .body("conflicts.find { it.row == " + badRow + " }.field", equalTo("value"));
        }
        given().header("Authorization", county).queryParam("target", w.sum).queryParam("unit", w.county1)
                .get("/api/v1/measurements").then().statusCode(200).body("items[0].value", equalTo(1200))
                .body("items[0].comment", equalTo("=HYPERLINK(\"x\")"));
    }

    @Test
    void anXlsxImportIsCheckedLikeACsvOne() throws Exception {
        String county = reporter(w.county1, false);
        given().header("Authorization", county).contentType(Xlsx.MEDIA_TYPE).body("target,unit,period,value\n".getBytes())
                .post("/api/v1/imports").then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("XLSX_UNREADABLE"));
        byte[] wrongHeader = Xlsx.bytes("x", Xlsx.columns("a", "指标", "b", "数值 (value)"), List.of(List.of("x", 1)));
        given().header("Authorization", county).contentType(Xlsx.MEDIA_TYPE).body(wrongHeader)
                .post("/api/v1/imports").then().statusCode(400).body("code", equalTo("CSV_HEADER_INVALID"));
        byte[] rows = Xlsx.bytes("x", Xlsx.columns("t", "target", "u", "unit", "p", "period", "v", "value", "i", "#说明"),
                List.of(List.of(w.sum, w.county1, "2023", new java.math.BigDecimal("12.5"), "ignored"),
                        List.of(w.sum, w.county1, "2023Q9", 1, "ignored")));
        given().header("Authorization", county).contentType(Xlsx.MEDIA_TYPE).queryParam("dryRun", true).body(rows)
                .post("/api/v1/imports").then().statusCode(200).body("dryRun", equalTo(true))
                .body("counts.imported", equalTo(1)).body("conflicts[0].row", equalTo(2))
                .body("conflicts[0].code", equalTo("MALFORMED_PERIOD"));
    }

    @Test
    void theReviewQueueListsWhatThisKeyMayReview() {
        String countyKey = reporter(w.county1, false);
        String cityKey = reporter(w.city1, false);
        String citySubtreeKey = reporter(w.city1, true);
        String byCounty = submitOk(countyKey, row(cityLed, w.county1, "2022", 91));
        String bySubtree = submitOk(citySubtreeKey, row(cityLed, w.county1, "2023", 92));
        String adminKey = admin();
        String byAdmin = submitOk(adminKey, row(cityLed, w.county1, "2024", 93));

        List<String> city = queued(cityKey);
        assertTrue(city.contains(byCounty), "the county's own value waits for the city that leads the target");
        assertTrue(!city.contains(bySubtree), "not what a key of the city submitted (SELF_REVIEW_NOT_ALLOWED)");
        assertTrue(city.contains(byAdmin), "an admin's submission on the county's behalf: the city may review it");
        given().header("Authorization", cityKey).post("/api/v1/measurements/" + bySubtree + "/approve").then().statusCode(403)
                .body("code", equalTo("SELF_REVIEW_NOT_ALLOWED"));
        List<String> admins = queued(adminKey);
        assertTrue(admins.contains(byCounty) && admins.contains(bySubtree) && !admins.contains(byAdmin),
                "an admin key: every SUBMITTED value but its own submissions");
        assertTrue(queued(admin()).contains(byAdmin), "another admin key may review it");
        assertEquals(List.of(), queued(countyKey), "a unit that leads nothing reviews nothing");
        assertEquals(List.of(), queued(TestCallers.analyst()), "an analyst reviews nothing");
        queue(cityKey).body("items.find { it.id == '" + byCounty + "' }.status", equalTo("SUBMITTED"));
        // the other filters apply; a status other than SUBMITTED matches nothing
        given().header("Authorization", cityKey).queryParam("reviewable", true).queryParam("from", "2022").queryParam("to", "2022")
                .get("/api/v1/measurements").then().statusCode(200).body("total", equalTo(1)).body("items[0].id", equalTo(byCounty));
        given().header("Authorization", cityKey).queryParam("reviewable", true).queryParam("status", "APPROVED")
                .get("/api/v1/measurements").then().statusCode(200).body("total", equalTo(0));

        given().header("Authorization", cityKey).post("/api/v1/measurements/" + byCounty + "/approve").then().statusCode(200);
        given().header("Authorization", cityKey).contentType(ContentType.JSON).body(Map.of("reason", "请核实"))
                .post("/api/v1/measurements/" + byAdmin + "/return").then().statusCode(200);
        List<String> after = queued(cityKey);
        assertTrue(!after.contains(byCounty) && !after.contains(byAdmin), "decided values leave the queue");
        // returned, then corrected by the county: back in the queue
        submit(countyKey, row(cityLed, w.county1, "2024", 93.5)).statusCode(201).body("status", equalTo("SUBMITTED"));
        assertTrue(queued(cityKey).contains(byAdmin), "the corrected value waits again");
    }

    @Test
    void measurementsComeAsXlsxWithChineseHeadersAndSafeText() throws Exception {
        String city = reporter(w.city2, false);
        Map<String, Object> body = row(w.ratio, w.city2, "2024Q3", -0.0);
        body.put("value", 95.5);
        body.put("comment", "=HYPERLINK(\"http://example.cn\",\"点击\")");
        submitOk(city, body);
        byte[] xlsx = given().header("Authorization", city).accept(Xlsx.MEDIA_TYPE).queryParam("unit", w.city2)
                .get("/api/v1/measurements").then().statusCode(200).contentType(Xlsx.MEDIA_TYPE)
                .header("Content-Disposition", containsString("measurements.xlsx")).extract().asByteArray();
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            XSSFSheet sheet = wb.getSheetAt(0);
            assertEquals("指标代码", sheet.getRow(0).getCell(1).getStringCellValue());
            assertEquals("数值", sheet.getRow(0).getCell(5).getStringCellValue());
            Row row = sheet.getRow(1);
            assertEquals(w.ratio, row.getCell(1).getStringCellValue());
            assertEquals(CellType.NUMERIC, row.getCell(5).getCellType());
            assertEquals(95.5, row.getCell(5).getNumericCellValue());
            assertEquals("'=HYPERLINK(\"http://example.cn\",\"点击\")", row.getCell(13).getStringCellValue());
        }
    }
}
