package cn.fjquality.reports;

import cn.fjquality.testsupport.TestCallers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.util.Map;

import static cn.fjquality.reports.Api.importCsv;
import static cn.fjquality.reports.Api.row;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Only ASCII digits are numbers, and a value more precise than what is stored (10 decimals) is refused, never rounded
 * (issue "[2/6] Security": {@code "９８"} was stored as 98, {@code "1e-2000000"} as 0). Exponents far out of range are
 * refused quickly with a 422, whether the number comes as a JSON number, a JSON string or a CSV cell.
 */
@QuarkusTest
class NumberPrecisionApiTest {
    static World w;
    static int month;

    @BeforeAll
    static void world() {
        w = World.create();
    }

    /** A fresh period of the world's monthly index (no bounds), reported by the department. */
    static String nextMonth() {
        month++;
        return String.format("%d%02d", 2020 + (month - 1) / 12, (month - 1) % 12 + 1);
    }

    /** Sends the body as written: JSON numbers stay JSON numbers with their exact spelling. */
    static ValidatableResponse submitRaw(String valueJson) {
        String body = "{\"target\":\"" + w.monthly + "\",\"unit\":\"" + w.dept + "\",\"period\":\"" + nextMonth() + "\",\"value\":"
                + valueJson + "}";
        long start = System.nanoTime();
        ValidatableResponse r = given().header("Authorization", TestCallers.reporter(w.dept)).contentType(ContentType.JSON).body(body)
                .post("/api/v1/measurements").then();
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 3_000, valueJson + " took " + millis + " ms");
        return r;
    }

    static ValidatableResponse problem(ValidatableResponse r, String code, String field) {
        return r.statusCode(422).contentType("application/problem+json").body("code", equalTo(code))
                .body("errors[0].field", equalTo(field));
    }

    @ParameterizedTest(name = "[{index}] value {0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            "９８"                       | VALUE_NOT_NUMERIC
            "９８.５"                    | VALUE_NOT_NUMERIC
            "٩٨"                         | VALUE_NOT_NUMERIC
            "९८"                         | VALUE_NOT_NUMERIC
            "98\uFF0E5"                  | VALUE_NOT_NUMERIC
            "1e-2000000"                 | VALUE_TOO_PRECISE
            1e-2000000                   | VALUE_TOO_PRECISE
            "1e-99999999999"             | VALUE_TOO_PRECISE
            1e-99999999999               | VALUE_TOO_PRECISE
            1e-400                       | VALUE_TOO_PRECISE
            98.12345678901               | VALUE_TOO_PRECISE
            "98.12345678901"             | VALUE_TOO_PRECISE
            1.00000000000000000001       | VALUE_TOO_PRECISE
            "0.00000000001"              | VALUE_TOO_PRECISE
            "1.5e-10"                    | VALUE_TOO_PRECISE
            "1e2000000"                  | VALUE_OUT_OF_BOUNDS
            "1e99999999999"              | VALUE_OUT_OF_BOUNDS
            "-1e99999999999"             | VALUE_OUT_OF_BOUNDS
            "1e18"                       | VALUE_OUT_OF_BOUNDS
            1e2000000                    | VALUE_NOT_FINITE
            1e99999999999                | VALUE_NOT_FINITE
            """)
    void aSingleValueIsRefused(String valueJson, String code) {
        ValidatableResponse r = problem(submitRaw(valueJson), code, "value");
        if (code.equals("VALUE_TOO_PRECISE")) {
            r.body("detail", containsString("10 decimals"));
        }
    }

    @ParameterizedTest(name = "[{index}] value {0} is stored as {1}")
    @CsvSource(delimiter = '|', textBlock = """
            98                           | 98
            "98"                         | 98
            98.1234567891                | 98.1234567891
            "98.1234567891"              | 98.1234567891
            98.50000000000000000000      | 98.5
            "1.5e-9"                     | 0.0000000015
            "0e-2000000"                 | 0
            0e99999999999                | 0
            "-0"                         | 0
            999999999999999999           | 999999999999999999
            "+7"                         | 7
            12E2                         | 1200
            """)
    void aValueWithinWhatIsStoredIsStoredExactly(String valueJson, String stored) {
        String id = submitRaw(valueJson).statusCode(201).extract().path("id");
        String json = given().header("Authorization", TestCallers.analyst()).get("/api/v1/measurements/" + id)
                .then().statusCode(200).extract().asString();
        assertEquals(0, new BigDecimal(stored).compareTo(decimal(json, "value")), json);
    }

    /** A number of a JSON answer, read without going through float. */
    static BigDecimal decimal(String json, String path) {
        Object n = io.restassured.path.json.JsonPath.from(json)
                .using(new io.restassured.path.json.config.JsonPathConfig(
                        io.restassured.path.json.config.JsonPathConfig.NumberReturnType.BIG_DECIMAL))
                .get(path);
        return new BigDecimal(String.valueOf(n));
    }

    @Test
    void numeratorAndDenominatorTakeAsciiDigitsOnlyAndNoMorePrecision() {
        String city = TestCallers.reporter(w.city1);
        Map<String, Object> fullWidth = row(w.ratio, w.city1, "2024Q1", null);
        fullWidth.put("numerator", "９８５");
        fullWidth.put("denominator", 1000);
        problem(Api.submit(city, fullWidth), "VALUE_NOT_NUMERIC", "numerator");
        Map<String, Object> fullWidthDen = row(w.ratio, w.city1, "2024Q1", null);
        fullWidthDen.put("numerator", 985);
        fullWidthDen.put("denominator", "１０００");
        problem(Api.submit(city, fullWidthDen), "VALUE_NOT_NUMERIC", "denominator");
        Map<String, Object> precise = row(w.ratio, w.city1, "2024Q1", null);
        precise.put("numerator", "985.00000000001");
        precise.put("denominator", 1000);
        problem(Api.submit(city, precise), "VALUE_TOO_PRECISE", "numerator").body("detail", containsString("10 decimals"));
        Map<String, Object> tiny = row(w.ratio, w.city1, "2024Q1", null);
        tiny.put("numerator", 985);
        tiny.put("denominator", "1e-2000000");
        problem(Api.submit(city, tiny), "VALUE_TOO_PRECISE", "denominator");
        given().header("Authorization", TestCallers.analyst()).queryParam("target", w.ratio).queryParam("unit", w.city1)
                .get("/api/v1/measurements").then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void csvCellsTakeAsciiDigitsOnlyAndNoMorePrecision() {
        String csv = "target,unit,period,value,numerator,denominator\n"
                + w.monthly + "," + w.dept + ",202401,９８,,\n"
                + w.monthly + "," + w.dept + ",202402,1e-2000000,,\n"
                + w.monthly + "," + w.dept + ",202403,98.12345678901,,\n"
                + w.monthly + "," + w.dept + ",202404,1e99999999999,,\n"
                + w.ratio + "," + w.city1 + ",2019Q1,,９８５,1000\n"
                + w.ratio + "," + w.city1 + ",2019Q1,,985,1000.00000000001\n"
                + w.monthly + "," + w.dept + ",202405,98.1234567891,,\n";
        long start = System.nanoTime();
        importCsv(TestCallers.admin(), csv, false).statusCode(200)
                .body("counts.imported", equalTo(1)).body("counts.rejected", equalTo(6))
                .body("conflicts.code", org.hamcrest.Matchers.contains("VALUE_NOT_NUMERIC", "VALUE_TOO_PRECISE", "VALUE_TOO_PRECISE",
                        "VALUE_OUT_OF_BOUNDS", "VALUE_NOT_NUMERIC", "VALUE_TOO_PRECISE"))
                .body("conflicts.field", org.hamcrest.Matchers.contains("value", "value", "value", "value", "numerator", "denominator"));
        assertTrue((System.nanoTime() - start) / 1_000_000 < 5_000);
    }

    @Test
    void jsonImportRowsTakeExactNumbersAndAFarExponentIsOneRejectedRow() {
        String body = "{\"measurements\":["
                + "{\"target\":\"" + w.monthly + "\",\"unit\":\"" + w.dept + "\",\"period\":\"202301\",\"value\":\"９８\"},"
                + "{\"target\":\"" + w.monthly + "\",\"unit\":\"" + w.dept + "\",\"period\":\"202302\",\"value\":1e-2000000},"
                + "{\"target\":\"" + w.monthly + "\",\"unit\":\"" + w.dept + "\",\"period\":\"202303\",\"value\":1.00000000000000000001},"
                + "{\"target\":\"" + w.monthly + "\",\"unit\":\"" + w.dept + "\",\"period\":\"202304\",\"value\":1e99999999999},"
                + "{\"target\":\"" + w.monthly + "\",\"unit\":\"" + w.dept + "\",\"period\":202305,\"value\":98.1234567891}"
                + "]}";
        given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON).body(body).post("/api/v1/imports")
                .then().statusCode(200).body("status", equalTo("WARNING"))
                .body("counts.imported", equalTo(1)).body("counts.rejected", equalTo(4))
                .body("conflicts.code", org.hamcrest.Matchers.contains("VALUE_NOT_NUMERIC", "VALUE_TOO_PRECISE", "VALUE_TOO_PRECISE",
                        "VALUE_NOT_FINITE"));
        String json = given().header("Authorization", TestCallers.analyst()).queryParam("target", w.monthly).queryParam("from", "202305")
                .queryParam("to", "202305").get("/api/v1/measurements").then().statusCode(200).extract().asString();
        assertEquals(0, new BigDecimal("98.1234567891").compareTo(decimal(json, "items[0].value")), json);
    }
}
