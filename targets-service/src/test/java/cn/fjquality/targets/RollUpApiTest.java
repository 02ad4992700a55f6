package cn.fjquality.targets;

import cn.fjquality.targets.MeasurementEventsFixture.M;
import cn.fjquality.testsupport.TestCallers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static cn.fjquality.targets.TargetFixtures.CITY_A;
import static cn.fjquality.targets.TargetFixtures.CITY_B;
import static cn.fjquality.targets.TargetFixtures.COUNTY;
import static cn.fjquality.targets.TargetFixtures.LEAD;
import static cn.fjquality.targets.TargetFixtures.OTHER_COUNTY;
import static cn.fjquality.targets.TargetFixtures.newCode;
import static cn.fjquality.targets.TargetFixtures.rateBody;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The figures a statistician signs, through the real API (values arrive on measurements.v1 as reports-service sends
 * them): the lead's province total beside the cities' shares, the roll-up when the lead has not reported, a city from
 * its counties, a base-year value, quarters making up a year, a RATIO with values lacking their parts, due dates, the
 * reconciliation and the city comparison. The registry here: the province FJ with four cities (FJ-FUZHOU, FJ-XIAMEN,
 * FJ-NINGDE, FJ-PINGTAN) and two counties of Fuzhou.
 */
@QuarkusTest
class RollUpApiTest {
    static final String PINGTAN = "FJ-PINGTAN";
    static final Instant AT = Instant.parse("2025-02-01T00:00:00Z");

    @BeforeEach
    void registry() {
        UnitEventsFixture.ensureActive(LEAD, CITY_A, CITY_B, COUNTY, OTHER_COUNTY, PINGTAN);
    }

    static String target(Map<String, Object> overrides) {
        String code = newCode();
        Map<String, Object> body = rateBody(code);
        body.putAll(overrides);
        TargetFixtures.create(body);
        return code;
    }

    /** 社会公用计量标准-like: a level of a count that adds up over places. */
    static String standards() {
        return target(Map.of("kind", "LEVEL", "comparator", "GT", "targetValue", 2400, "unit", "项", "aggregation", "SUM",
                "lowerBound", 0, "upperBound", 1000000));
    }

    static JsonPath progress(String code, String scope) {
        return given().header("Authorization", TestCallers.analyst()).queryParam("scope", scope)
                .when().get("/api/v1/targets/" + code + "/progress")
                .then().statusCode(200).contentType(ContentType.JSON).extract().jsonPath();
    }

    static JsonPath cities(String code, String period) {
        var req = given().header("Authorization", TestCallers.analyst());
        if (period != null) {
            req = req.queryParam("period", period);
        }
        return req.when().get("/api/v1/targets/" + code + "/cities").then().statusCode(200).extract().jsonPath();
    }

    static void record(String code, String unit, String period, long value) {
        MeasurementEventsFixture.recorded(M.amount(code, unit, period, 1, value, AT));
    }

    @Test
    void theLeadsProvinceTotalIsTheProvincesFigureAndTheCitiesSharesAreNotAddedToIt() {
        String code = standards();
        // 省市场监管局 reports the province-wide 2460 (its own place: the province), 厦门 300 and 福州 280.
        record(code, LEAD, "2024", 2460);
        record(code, CITY_B, "2024", 300);
        record(code, CITY_A, "2024", 280);
        JsonPath p = progress(code, "PROVINCE");
        assertEquals(2460.0, p.getDouble("actual"), 1e-9, "not 3040");
        assertEquals("ACHIEVED", p.getString("status"));
        assertEquals("REPORTED", p.getString("series[0].source"));
        assertEquals(List.of(LEAD), p.getList("series[0].reportedBy"));
        assertEquals("PLACES", p.getString("series[0].checks[0].kind"));
        assertEquals(580.0, p.getDouble("series[0].checks[0].derived"), 1e-9);
        assertEquals(1880.0, p.getDouble("series[0].checks[0].difference"), 1e-9);
        assertEquals(2, p.getInt("series[0].checks[0].covered"));
        assertEquals(4, p.getInt("series[0].checks[0].of"));
        assertFalse(p.getBoolean("series[0].checks[0].flagged"), "a partial roll-up is expected to fall short");

        // The city comparison: the cities' shares, ranked, not judged against the province total.
        JsonPath c = cities(code, "2024");
        assertEquals("2024", c.getString("period"));
        assertEquals("2024", cities(code, "202405").getString("period"), "a finer period: the year holding it");
        assertEquals("2024", cities(code, "2024Q4").getString("period"));
        assertEquals(2460.0, c.getDouble("province.value"), 1e-9);
        assertEquals(List.of("FJ-FUZHOU", "FJ-PINGTAN", "FJ-XIAMEN", "FJ-NINGDE"), c.getList("cities.code"), "division-code order");
        Map<String, Object> xiamen = city(c, CITY_B);
        assertEquals(300.0, ((Number) xiamen.get("value")).doubleValue(), 1e-9);
        assertEquals(1, xiamen.get("rank"));
        assertEquals("NOT_APPLICABLE", xiamen.get("status"));
        assertEquals(300.0 / 2460, ((Number) xiamen.get("shareOfProvince")).doubleValue(), 1e-6);
        assertEquals(2, city(c, CITY_A).get("rank"));
        assertNull(city(c, PINGTAN).get("rank"));
        assertEquals("NO_DATA", city(c, PINGTAN).get("status"));

        // Fuzhou's own scope: its share, NOT_APPLICABLE against a province total.
        JsonPath fuzhou = progress(code, CITY_A);
        assertEquals("NOT_APPLICABLE", fuzhou.getString("status"));
        assertEquals(280.0, fuzhou.getDouble("actual"), 1e-9);
        assertNull(fuzhou.get("gap"));
    }

    @Test
    void withoutTheLeadsFigureTheProvinceRollsUpFromTheCitiesAndSaysHowMany() {
        String code = standards();
        record(code, CITY_B, "2024", 300);
        record(code, CITY_A, "2024", 280);
        JsonPath p = progress(code, "PROVINCE");
        assertEquals(580.0, p.getDouble("actual"), 1e-9);
        assertEquals("ROLLED_UP", p.getString("series[0].source"));
        assertEquals(2, p.getInt("series[0].placesCovered"));
        assertEquals(4, p.getInt("series[0].placesTotal"));
        Map<String, Object> row = row(code);
        assertEquals("ROLLED_UP", row.get("source"));
        assertEquals(2, row.get("placesCovered"));
        assertEquals(4, row.get("placesTotal"));
        assertEquals("2024", row.get("lastPeriod"));

        // The lead's figure arrives later and takes precedence.
        record(code, LEAD, "2024", 2460);
        assertEquals(2460.0, progress(code, "PROVINCE").getDouble("actual"), 1e-9);
        assertEquals("REPORTED", row(code).get("source"));
    }

    @Test
    void aCityRollsUpFromItsCountiesAndTheProvinceFromThatCity() {
        String code = standards();
        record(code, COUNTY, "2024", 40);
        record(code, OTHER_COUNTY, "2024", 60);
        JsonPath fuzhou = progress(code, CITY_A);
        assertEquals(100.0, fuzhou.getDouble("actual"), 1e-9);
        assertEquals("ROLLED_UP", fuzhou.getString("series[0].source"));
        assertEquals(List.of(COUNTY, OTHER_COUNTY), fuzhou.getList("series[0].rolledUpFrom"));
        assertEquals(2, fuzhou.getInt("series[0].placesTotal"));
        assertEquals(100.0, progress(code, "350100").getDouble("actual"), 1e-9, "by division code");
        JsonPath province = progress(code, "PROVINCE");
        assertEquals(100.0, province.getDouble("actual"), 1e-9);
        assertEquals(1, province.getInt("series[0].placesCovered"));
        // Stored for the city too (a county's value touches the county, the city and the province).
        assertEquals(1, TestDb.count("SELECT count(*) FROM progress WHERE target_code = ? AND scope = ? AND actual = 100",
                code, CITY_A));

        // Fuzhou then reports its own 280: it takes precedence, and its complete roll-up (100) is flagged.
        record(code, CITY_A, "2024", 280);
        JsonPath again = progress(code, CITY_A);
        assertEquals(280.0, again.getDouble("actual"), 1e-9);
        assertTrue(again.getBoolean("series[0].flagged"));
        assertTrue(again.getString("series[0].checks[0].note").contains("all 2 places below"), again.getString("series[0].checks[0].note"));
        assertEquals(280.0, progress(code, "PROVINCE").getDouble("actual"), 1e-9, "280, not 380");
        assertEquals(1, TestDb.count("SELECT flagged_periods FROM progress WHERE target_code = ? AND scope = ?", code, CITY_A));
    }

    @Test
    void aDepartmentsValueForACityDescribesThatCity() {
        String code = standards();
        MeasurementEventsFixture.recorded(M.amount(code, LEAD, "2024", 1, 290, AT).at(CITY_A));
        MeasurementEventsFixture.recorded(M.amount(code, LEAD, "2024", 1, 2460, AT).at("FJ"));
        record(code, CITY_A, "2024", 280);
        assertEquals(2, TestDb.count("SELECT count(*) FROM progress_data_point WHERE target_code = ? AND unit_code = ?", code, LEAD));
        JsonPath fuzhou = progress(code, CITY_A);
        assertEquals(290.0, fuzhou.getDouble("actual"), 1e-9, "the lead unit's figure comes first");
        assertEquals(List.of(LEAD), fuzhou.getList("series[0].reportedBy"));
        assertEquals(CITY_A, fuzhou.getString("series[0].otherReports[0].unit"));
        assertEquals(2460.0, progress(code, "PROVINCE").getDouble("actual"), 1e-9);
        // the department's own series: its province-wide values
        assertEquals(2460.0, progress(code, LEAD).getDouble("actual"), 1e-9);
    }

    @Test
    void aRatioTakesTheCountsOfTheValuesThatCarryThemNeverAMeanOfRates() {
        String code = target(Map.of());
        MeasurementEventsFixture.recorded(M.rate(code, CITY_A, "2024", 1, 975, 1000, AT));
        MeasurementEventsFixture.recorded(M.rate(code, CITY_B, "2024", 1, 1965, 2000, AT));
        MeasurementEventsFixture.recorded(new M(code, PINGTAN, "2024", 1, new BigDecimal("50"), null, null, "SUBMITTED", AT));
        JsonPath p = progress(code, "PROVINCE");
        assertEquals(98.0, p.getDouble("actual"), 1e-9, "2940 / 3000, not the mean of 97.5, 98.25 and 50");
        assertEquals(2, p.getInt("series[0].placesCovered"));
        assertEquals(List.of(CITY_A, CITY_B), p.getList("series[0].rolledUpFrom"));
        JsonPath c = cities(code, null);
        assertEquals("2024", c.getString("period"), "the latest period any city reported");
        assertEquals(1, city(c, CITY_B).get("rank"));
        assertEquals(3, city(c, PINGTAN).get("rank"));
        assertEquals("ACHIEVED", city(c, CITY_B).get("status"), "a rate target applies to every city");
        assertEquals("NOT_APPLICABLE".equals(city(c, PINGTAN).get("status")), false);
    }

    @Test
    void quartersMakeUpTheYear() {
        String code = target(Map.of("kind", "CUMULATIVE", "comparator", "GE", "targetValue", 500, "unit", "个",
                "aggregation", "SUM", "lowerBound", 0, "upperBound", 1000000));
        for (int q = 1; q <= 4; q++) {
            record(code, LEAD, "2024Q" + q, 10L * q);
        }
        JsonPath p = progress(code, "PROVINCE");
        assertEquals(List.of("2024"), p.getList("series.period"));
        assertEquals(100.0, p.getDouble("series[0].value"), 1e-9);
        assertEquals("DERIVED", p.getString("series[0].source"));
        assertEquals(12, p.getInt("series[0].monthsCovered"));
        assertEquals("2024-12-31", p.getString("series[0].coveredThrough"));
        // 2025 so far from its first quarter: the year's figure speaks for three months
        record(code, LEAD, "2025Q1", 25);
        JsonPath later = progress(code, "PROVINCE");
        assertEquals("2025-03-31", later.getString("series[1].coveredThrough"));
        assertEquals(3, later.getInt("series[1].monthsCovered"));
        assertEquals(125.0, later.getDouble("actual"), 1e-9, "cumulative since the plan's start");
        // the year reported directly takes precedence, and is checked against its quarters
        record(code, LEAD, "2024", 120);
        JsonPath direct = progress(code, "PROVINCE");
        assertEquals(120.0, direct.getDouble("series[0].value"), 1e-9);
        assertEquals("REPORTED", direct.getString("series[0].source"));
        assertEquals("PERIODS", direct.getString("series[0].checks[0].kind"));
        assertTrue(direct.getBoolean("series[0].checks[0].flagged"), "100 from the quarters vs 120 reported");
    }

    @Test
    void theBaseYearFigureIsTheBaselineOfARelativeChange() {
        // 数字经济核心产业增加值占GDP比重 "比2020年提高3个百分点"
        String code = target(Map.of("kind", "RELATIVE_CHANGE", "comparator", "GE", "targetValue", 3, "unit", "个百分点",
                "aggregation", "LEAD_UNIT_ONLY", "baseline", Map.of("year", 2020), "lowerBound", 0, "upperBound", 100,
                "contributingUnits", List.of()));
        record(code, LEAD, "2023", 9);
        JsonPath none = progress(code, "PROVINCE");
        assertEquals("NO_DATA", none.getString("status"));
        assertTrue(none.getString("method").contains("report the 2020 value or set it on the target"), none.getString("method"));
        MeasurementEventsFixture.recorded(new M(code, LEAD, "2020", 1, new BigDecimal("7.5"), null, null, "SUBMITTED", AT));
        record(code, LEAD, "2024", 10);
        JsonPath p = progress(code, "PROVINCE");
        assertEquals(2.5, p.getDouble("actual"), 1e-9);
        assertEquals("BASE_YEAR", p.getString("baselineSource"));
        assertTrue(p.getList("series.period").contains("2020"));
        assertTrue(p.getString("method").contains("(the 2020 figure)"), p.getString("method"));
    }

    @Test
    void dueDatesFollowTheFrequencyOrTheTargetsOwnOffset() {
        String yearly = target(Map.of());
        String late = target(Map.of("reportDueAfter", "p6m"));
        given().header("Authorization", TestCallers.analyst()).when().get("/api/v1/targets/" + late)
                .then().statusCode(200).body("reportDueAfter", org.hamcrest.Matchers.equalTo("P6M"));
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        JsonPath y = progress(yearly, "PROVINCE");
        assertEquals("P3M", y.getString("thresholds.reportDueAfter"));
        assertEquals(String.valueOf(today.minusMonths(3).minusDays(1).getYear() - 1), y.getString("thresholds.latestDuePeriod"));
        JsonPath l = progress(late, "PROVINCE");
        assertEquals("P6M", l.getString("thresholds.reportDueAfter"));
        assertEquals(String.valueOf(today.minusMonths(6).minusDays(1).getYear() - 1), l.getString("thresholds.latestDuePeriod"));
        assertTrue(y.getBoolean("stale"), "nothing reported for a period long due");
        Map<String, Object> tooLate = rateBody(newCode());
        tooLate.put("reportDueAfter", "P13M");
        given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON).body(tooLate)
                .when().post("/api/v1/targets")
                .then().statusCode(422).body("code", org.hamcrest.Matchers.equalTo("INVALID_REPORT_DUE_AFTER"));
    }

    @Test
    void theCityComparisonOfAPlanAsJsonAndCsv() throws Exception {
        String code = standards();
        record(code, CITY_B, "2024", 300);
        record(code, COUNTY, "2024", 40);
        JsonPath plan = given().header("Authorization", TestCallers.analyst()).queryParam("plan", "FJ-OUTLINE-2025")
                .queryParam("section", "二、(一)9").queryParam("period", "2024")
                .when().get("/api/v1/progress/cities").then().statusCode(200).extract().jsonPath();
        Map<String, Object> mine = plan.<Map<String, Object>>getList("targets").stream().filter(t -> code.equals(t.get("targetCode")))
                .findFirst().orElseThrow();
        assertEquals("2024", mine.get("period"));
        Response csv = given().header("Authorization", TestCallers.analyst()).accept("text/csv")
                .when().get("/api/v1/targets/" + code + "/cities");
        csv.then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith("text/csv"));
        List<CSVRecord> rows = CsvExportTest.parse(csv.asByteArray());
        assertEquals(4, rows.size());
        CSVRecord fuzhou = rows.stream().filter(r -> r.get("cityCode").equals(CITY_A)).findFirst().orElseThrow();
        assertEquals("40", fuzhou.get("value"));
        assertEquals("ROLLED_UP", fuzhou.get("source"));
        assertEquals("1", fuzhou.get("placesCovered"));
        assertEquals("2", fuzhou.get("placesTotal"));
        assertEquals("340", fuzhou.get("provinceValue"));
        given().header("Authorization", TestCallers.analyst()).queryParam("period", "2024X1")
                .when().get("/api/v1/targets/" + code + "/cities")
                .then().statusCode(400).body("code", org.hamcrest.Matchers.equalTo("INVALID_QUERY_PARAMETER"));
    }

    @Test
    void aCoarserPeriodAskedOfAQuarterlyTargetIsItsLatestQuarterWithACityFigure() {
        String code = target(Map.of("kind", "CUMULATIVE", "comparator", "GE", "targetValue", 500, "unit", "个",
                "aggregation", "SUM", "lowerBound", 0, "upperBound", 1000000, "reportingFrequency", "QUARTER"));
        record(code, CITY_B, "2024Q2", 3);
        record(code, CITY_B, "2024Q3", 4);
        assertEquals("2024Q3", cities(code, "2024").getString("period"));
        assertEquals("2024Q2", cities(code, "2024S1").getString("period"));
        assertEquals("2023Q4", cities(code, "2023").getString("period"), "nothing reported in 2023: its last quarter");
        assertEquals("2024Q3", cities(code, null).getString("period"));
        assertEquals("2024Q2", cities(code, "202405").getString("period"));
    }

    @Test
    void anOlderEventWithoutItsPlaceIsTheReportingUnitsOwnPlace() {
        String code = standards();
        record(code, LEAD, "2023", 2300); // the fixture leaves placeCode out: the department's place, the province
        assertEquals(LEAD, TestDb.string("SELECT place_code FROM progress_data_point WHERE target_code = ?", code));
        assertEquals(2300.0, progress(code, "PROVINCE").getDouble("actual"), 1e-9);
        // its next revision names the place: still one value, not two
        MeasurementEventsFixture.recorded(M.amount(code, LEAD, "2023", 1, 2300, AT).revised(2, 2310));
        assertEquals(1, TestDb.count("SELECT count(*) FROM progress_data_point WHERE target_code = ?", code));
        assertEquals(2310.0, progress(code, "PROVINCE").getDouble("actual"), 1e-9);
    }

    static Map<String, Object> city(JsonPath comparison, String code) {
        return comparison.<Map<String, Object>>getList("cities").stream().filter(c -> code.equals(c.get("code"))).findFirst().orElseThrow();
    }

    static Map<String, Object> row(String code) {
        return given().header("Authorization", TestCallers.analyst()).queryParam("plan", "FJ-OUTLINE-2025")
                .when().get("/api/v1/progress").then().statusCode(200).extract().jsonPath()
                .<Map<String, Object>>getList("items").stream().filter(r -> code.equals(r.get("code"))).findFirst().orElseThrow();
    }
}
