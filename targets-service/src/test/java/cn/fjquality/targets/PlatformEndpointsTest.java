package cn.fjquality.targets;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Health, OpenAPI and metrics, as ops and the gateway's merged OpenAPI use them. */
@QuarkusTest
class PlatformEndpointsTest {

    @Test
    void readinessReflectsTheDatabase() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"));
    }

    @Test
    void openApiDescribesTheTargetsApi() {
        given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200)
                .body(containsString("/api/v1/targets/{code}/revisions"))
                .body(containsString("/api/v1/plans/{code}"))
                .body(containsString("TARGET_VALUE_OUT_OF_BOUNDS"))
                .body(containsString("OL25-FOOD-SAMPLING-PASS-RATE"));
    }

    @Test
    void prometheusMetricsIncludeTheOutboxBacklog() {
        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("outbox_events_pending"));
    }

    @Test
    void unknownRoutesAreProblems() {
        given().when().get("/api/v1/nothing-here")
                .then().statusCode(404)
                .contentType("application/problem+json");
    }
}
