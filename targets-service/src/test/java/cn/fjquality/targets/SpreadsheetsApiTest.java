package cn.fjquality.targets;

import cn.fjquality.targets.MeasurementEventsFixture.M;
import cn.fjquality.tabular.Xlsx;
import cn.fjquality.testsupport.TestCallers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static cn.fjquality.targets.TargetFixtures.CITY_A;
import static cn.fjquality.targets.TargetFixtures.CITY_B;
import static cn.fjquality.targets.TargetFixtures.LEAD;
import static cn.fjquality.targets.TargetFixtures.newCode;
import static cn.fjquality.targets.TargetFixtures.rateBody;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The spreadsheets of issue "[4/6] Pages": progress, a target's series, the city comparison (per target and per plan) as
 * .xlsx beside the CSV, through the shared writer (Chinese headers, frozen header row, numbers as numbers, formula-like
 * text neutralised); and the plans' chapter titles.
 */
@QuarkusTest
class SpreadsheetsApiTest {
    static final Instant AT = Instant.parse("2025-02-01T00:00:00Z");

    @BeforeEach
    void registry() {
        UnitEventsFixture.ensureActive(LEAD, CITY_A, CITY_B);
    }

    static XSSFSheet sheet(String path, Map<String, Object> query, String filename) throws IOException {
        byte[] body = given().header("Authorization", TestCallers.analyst()).accept(Xlsx.MEDIA_TYPE).queryParams(query)
                .when().get(path).then().statusCode(200).contentType(Xlsx.MEDIA_TYPE)
                .header("Content-Disposition", containsString(filename)).extract().asByteArray();
        XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(body));
        XSSFSheet sheet = wb.getSheetAt(0);
        assertEquals(1, sheet.getPaneInformation().getHorizontalSplitPosition(), path + ": the header row is frozen");
        return sheet;
    }

    static Map<String, Integer> header(XSSFSheet sheet) {
        Map<String, Integer> columns = new HashMap<>();
        sheet.getRow(0).forEach(c -> columns.put(c.getStringCellValue(), c.getColumnIndex()));
        return columns;
    }

    static Row rowWith(XSSFSheet sheet, int column, String value) {
        for (Row r : sheet) {
            if (r.getRowNum() > 0 && r.getCell(column) != null && value.equals(r.getCell(column).getStringCellValue())) {
                return r;
            }
        }
        throw new AssertionError("no row with " + value);
    }

    @Test
    void progressSeriesAndCityComparisonAsXlsx() throws IOException {
        String code = newCode();
        Map<String, Object> body = rateBody(code);
        body.put("nameZh", "=HYPERLINK(\"http://example.cn\",\"点击\")");
        TargetFixtures.create(body);
        MeasurementEventsFixture.recorded(M.rate(code, CITY_A, "2024", 1, 975, 1000, AT));
        MeasurementEventsFixture.recorded(M.rate(code, CITY_B, "2024", 1, 1965, 2000, AT));

        XSSFSheet progress = sheet("/api/v1/progress", Map.of("plan", "FJ-OUTLINE-2025"), "progress.xlsx");
        Map<String, Integer> h = header(progress);
        assertTrue(h.containsKey("指标代码") && h.containsKey("指标名称") && h.containsKey("实际值") && h.containsKey("状态"), h.toString());
        Row mine = rowWith(progress, h.get("指标代码"), code);
        assertEquals("'=HYPERLINK(\"http://example.cn\",\"点击\")", mine.getCell(h.get("指标名称")).getStringCellValue());
        assertEquals(CellType.NUMERIC, mine.getCell(h.get("实际值")).getCellType());
        assertEquals(98.0, mine.getCell(h.get("实际值")).getNumericCellValue(), 1e-9);
        assertEquals(2025.0, mine.getCell(h.get("目标年份")).getNumericCellValue());
        Row food = rowWith(progress, h.get("指标代码"), "OL25-FOOD-SAMPLING-PASS-RATE");
        assertEquals("食品抽检合格率", food.getCell(h.get("指标名称")).getStringCellValue());

        XSSFSheet series = sheet("/api/v1/targets/" + code + "/progress", Map.of(), code + "-progress.xlsx");
        Map<String, Integer> s = header(series);
        Row y2024 = rowWith(series, s.get("期别"), "2024");
        assertEquals(98.0, y2024.getCell(s.get("数值")).getNumericCellValue(), 1e-9);
        assertEquals(2940.0, y2024.getCell(s.get("分子")).getNumericCellValue(), 1e-9);
        assertEquals("ROLLED_UP", y2024.getCell(s.get("来源")).getStringCellValue());

        XSSFSheet cities = sheet("/api/v1/targets/" + code + "/cities", Map.of("period", "2024"), code + "-cities.xlsx");
        Map<String, Integer> c = header(cities);
        Row fuzhou = rowWith(cities, c.get("设区市代码"), CITY_A);
        assertEquals(97.5, fuzhou.getCell(c.get("数值")).getNumericCellValue(), 1e-9);
        assertEquals(2.0, rowWith(cities, c.get("设区市代码"), CITY_A).getCell(c.get("排名")).getNumericCellValue());
        assertTrue(fuzhou.getCell(c.get("设区市")).getStringCellValue().contains("FJ-FUZHOU"), "the city's name (the test registry's)");

        XSSFSheet plan = sheet("/api/v1/progress/cities", Map.of("plan", "FJ-OUTLINE-2025", "section", "二、(一)1",
                "period", "2024"), "cities.xlsx");
        Map<String, Integer> pc = header(plan);
        List<String> targets = new ArrayList<>();
        plan.forEach(r -> {
            if (r.getRowNum() > 0) {
                targets.add(r.getCell(pc.get("指标代码")).getStringCellValue());
            }
        });
        assertTrue(targets.contains("OL25-FOOD-SAMPLING-PASS-RATE"), targets.toString());
    }

    @Test
    void aPlanCarriesItsChapterTitles() {
        JsonPath p = given().header("Authorization", TestCallers.reporter("FJ-AMR")).when().get("/api/v1/plans/FJ-OUTLINE-2025")
                .then().statusCode(200).extract().jsonPath();
        assertEquals("二、", p.getString("chapters[0].section"));
        assertEquals("重点任务", p.getString("chapters[0].titleZh"));
        assertEquals("二、(一)", p.getString("chapters[1].section"));
        assertEquals("实施重点产品质量提升工程", p.getString("chapters[1].titleZh"));
        assertEquals(9, p.getList("chapters").size());
        JsonPath wp = given().header("Authorization", TestCallers.analyst()).when().get("/api/v1/plans/FJ-WP-2021")
                .then().statusCode(200).extract().jsonPath();
        assertEquals("4", wp.getString("chapters[1].section"));
        assertEquals("加大食品安全监管力度", wp.getString("chapters[1].titleZh"));
    }
}
