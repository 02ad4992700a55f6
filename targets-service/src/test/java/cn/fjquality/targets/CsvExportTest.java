package cn.fjquality.targets;

import cn.fjquality.testsupport.TestCallers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class CsvExportTest {
    static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    static List<CSVRecord> parse(byte[] body) throws IOException {
        byte[] head = java.util.Arrays.copyOf(body, 3);
        assertArrayEquals(BOM, head, "UTF-8 byte-order mark first, so Excel reads Chinese");
        String text = new String(body, 3, body.length - 3, StandardCharsets.UTF_8);
        try (CSVParser p = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(text))) {
            return p.getRecords();
        }
    }

    @Test
    void targetsAsCsvHaveEveryMatchingRowNotJustOnePage() throws IOException {
        int total = given().header("Authorization", TestCallers.analyst())
                .queryParam("plan", "FJ-OUTLINE-2025").queryParam("size", 5)
                .when().get("/api/v1/targets")
                .then().statusCode(200).extract().path("total");
        Response csv = given().header("Authorization", TestCallers.analyst()).accept("text/csv")
                .queryParam("plan", "FJ-OUTLINE-2025").queryParam("size", 5)
                .when().get("/api/v1/targets");
        csv.then().statusCode(200)
                .contentType(startsWith("text/csv"))
                .header("Content-Disposition", containsString("targets.csv"));
        List<CSVRecord> rows = parse(csv.asByteArray());
        assertTrue(total > 5);
        assertEquals(total, rows.size());
        CSVRecord food = rows.stream().filter(r -> r.get("code").equals("OL25-FOOD-SAMPLING-PASS-RATE")).findFirst().orElseThrow();
        assertEquals("食品抽检合格率", food.get("nameZh"));
        assertEquals("98.5", food.get("targetValue"));
        assertEquals("RATE", food.get("kind"));
        assertTrue(food.get("contributingUnits").startsWith("FJ-FUZHOU;FJ-XIAMEN;"));
        // The clause holds commas: it must come back whole, so it was quoted.
        assertEquals("到2025年,食品抽检合格率和水产品产地监督抽查合格率均达到98.5%以上", food.get("sourceText"));
        assertTrue(new String(csv.asByteArray(), StandardCharsets.UTF_8).contains("\"到2025年,食品抽检合格率"));
        rows.forEach(r -> assertEquals("FJ-OUTLINE-2025", r.get("planCode")));
    }

    @Test
    void filtersApplyToCsvToo() throws IOException {
        byte[] body = given().header("Authorization", TestCallers.analyst()).accept("text/csv")
                .queryParam("kind", "RELATIVE_CHANGE")
                .when().get("/api/v1/targets")
                .then().statusCode(200).extract().asByteArray();
        List<CSVRecord> rows = parse(body);
        assertTrue(rows.size() >= 5);
        rows.forEach(r -> assertEquals("RELATIVE_CHANGE", r.get("kind")));
        CSVRecord digital = rows.stream().filter(r -> r.get("code").equals("OL25-DIGITAL-CORE-VALUE-ADDED-GDP-SHARE")).findFirst().orElseThrow();
        assertEquals("2020", digital.get("baselineYear"));
        assertEquals("", digital.get("baselineValue"));
    }

    @Test
    void plansAsCsv() throws IOException {
        byte[] body = given().header("Authorization", TestCallers.reporter("FJ-AMR")).accept("text/csv")
                .when().get("/api/v1/plans")
                .then().statusCode(200).contentType(startsWith("text/csv")).extract().asByteArray();
        List<CSVRecord> rows = parse(body);
        CSVRecord outline = rows.stream().filter(r -> r.get("code").equals("FJ-OUTLINE-2025")).findFirst().orElseThrow();
        assertEquals("福建省质量强省建设纲要", outline.get("titleZh"));
        assertEquals("2021", outline.get("startYear"));
        assertEquals("2025", outline.get("endYear"));
        assertTrue(rows.size() >= 5);
    }

    @Test
    void jsonStaysTheDefaultAndCsvNeedsARole() {
        given().header("Authorization", TestCallers.analyst())
                .when().get("/api/v1/plans")
                .then().statusCode(200).contentType(startsWith("application/json"));
        given().header("Authorization", TestCallers.analyst()).accept("application/json, text/csv;q=0.5")
                .when().get("/api/v1/targets")
                .then().statusCode(200).contentType(startsWith("application/json"));
        given().accept("text/csv").when().get("/api/v1/targets").then().statusCode(401);
    }
}
