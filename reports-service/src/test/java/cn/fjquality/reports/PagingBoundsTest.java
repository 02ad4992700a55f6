package cn.fjquality.reports;

import cn.fjquality.testsupport.PagingBounds;
import cn.fjquality.testsupport.ProblemAssertions;
import cn.fjquality.testsupport.TestCallers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static cn.fjquality.reports.Api.row;
import static cn.fjquality.reports.Api.submitOk;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Paging at the integer limits, for every numeric query parameter of the module: {@code page} and {@code size} of
 * {@code GET /api/v1/measurements} (completeness, revisions and imports take no numeric parameter; the period ids and the
 * place, which may look like numbers, are covered at the same limits below). A page past the last match is an empty 200
 * page with the total; an out-of-range value a 400 problem; never a 500. The probe's request
 * ({@code page=2147483647&size=500}) was a 500: page × size overflowed an int in Panache's paging.
 */
@QuarkusTest
class PagingBoundsTest {
    static World w;

    static boolean seeded;

    @BeforeAll
    static void world() {
        w = World.create();
    }

    /** Three values of the world's rate (over HTTP: REST Assured knows the port from the first test on). */
    @BeforeEach
    void seed() {
        if (!seeded) {
            for (String quarter : List.of("2024Q1", "2024Q2", "2024Q3")) {
                submitOk(TestCallers.reporter(w.city1), row(w.ratio, w.city1, quarter, 97));
            }
            seeded = true;
        }
    }

    private static Response list(String page, String size) {
        return given().header("Authorization", TestCallers.analyst()).queryParam("target", w.ratio)
                .queryParam("page", page).queryParam("size", size).when().get("/api/v1/measurements");
    }

    @ParameterizedTest(name = "page={0}&size={1} -> empty page")
    @CsvSource({
            "2147483647, 500",   // the probe's request
            "2147483647, 1",
            "4294968,    500",   // the smallest page whose offset (2,147,484,000) no longer fits an int
            "2147483646, 2",
            "1073741824, 2",     // offset exactly 2^31
            "1000,       500",   // past the end without any overflow
            "3,          1",     // just past the last match
    })
    void aPagePastTheLastMatchIsEmpty(String page, String size) {
        Response response = list(page, size);
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        assertThat(response.<List<?>>path("items")).isEmpty();
        assertThat(response.<Integer>path("total")).as("the total is still the number of matches").isEqualTo(3);
        assertThat(response.<Integer>path("page")).isEqualTo(Integer.parseInt(page));
        assertThat(response.<Integer>path("size")).isEqualTo(Integer.parseInt(size));
    }

    @Test
    void theLastPageHoldsTheRemainder() {
        assertThat(list("1", "2").<List<String>>path("items.period")).containsExactly("2024Q3");
        assertThat(list("0", "500").<List<?>>path("items")).hasSize(3);
        assertThat(list("2", "1").<List<String>>path("items.period")).containsExactly("2024Q3");
    }

    @Test
    void theCsvExportIgnoresPaging() {
        Response response = given().header("Authorization", TestCallers.analyst()).accept("text/csv").queryParam("target", w.ratio)
                .queryParam("page", Integer.MAX_VALUE).queryParam("size", 500).when().get("/api/v1/measurements");
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        assertThat(response.asString().split("\r\n")).hasSize(4);
    }

    /** Out of range or not an int: 400 problem+json, never a 500. */
    @ParameterizedTest(name = "{0}={1} -> 400 {2}")
    @MethodSource("cn.fjquality.testsupport.PagingBounds#outOfRange")
    void anOutOfRangeValueIsAProblem(String parameter, String value, String code) {
        PagingBounds.assertRefused("/api/v1/measurements", parameter, value, code);
    }

    @Test
    void bothOutOfRangeIsAProblem() {
        ProblemAssertions.assertProblem("both", list("9223372036854775807", "9223372036854775807"), 400, "INVALID_QUERY_PARAMETER");
        ProblemAssertions.assertProblem("both in int range", list("-1", "0"), 400, "VALIDATION_FAILED");
    }

    /** Period ids and places that look like numbers at the same limits: a 400 for a period, an empty answer for a place. */
    @ParameterizedTest(name = "numeric-looking {0}")
    @ValueSource(strings = {"2147483647", "-2147483648", "2147483648", "9223372036854775807", "-9223372036854775808",
            "99999999999999999999", "-1", "0", "1e400", "210101", "999912"})
    void numericLookingIdsAtTheLimits(String value) {
        for (String parameter : List.of("from", "to")) {
            Response r = given().header("Authorization", TestCallers.analyst()).queryParam(parameter, value).get("/api/v1/measurements");
            ProblemAssertions.assertProblem(parameter + "=" + value, r, 400, "MALFORMED_PERIOD");
        }
        Response completeness = given().header("Authorization", TestCallers.analyst()).queryParam("period", value)
                .get("/api/v1/completeness");
        ProblemAssertions.assertProblem("period=" + value, completeness, 400, "MALFORMED_PERIOD");
        Response place = given().header("Authorization", TestCallers.analyst()).queryParam("place", value).get("/api/v1/measurements");
        assertThat(place.statusCode()).as(place.asString()).isEqualTo(200);
        assertThat(place.<Integer>path("total")).isZero();
    }
}
