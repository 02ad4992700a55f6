package cn.fjquality.targets;

import cn.fjquality.security.Caller;
import cn.fjquality.security.Roles;
import cn.fjquality.targets.MeasurementEventsFixture.M;
import cn.fjquality.testsupport.TestCallers;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static cn.fjquality.targets.TargetFixtures.CITY_A;
import static cn.fjquality.targets.TargetFixtures.CITY_B;
import static cn.fjquality.targets.TargetFixtures.COUNTY;
import static cn.fjquality.targets.TargetFixtures.LEAD;
import static cn.fjquality.targets.TargetFixtures.OTHER_COUNTY;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * The same scope rule as reports-service for unit-level data: the province and the cities are every key's; a county's
 * figure and a reporting unit's own values only for a REPORTER of that unit (or of an ancestor with a subtree key), in
 * JSON and CSV alike; the values other units reported beside a figure only within the key's scope.
 */
@QuarkusTest
class ProgressReadScopeTest {
    static final String NINGDE = "FJ-NINGDE";
    static final Instant AT = Instant.parse("2025-02-01T00:00:00Z");

    static String subtree(String unit) {
        return TestCallers.bearer(new Caller("key-" + unit, Roles.REPORTER, unit, true));
    }

    @Test
    void aReporterReadsTheProvinceTheCitiesAndItsOwnScopeOnly() {
        UnitEventsFixture.ensureActive(LEAD, CITY_A, CITY_B, COUNTY, OTHER_COUNTY, NINGDE);
        String code = RollUpApiTest.standards();
        MeasurementEventsFixture.recorded(M.amount(code, COUNTY, "2024", 1, 40, AT));
        MeasurementEventsFixture.recorded(M.amount(code, LEAD, "2024", 1, 290, AT).at(CITY_A));
        MeasurementEventsFixture.recorded(M.amount(code, CITY_A, "2024", 1, 280, AT));
        MeasurementEventsFixture.recorded(M.amount(code, LEAD, "2024", 1, 2460, AT));
        String ningde = TestCallers.reporter(NINGDE);
        String path = "/api/v1/targets/" + code + "/progress";

        for (String scope : List.of("PROVINCE", "FJ", CITY_A, "350100", CITY_B)) {
            given().header("Authorization", ningde).queryParam("scope", scope).when().get(path).then().statusCode(200);
        }
        for (String scope : List.of(COUNTY, "350102", LEAD)) {
            for (String accept : List.of("application/json", "text/csv")) {
                given().header("Authorization", ningde).accept(accept).queryParam("scope", scope).when().get(path)
                        .then().statusCode(403).contentType("application/problem+json").body("code", equalTo("UNIT_OUT_OF_SCOPE"));
            }
        }
        // The other reports beside Fuzhou's figure (Fuzhou's own 280) are Fuzhou's data: not for Ningde's key.
        given().header("Authorization", ningde).queryParam("scope", CITY_A).when().get(path)
                .then().statusCode(200).body("actual", equalTo(290)).body("series[0].otherReports", hasSize(0));
        given().header("Authorization", TestCallers.reporter(CITY_A)).queryParam("scope", CITY_A).when().get(path)
                .then().statusCode(200).body("series[0].otherReports[0].unit", equalTo(CITY_A));
        given().header("Authorization", TestCallers.analyst()).queryParam("scope", CITY_A).when().get(path)
                .then().statusCode(200).body("series[0].otherReports[0].value", equalTo(280));
        // A county: its own key, and its city's subtree key; not the city's plain key.
        given().header("Authorization", TestCallers.reporter(COUNTY)).queryParam("scope", COUNTY).when().get(path)
                .then().statusCode(200).body("actual", equalTo(40));
        given().header("Authorization", subtree(CITY_A)).queryParam("scope", COUNTY).when().get(path).then().statusCode(200);
        given().header("Authorization", TestCallers.reporter(CITY_A)).queryParam("scope", COUNTY).when().get(path).then().statusCode(403);
        given().header("Authorization", TestCallers.reporter(LEAD)).queryParam("scope", LEAD).when().get(path)
                .then().statusCode(200).body("actual", equalTo(2460));
        // The city comparison is every key's; the province's other reports are filtered the same way.
        given().header("Authorization", ningde).when().get("/api/v1/targets/" + code + "/cities")
                .then().statusCode(200).body("cities.find { it.code == 'FJ-FUZHOU' }.value", equalTo(290));
        Map<String, Object> plan = Map.of("plan", "FJ-OUTLINE-2025", "section", "二、(一)9");
        given().header("Authorization", ningde).queryParams(plan).when().get("/api/v1/progress/cities").then().statusCode(200);
    }
}
