package cn.fjquality.units;

import cn.fjquality.units.service.UnitSeedLoader;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
class OperationsEndpointsTest {
    @Inject
    UnitSeedLoader seed;

    @Test
    void readinessReflectsTheDatabase() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("Database")));
    }

    @Test
    void metricsHaveHttpServerAndOutboxBacklog() {
        given().when().get("/api/v1/units/FJ").then().statusCode(401);
        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("http_server_requests_seconds_count"))
                .body(containsString("http_server_requests_seconds_bucket"))
                .body(containsString("agroal_active_count"))
                .body(containsString("outbox_events_pending"))
                .body(containsString("outbox_oldest_pending_age_seconds"))
                .body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void openApiDescribesEveryEndpointWithExamples() {
        given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("paths", hasKey("/api/v1/units"))
                .body("paths", hasKey("/api/v1/units/{code}"))
                .body("paths", hasKey("/api/v1/units/{code}/deactivate"))
                .body("paths", hasKey("/api/v1/units/{code}/subtree"))
                .body("paths", hasKey("/api/v1/units/{code}/api-keys"))
                .body("paths", hasKey("/api/v1/api-keys"))
                .body("paths", hasKey("/api/v1/api-keys/{keyId}/revoke"))
                .body("components.schemas.CreateUnit.properties.code.examples[0]", equalTo("FJ-FUZHOU-GULOU"))
                .body("components.schemas.CreateUnit.properties.divisionCode.examples[0]", equalTo("350102"))
                .body("components.schemas.CreateUnit.properties.divisionCode.description", containsString("统计用区划代码"))
                .body("components.schemas.UpdateUnit.properties.divisionCode.examples[0]", equalTo("350102"))
                .body("components.schemas.Unit.properties.divisionCode.examples[0]", equalTo("350102"))
                .body("paths.'/api/v1/units'.get.parameters.name", hasItem("division"))
                .body("components.securitySchemes", notNullValue());
    }

    @Test
    void seedIsIdempotent() {
        UnitSeedLoader.SeedResult again = seed.load();
        assertThat(again.inserted()).isZero();
        assertThat(again.updated()).isZero();
        assertThat(again.unchanged()).as("every unit of units-v1.json and every county of places-v1.json")
                .isEqualTo(PlacesSeedLoaderTest.SEED_ENTRIES);
    }
}
