package cn.fjquality.units;

import cn.fjquality.testsupport.TestCallers;
import cn.fjquality.units.service.BootstrapAdminKey;
import cn.fjquality.units.service.BootstrapAdminKey.Outcome;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * The bootstrap admin key (ADMIN_API_KEY) across restarts. Each test runs the start-up step a restart runs
 * ({@link BootstrapAdminKey#ensure}, which the start-up calls with ADMIN_API_KEY) with a key of its own, so the
 * test profile's bootstrap key, which other tests use, is left alone.
 */
@QuarkusTest
class BootstrapAdminKeyTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    BootstrapAdminKey bootstrap;

    @Test
    void aRevokedBootstrapKeyStaysRevokedAcrossRestarts() {
        String key = newKey();
        String keyId = keyId(key);
        assertThat(bootstrap.ensure(key)).as("the first start with this ADMIN_API_KEY creates it").isEqualTo(Outcome.CREATED);
        assertVerifies(key, "ADMIN");
        given().header("Authorization", TestCallers.admin()).when().get("/api/v1/api-keys/" + keyId)
                .then().statusCode(200).body("createdBy", equalTo("bootstrap")).body("active", equalTo(true));

        given().header("Authorization", TestCallers.admin()).when().post("/api/v1/api-keys/" + keyId + "/revoke")
                .then().statusCode(200).body("active", equalTo(false));
        String revokedAt = given().header("Authorization", TestCallers.admin()).when().get("/api/v1/api-keys/" + keyId)
                .then().statusCode(200).extract().path("revokedAt");
        assertRefused(key, "REVOKED");

        assertThat(bootstrap.ensure(key)).as("a restart with ADMIN_API_KEY unchanged").isEqualTo(Outcome.REVOKED_KEPT);
        assertThat(bootstrap.ensure(key)).as("and another").isEqualTo(Outcome.REVOKED_KEPT);
        assertRefused(key, "REVOKED");
        given().header("Authorization", TestCallers.admin()).when().get("/api/v1/api-keys/" + keyId)
                .then().statusCode(200).body("active", equalTo(false)).body("revokedAt", equalTo(revokedAt));
    }

    @Test
    void aNewSecretForARevokedKeyIdDoesNotReactivateIt() {
        String key = newKey();
        String keyId = keyId(key);
        bootstrap.ensure(key);
        given().header("Authorization", TestCallers.admin()).when().delete("/api/v1/api-keys/" + keyId).then().statusCode(200);

        String sameIdNewSecret = "fjq_" + keyId + "_" + secret();
        assertThat(bootstrap.ensure(sameIdNewSecret)).as("a restart with only the secret of ADMIN_API_KEY changed")
                .isEqualTo(Outcome.REVOKED_KEPT);
        assertThat(verify(sameIdNewSecret)).as("the new secret does not open a revoked key id")
                .containsEntry("valid", false);
        assertRefused(key, "REVOKED");
        given().header("Authorization", TestCallers.admin()).when().get("/api/v1/api-keys/" + keyId)
                .then().statusCode(200).body("active", equalTo(false));

        // What the warning tells the operator to do: a new key id is a new key, and it works.
        String replacement = newKey();
        assertThat(bootstrap.ensure(replacement)).isEqualTo(Outcome.CREATED);
        assertVerifies(replacement, "ADMIN");
    }

    @Test
    void aKeyIssuedThroughTheApiIsNeverTurnedIntoTheBootstrapAdminKey() {
        String reporterKey = given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON)
                .body(Map.of("label", "福州市推送")).when().post("/api/v1/units/FJ-FUZHOU/api-keys")
                .then().statusCode(201).extract().path("apiKey");

        assertThat(bootstrap.ensure(reporterKey)).as("ADMIN_API_KEY set to a reporter's key, by mistake or on purpose")
                .isEqualTo(Outcome.NOT_A_BOOTSTRAP_KEY);
        assertThat(verify(reporterKey)).as("still the unit's REPORTER key, not an ADMIN key")
                .containsEntry("valid", true).containsEntry("role", "REPORTER").containsEntry("unitCode", "FJ-FUZHOU");

        assertThat(bootstrap.ensure("fjq_" + keyId(reporterKey) + "_" + secret())).as("its key id with another secret")
                .isEqualTo(Outcome.NOT_A_BOOTSTRAP_KEY);
        assertThat(verify(reporterKey)).containsEntry("valid", true).containsEntry("role", "REPORTER");
    }

    @Test
    void aNewSecretForAnActiveBootstrapKeyReplacesTheOldOne() {
        String key = newKey();
        assertThat(bootstrap.ensure(key)).isEqualTo(Outcome.CREATED);
        String sameIdNewSecret = "fjq_" + keyId(key) + "_" + secret();
        assertThat(bootstrap.ensure(sameIdNewSecret)).isEqualTo(Outcome.SECRET_REPLACED);
        assertVerifies(sameIdNewSecret, "ADMIN");
        assertRefused(key, "UNKNOWN");
    }

    @Test
    void anUnchangedActiveBootstrapKeyKeepsWorking() {
        assertThat(bootstrap.ensure(ApiKeyResourceTest.BOOTSTRAP_KEY)).as("the test profile's own ADMIN_API_KEY, as at every start")
                .isEqualTo(Outcome.UNCHANGED);
        assertVerifies(ApiKeyResourceTest.BOOTSTRAP_KEY, "ADMIN");
        assertThat(bootstrap.ensure(null)).isEqualTo(Outcome.NOT_CONFIGURED);
        assertThat(bootstrap.ensure("")).isEqualTo(Outcome.NOT_CONFIGURED);
        assertVerifies(ApiKeyResourceTest.BOOTSTRAP_KEY, "ADMIN");
    }

    private static Map<String, Object> verify(String apiKey) {
        return given().header("Authorization", TestCallers.gateway()).contentType(ContentType.JSON)
                .body(Map.of("apiKey", apiKey)).when().post("/internal/v1/api-keys/verify")
                .then().statusCode(200).extract().jsonPath().getMap("");
    }

    private static void assertVerifies(String apiKey, String role) {
        assertThat(verify(apiKey)).containsEntry("valid", true).containsEntry("role", role);
    }

    private static void assertRefused(String apiKey, String reason) {
        assertThat(verify(apiKey)).containsEntry("valid", false).containsEntry("reason", reason);
    }

    /** A fresh key in the ADMIN_API_KEY format (as deploy/stack and keygen.sh make them). */
    static String newKey() {
        byte[] id = new byte[8];
        RANDOM.nextBytes(id);
        String keyId = new org.apache.commons.codec.binary.Base32().encodeAsString(id).toLowerCase(Locale.ROOT).substring(0, 12);
        return "fjq_" + keyId + "_" + secret();
    }

    private static String secret() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    private static String keyId(String apiKey) {
        return apiKey.substring(4, 16);
    }
}
