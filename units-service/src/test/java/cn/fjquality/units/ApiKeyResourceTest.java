package cn.fjquality.units;

import cn.fjquality.testsupport.TestCallers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class ApiKeyResourceTest {

    private static Map<String, Object> verify(String apiKey) {
        return given().header("Authorization", TestCallers.gateway()).contentType(ContentType.JSON)
                .body(Map.of("apiKey", apiKey))
                .when().post("/internal/v1/api-keys/verify")
                .then().statusCode(200)
                .extract().jsonPath().getMap("");
    }

    @Test
    void reporterKeyIsShownOnceVerifiesAndStopsWorkingWhenRevoked() {
        Response issued = given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON)
                .body(Map.of("label", "福州市推送", "subtree", true))
                .when().post("/api/v1/units/FJ-FUZHOU/api-keys")
                .then().statusCode(201)
                .body("role", equalTo("REPORTER"))
                .body("unitCode", equalTo("FJ-FUZHOU"))
                .body("apiKey", matchesPattern("fjq_[a-z2-7]{12}_[A-Za-z0-9_-]{43}"))
                .extract().response();
        String apiKey = issued.path("apiKey");
        String keyId = issued.path("keyId");
        String secret = apiKey.substring("fjq_".length() + keyId.length() + 1); // the whole secret: it may contain '_'

        Map<String, Object> verified = verify(apiKey);
        assertThat(verified).containsEntry("valid", true).containsEntry("role", "REPORTER")
                .containsEntry("unitCode", "FJ-FUZHOU").containsEntry("subtree", true).containsEntry("keyId", keyId);

        // Never again: neither the list, nor the single view, nor the unit's list shows the secret.
        String listed = given().header("Authorization", TestCallers.admin())
                .when().get("/api/v1/api-keys").then().statusCode(200)
                .body("keyId", hasItem(keyId))
                .body("apiKey", everyItem(nullValue()))
                .extract().asString();
        String single = given().header("Authorization", TestCallers.admin())
                .when().get("/api/v1/api-keys/" + keyId).then().statusCode(200).extract().asString();
        String forUnit = given().header("Authorization", TestCallers.admin())
                .when().get("/api/v1/units/FJ-FUZHOU/api-keys").then().statusCode(200).extract().asString();
        assertThat(listed + single + forUnit).doesNotContain(secret);

        // A wrong secret for a real key id is not accepted.
        String tampered = apiKey.substring(0, apiKey.length() - 1) + (apiKey.endsWith("A") ? "B" : "A");
        assertThat(verify(tampered)).containsEntry("valid", false).containsEntry("reason", "UNKNOWN");

        given().header("Authorization", TestCallers.admin())
                .when().post("/api/v1/api-keys/" + keyId + "/revoke")
                .then().statusCode(200)
                .body("active", equalTo(false))
                .body("revokedAt", notNullValue());
        assertThat(verify(apiKey)).containsEntry("valid", false).containsEntry("reason", "REVOKED");
        given().header("Authorization", TestCallers.admin())
                .when().get("/api/v1/api-keys").then().statusCode(200)
                .body("keyId", not(hasItem(keyId)));
        given().header("Authorization", TestCallers.admin()).queryParam("includeRevoked", true)
                .when().get("/api/v1/api-keys").then().statusCode(200)
                .body("keyId", hasItem(keyId));
    }

    @Test
    void analystKeyAndMalformedKeys() {
        String apiKey = given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON)
                .body(Map.of("role", "ANALYST", "label", "质量发展处"))
                .when().post("/api/v1/api-keys")
                .then().statusCode(201)
                .body("role", equalTo("ANALYST"))
                .body("unitCode", nullValue())
                .extract().path("apiKey");
        assertThat(verify(apiKey)).containsEntry("valid", true).containsEntry("role", "ANALYST");
        assertThat(verify("not-a-key")).containsEntry("valid", false).containsEntry("reason", "MALFORMED");
        assertThat(verify("fjq_aaaaaaaaaaaa_" + "A".repeat(43))).containsEntry("valid", false).containsEntry("reason", "UNKNOWN");

        given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON)
                .body(Map.of("role", "REPORTER", "label", "x"))
                .when().post("/api/v1/api-keys")
                .then().statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", hasItem("role"));
    }

    @Test
    void keysOfAnInactiveUnitAreRefusedAndStopVerifying() {
        String code = UnitResourceTest.uniqueCode("KEYS");
        UnitResourceTest.createUnit(code, "FJ", "OTHER");
        String apiKey = given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON)
                .body("{}")
                .when().post("/api/v1/units/" + code + "/api-keys")
                .then().statusCode(201).extract().path("apiKey");
        assertThat(verify(apiKey)).containsEntry("valid", true);

        given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON)
                .body(Map.of("activeTo", "2020-01-01")).when().post("/api/v1/units/" + code + "/deactivate")
                .then().statusCode(422).body("code", equalTo("INVALID_ACTIVE_RANGE"));
        given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON)
                .body("{}").when().post("/api/v1/units/" + code + "/deactivate")
                .then().statusCode(200);
        // Active through today: still valid today; the key dies with the unit the day after.
        given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON)
                .body(Map.of("activeFrom", "2019-01-01")).when().patch("/api/v1/units/" + code)
                .then().statusCode(200);
        given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON)
                .body(Map.of("activeTo", "2020-01-01")).when().post("/api/v1/units/" + code + "/deactivate")
                .then().statusCode(200).body("active", equalTo(false));
        assertThat(verify(apiKey)).containsEntry("valid", false).containsEntry("reason", "UNIT_INACTIVE");
        given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON)
                .body("{}").when().post("/api/v1/units/" + code + "/api-keys")
                .then().statusCode(422).body("code", equalTo("UNIT_INACTIVE"));
        given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON)
                .body("{}").when().post("/api/v1/units/NO-SUCH-UNIT/api-keys")
                .then().statusCode(404).body("code", equalTo("UNIT_NOT_FOUND"));
    }

    @Test
    void onlyAdminsManageKeysAndOnlyTheGatewayVerifies() {
        for (String caller : new String[]{TestCallers.analyst(), TestCallers.reporter("FJ-FUZHOU"), TestCallers.gateway()}) {
            given().header("Authorization", caller).contentType(ContentType.JSON)
                    .body(Map.of("role", "ADMIN", "label", "escalation"))
                    .when().post("/api/v1/api-keys")
                    .then().statusCode(403).contentType("application/problem+json").body("code", equalTo("FORBIDDEN"));
            given().header("Authorization", caller).when().get("/api/v1/api-keys")
                    .then().statusCode(403);
        }
        given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON)
                .body(Map.of("apiKey", "x")).when().post("/internal/v1/api-keys/verify")
                .then().statusCode(403);
        given().contentType(ContentType.JSON)
                .body(Map.of("apiKey", "x")).when().post("/internal/v1/api-keys/verify")
                .then().statusCode(401).contentType("application/problem+json").body("code", equalTo("UNAUTHENTICATED"));
    }

    @Test
    void bootstrapAdminKeyFromConfigurationIsActive() {
        // The test profile sets units.bootstrap-admin-api-key (see application.properties).
        assertThat(verify(BOOTSTRAP_KEY)).containsEntry("valid", true).containsEntry("role", "ADMIN");
    }

    static final String BOOTSTRAP_KEY = "fjq_testadmin234_" + "T".repeat(43);
}
