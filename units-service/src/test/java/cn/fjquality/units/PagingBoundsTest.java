package cn.fjquality.units;

import cn.fjquality.testsupport.PagingBounds;
import cn.fjquality.testsupport.ProblemAssertions;
import cn.fjquality.testsupport.TestCallers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Paging at the integer limits, for every numeric query parameter of the module ({@code page} and {@code size} of
 * {@code GET /api/v1/units}; the API-key lists are not paged): a page past the last match is an empty 200 page with
 * the total, an out-of-range value a 400 problem, never a 500. The first rows were a 500 before: page × size
 * overflowed an int in the repository.
 */
@QuarkusTest
class PagingBoundsTest {

    /** Past the end: 200, no items, the real total, page and size echoed. */
    @ParameterizedTest(name = "page={0}&size={1} -> empty page")
    @CsvSource({
            "2147483647, 500",   // the black-box probe's request: 2147483647 × 500 overflowed an int
            "2147483647, 1",
            "4294968,    500",   // the smallest page whose offset (2,147,484,000) no longer fits an int
            "2147483646, 2",
            "1000,       500",   // past the end without any overflow
    })
    void aPagePastTheLastMatchIsEmpty(String page, String size) {
        Response response = list(page, size);
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        assertThat(response.<java.util.List<?>>path("items")).isEmpty();
        assertThat(response.<Integer>path("total")).as("the total is still the number of matches").isGreaterThan(100);
        assertThat(response.<Integer>path("page")).isEqualTo(Integer.parseInt(page));
        assertThat(response.<Integer>path("size")).isEqualTo(Integer.parseInt(size));
    }

    @Test
    void aFilteredPagePastTheEndIsEmptyWithTheFilteredTotal() {
        Response response = given().header("Authorization", TestCallers.analyst())
                .queryParam("type", "CITY").queryParam("page", Integer.MAX_VALUE).queryParam("size", 500)
                .when().get("/api/v1/units");
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        assertThat(response.<java.util.List<?>>path("items")).isEmpty();
        assertThat(response.<Integer>path("total")).as("the nine cities and Pingtan").isGreaterThanOrEqualTo(10);
    }

    @Test
    void theLastPageHoldsTheRemainder() {
        int total = list("0", "1").path("total");
        Response last = list(String.valueOf((total - 1) / 7), "7");
        assertThat(last.statusCode()).isEqualTo(200);
        assertThat(last.<java.util.List<?>>path("items")).hasSize(total % 7 == 0 ? 7 : total % 7);
        assertThat(list(String.valueOf((total - 1) / 7 + 1), "7").<java.util.List<?>>path("items")).isEmpty();
    }

    /** In range: the largest size is served. */
    @Test
    void theLargestSizeIsServed() {
        Response response = list("0", "500");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.<java.util.List<?>>path("items")).hasSize(Math.min(500, response.<Integer>path("total")));
    }

    /** Out of range or not an int: 400 problem+json with the module's code, never a 500. */
    @ParameterizedTest(name = "{0}={1} -> 400 {2}")
    @MethodSource("cn.fjquality.testsupport.PagingBounds#outOfRange")
    void anOutOfRangeValueIsAProblem(String parameter, String value, String code) {
        PagingBounds.assertRefused("/api/v1/units", parameter, value, code);
    }

    /** Both at once, each out of range: still one 400, not a 500 from whichever is checked second. */
    @Test
    void bothOutOfRangeIsAProblem() {
        Response response = list("9223372036854775807", "9223372036854775807");
        ProblemAssertions.assertProblem("both", response, 400, "INVALID_QUERY_PARAMETER");
        ProblemAssertions.assertProblem("both in int range", list("-1", "0"), 400, "VALIDATION_FAILED");
    }

    private static Response list(String page, String size) {
        return given().header("Authorization", TestCallers.analyst()).queryParam("page", page).queryParam("size", size)
                .when().get("/api/v1/units");
    }
}
