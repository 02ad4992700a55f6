package cn.fjquality.targets;

import cn.fjquality.testsupport.TestCallers;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.startsWith;

/** Paging at the integer limits: past the end is an empty page, out of range a 400 problem, never a 500. */
@QuarkusTest
class PagingBoundsTest {

    @ParameterizedTest(name = "{0}?page={1}&size={2} -> {3}")
    @CsvSource({
            "/api/v1/targets,  2147483647, 500, 200",
            "/api/v1/targets,  2147483647, 1,   200",
            "/api/v1/targets,  4294967,    500, 200",   // the offset just above Integer.MAX_VALUE
            "/api/v1/targets,  2147483648, 50,  400",
            "/api/v1/targets,  -1,         50,  400",
            "/api/v1/targets,  -2147483648, 50, 400",
            "/api/v1/targets,  0,          0,   400",
            "/api/v1/targets,  0,          501, 400",
            "/api/v1/targets,  0,          9223372036854775807, 400",
            "/api/v1/progress, 2147483647, 500, 200",
            "/api/v1/progress, -1,         5,   400",
            "/api/v1/progress, 0,          2147483647, 400",
    })
    void pagesAtTheLimits(String path, String page, String size, int status) {
        var answer = given().header("Authorization", TestCallers.analyst()).queryParam("page", page).queryParam("size", size)
                .when().get(path).then().statusCode(status);
        if (status == 200) {
            answer.body("items.size()", equalTo(0)).body("total", greaterThan(0));
        } else {
            answer.contentType(startsWith("application/problem+json"));
        }
    }
}
