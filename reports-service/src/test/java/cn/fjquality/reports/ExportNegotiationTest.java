package cn.fjquality.reports;

import cn.fjquality.tabular.Xlsx;
import cn.fjquality.testsupport.TestCallers;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which answer of listMeasurements an Accept header gets, now that JAX-RS chooses between the JSON operation and its
 * hidden CSV and .xlsx methods (as in targets-service): JSON unless the client prefers a spreadsheet type, 406 when it
 * admits none of the three. The headers are the ones clients send and the system tests' fuzzer draws.
 */
@QuarkusTest
class ExportNegotiationTest {
    @ParameterizedTest(name = "Accept: [{0}] -> {1} {2}")
    @CsvSource(delimiter = '|', value = {
            "                                   | 200 | application/json",
            "*/*                                | 200 | application/json",
            "application/json                   | 200 | application/json",
            "application/json, text/csv;q=0.5   | 200 | application/json",
            "text/csv;q=0.1, application/json   | 200 | application/json",
            "text/csv                           | 200 | text/csv",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet | 200 | " + Xlsx.MEDIA_TYPE,
            "application/xml                    | 406 | application/problem+json",
            "image/png                          | 406 | application/problem+json"})
    void theAcceptHeaderChoosesTheAnswer(String accept, int status, String type) {
        var request = given().header("Authorization", TestCallers.analyst()).queryParam("target", "NO-SUCH-TARGET");
        if (accept != null) {
            request.header("Accept", accept);
        }
        var response = request.when().get("/api/v1/measurements");
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith(type);
    }
}
