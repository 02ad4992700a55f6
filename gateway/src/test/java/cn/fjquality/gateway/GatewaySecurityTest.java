package cn.fjquality.gateway;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Through the gateway, against the real units-service: keys, roles, revocation, secrets, limits. */
@QuarkusTest
class GatewaySecurityTest {
    static final String PROBLEM = "application/problem+json";

    private LogCapture logs;

    @BeforeEach
    void captureLogs() {
        logs = LogCapture.install();
    }

    static String adminKey() {
        return ConfigProvider.getConfig().getValue("test.admin-api-key", String.class);
    }

    static String bearer(String key) {
        return "Bearer " + key;
    }

    static String newUnit() {
        String code = "GW-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        given().header("Authorization", bearer(adminKey())).contentType(ContentType.JSON)
                .body(Map.of("code", code, "nameZh", "网关测试" + code, "nameEn", "Gateway test " + code,
                        "type", "COUNTY", "parentCode", "FJ"))
                .when().post("/api/v1/units")
                .then().statusCode(201).body("code", equalTo(code));
        return code;
    }

    static Response issueReporterKey(String unit) {
        return given().header("Authorization", bearer(adminKey())).contentType(ContentType.JSON)
                .body(Map.of("label", "gateway test reporter"))
                .when().post("/api/v1/units/" + unit + "/api-keys")
                .then().statusCode(201).extract().response();
    }

    static Response issueKey(String role) {
        return given().header("X-API-Key", adminKey()).contentType(ContentType.JSON)
                .body(Map.of("role", role, "label", "gateway test " + role))
                .when().post("/api/v1/api-keys")
                .then().statusCode(201).extract().response();
    }

    @Test
    void adminCreatesUnitAndReporterKeyAndTheReporterKeyIsLimitedToItsRole() {
        String unit = newUnit();
        Response issued = issueReporterKey(unit);
        String reporter = issued.path("apiKey");
        assertEquals("REPORTER", issued.path("role"));
        assertEquals(unit, issued.path("unitCode"));

        given().header("Authorization", bearer(reporter)).when().get("/api/v1/units")
                .then().statusCode(200).body("items.code", hasItem("FJ"));
        given().header("Authorization", bearer(reporter)).when().get("/api/v1/units/" + unit)
                .then().statusCode(200).body("code", equalTo(unit));

        forbidden(given().header("Authorization", bearer(reporter)).contentType(ContentType.JSON)
                .body(Map.of("code", "GW-NOPE", "nameZh", "x", "nameEn", "x", "type", "COUNTY")).post("/api/v1/units"));
        forbidden(given().header("Authorization", bearer(reporter)).contentType(ContentType.JSON)
                .body(Map.of("role", "ADMIN", "label", "escalation")).post("/api/v1/api-keys"));
        forbidden(given().header("Authorization", bearer(reporter)).contentType(ContentType.JSON)
                .body(Map.of("label", "another")).post("/api/v1/units/" + unit + "/api-keys"));
        forbidden(given().header("Authorization", bearer(reporter)).get("/api/v1/api-keys"));
        // targets-service is not running in this test: a 403 (not 502) proves the gateway decided.
        forbidden(given().header("Authorization", bearer(reporter)).contentType(ContentType.JSON).body("{}").post("/api/v1/targets"));
        forbidden(given().header("Authorization", bearer(reporter)).contentType(ContentType.JSON).body("{}").put("/api/v1/plans/P1"));
        forbidden(given().header("Authorization", bearer(reporter)).delete("/api/v1/progress/x"));

        // Reporters do write measurements; the service behind checks the unit scope.
        given().header("Authorization", bearer(reporter)).contentType(ContentType.JSON).body("{\"value\":1}")
                .when().post("/api/v1/measurements")
                .then().statusCode(200).body("method", equalTo("POST")).body("bodyBytes", equalTo(11));
    }

    @Test
    void analystKeyReadsEverythingButGets403OnEveryWrite() {
        String analyst = issueKey("ANALYST").path("apiKey");
        given().header("Authorization", bearer(analyst)).when().get("/api/v1/units").then().statusCode(200);
        given().header("Authorization", bearer(analyst)).when().get("/api/v1/api-keys").then().statusCode(403)
                .body("code", equalTo("FORBIDDEN")); // units-service itself: API keys are ADMIN only
        for (String prefix : List.of("/api/v1/units", "/api/v1/api-keys", "/api/v1/plans", "/api/v1/targets",
                "/api/v1/progress", "/api/v1/measurements", "/api/v1/imports", "/api/v1/completeness")) {
            for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
                Response r = given().header("Authorization", bearer(analyst)).contentType(ContentType.JSON).body("{}")
                        .request(method, prefix + "/X1");
                assertEquals(403, r.statusCode(), method + " " + prefix + ": " + r.asString());
                assertEquals("FORBIDDEN", r.path("code"));
                assertTrue(r.contentType().startsWith(PROBLEM));
            }
        }
    }

    @Test
    void revokedKeyStopsWorkingWithinTheCacheTime() {
        Response issued = issueKey("ANALYST");
        String key = issued.path("apiKey");
        String keyId = issued.path("keyId");
        given().header("Authorization", bearer(key)).when().get("/api/v1/units").then().statusCode(200);

        given().header("Authorization", bearer(adminKey())).when().post("/api/v1/api-keys/" + keyId + "/revoke")
                .then().statusCode(200).body("active", is(false));

        long revokedAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                given().header("Authorization", bearer(key)).when().get("/api/v1/units")
                        .then().statusCode(401).contentType(PROBLEM).body("code", equalTo("INVALID_API_KEY")));
        assertTrue(System.nanoTime() - revokedAt < Duration.ofSeconds(3).toNanos(), "revocation must bite within the 1 s cache (+ slack)");
    }

    /**
     * The revocation reaches the gateway through units-service's change feed (polled every 200 ms here), which drops
     * the kept answer: it is counted, and the revoked key is refused although its answer was fresh.
     */
    @Test
    void revocationDropsTheKeptAnswerThroughTheChangeFeed() {
        Response issued = issueKey("ANALYST");
        String key = issued.path("apiKey");
        String keyId = issued.path("keyId");
        given().header("Authorization", bearer(key)).when().get("/api/v1/units").then().statusCode(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> metric("gateway_key_changes_polls_total{result=\"ok\"}") > 0);
        double dropped = metric("gateway_key_cache_invalidations_total");

        given().header("Authorization", bearer(adminKey())).when().post("/api/v1/api-keys/" + keyId + "/revoke")
                .then().statusCode(200);
        await().atMost(Duration.ofSeconds(3)).until(() -> metric("gateway_key_cache_invalidations_total") > dropped);
        given().header("Authorization", bearer(key)).when().get("/api/v1/units")
                .then().statusCode(401).contentType(PROBLEM).body("code", equalTo("INVALID_API_KEY"));
    }

    private static double metric(String name) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{") && !name.contains("{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /** The secret is everything after {@code fjq_<12-char id>_}; it may itself contain '_' (URL-safe base64). */
    private static String secretOf(String key) {
        String secret = key.substring("fjq_".length() + 12 + 1);
        assertEquals(43, secret.length(), "a key's secret is 43 characters: " + key);
        return secret;
    }

    @Test
    void secretsNeverAppearAfterCreationNorInAnyLog() throws IOException {
        Response issued = issueKey("ANALYST");
        String key = issued.path("apiKey");
        String keyId = issued.path("keyId");
        String secret = secretOf(key);
        String adminSecret = secretOf(adminKey());

        // Use the key in successful, forbidden, not-found and rate-limited-ish ways.
        given().header("Authorization", bearer(key)).get("/api/v1/units").then().statusCode(200);
        given().header("X-API-Key", key).contentType(ContentType.JSON).body("{}").post("/api/v1/units").then().statusCode(403);
        given().header("X-API-Key", key).get("/api/v1/nothing-here").then().statusCode(404);
        given().header("Authorization", bearer(key + "x")).get("/api/v1/units").then().statusCode(401);
        String echoed = given().header("X-API-Key", key).get("/api/v1/completeness/echo").then().statusCode(200).extract().asString();

        List<String> afterCreation = new ArrayList<>();
        afterCreation.add(echoed);
        afterCreation.add(given().header("Authorization", bearer(adminKey())).get("/api/v1/api-keys/" + keyId)
                .then().statusCode(200).body("keyId", equalTo(keyId)).extract().asString());
        afterCreation.add(given().header("Authorization", bearer(adminKey())).queryParam("includeRevoked", true).get("/api/v1/api-keys")
                .then().statusCode(200).body("keyId", hasItem(keyId)).extract().asString());
        for (String body : afterCreation) {
            assertFalse(body.contains(secret), "a response after creation shows the secret: " + body);
            assertFalse(body.contains(adminSecret), "a response shows the admin secret: " + body);
        }

        String gatewayLog = logs.all();
        assertTrue(gatewayLog.contains("key=" + keyId), "the access log names the key id (log capture works)");
        assertFalse(gatewayLog.contains(secret), "the gateway logged a key's secret");
        assertFalse(gatewayLog.contains(adminSecret), "the gateway logged the admin key's secret");

        String unitsLog = Files.readString(Path.of(ConfigProvider.getConfig().getValue("test.units-log", String.class)), StandardCharsets.UTF_8);
        assertTrue(unitsLog.contains(keyId), "units-service logged the key's issue (its log is being read)");
        assertFalse(unitsLog.contains(secret), "units-service logged a key's secret");
        assertFalse(unitsLog.contains(adminSecret), "units-service logged the admin key's secret");
    }

    @Test
    void requestIdIsReturnedAndForwardedAndTheApiKeyIsNot() {
        Response r = given().header("X-API-Key", adminKey()).header("X-Request-Id", "trace-42.a_b")
                .when().get("/api/v1/measurements/echo?unit=FJ");
        r.then().statusCode(200).header("X-Request-Id", equalTo("trace-42.a_b"))
                .body("uri", equalTo("/api/v1/measurements/echo?unit=FJ"))
                .body("headers.x-request-id", equalTo("trace-42.a_b"))
                .body("headers.authorization", startsWith("Bearer eyJ"))
                .body("headers", not(org.hamcrest.Matchers.hasKey("x-api-key")));
        assertFalse(r.asString().contains(adminKey()), "the API key reached the service");

        // An unusable id is replaced, and the replacement is what the service sees.
        Response replaced = given().header("Authorization", bearer(adminKey())).header("X-Request-Id", "no spaces allowed!")
                .when().get("/api/v1/measurements/echo");
        replaced.then().statusCode(200);
        String id = replaced.header("X-Request-Id");
        assertNotEquals("no spaces allowed!", id);
        assertTrue(id.matches("[A-Za-z0-9._-]{1,128}"), id);
        assertEquals(id, replaced.path("headers.x-request-id"));
        String tooLong = "a".repeat(129);
        assertNotEquals(tooLong, given().header("X-Request-Id", tooLong).get("/api/v1/units").header("X-Request-Id"));

        // Errors carry one too.
        given().get("/api/v1/units").then().statusCode(401).header("X-Request-Id", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void rateLimitGives429WithRetryAfter() {
        String analyst = issueKey("ANALYST").path("apiKey"); // test profile: burst 10, 1 per second
        Response limited = null;
        for (int i = 0; i < 30 && limited == null; i++) {
            Response r = given().header("Authorization", bearer(analyst)).get("/api/v1/measurements/echo");
            if (r.statusCode() == 429) {
                limited = r;
            } else {
                assertEquals(200, r.statusCode(), r.asString());
            }
        }
        assertTrue(limited != null, "no 429 after 30 quick requests with a burst of 10");
        limited.then().contentType(PROBLEM).body("code", equalTo("RATE_LIMITED"));
        assertTrue(Integer.parseInt(limited.header("Retry-After")) >= 1);
        // Other keys have their own bucket.
        given().header("Authorization", bearer(adminKey())).get("/api/v1/measurements/echo").then().statusCode(200);
    }

    @Test
    void callingUnitsServiceDirectlyWithoutTheGatewayTokenIs401() {
        String units = ConfigProvider.getConfig().getValue("test.units-url", String.class);
        given().baseUri(units).port(-1).when().get("/api/v1/units").then().statusCode(401);
        given().baseUri(units).port(-1).header("Authorization", bearer(adminKey())).when().get("/api/v1/units").then().statusCode(401);
        given().baseUri(units).port(-1).header("X-API-Key", adminKey()).when().get("/api/v1/units").then().statusCode(401);
    }

    @Test
    void serviceDownIs502AndSlowServiceIs504() {
        given().header("Authorization", bearer(adminKey())).when().get("/api/v1/targets")
                .then().statusCode(502).contentType(PROBLEM).body("code", equalTo("UPSTREAM_UNAVAILABLE"));
        given().header("Authorization", bearer(adminKey())).when().get("/api/v1/plans/P-1")
                .then().statusCode(502).contentType(PROBLEM).body("code", equalTo("UPSTREAM_UNAVAILABLE"));
        long start = System.nanoTime();
        given().header("Authorization", bearer(adminKey())).when().get("/api/v1/measurements/slow")
                .then().statusCode(504).contentType(PROBLEM).body("code", equalTo("UPSTREAM_TIMEOUT"));
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(8).toNanos(), "the 4 s test timeout applies, not the 10 s the stub sleeps");
    }

    private static void forbidden(Response r) {
        assertEquals(403, r.statusCode(), r.asString());
        assertTrue(r.contentType().startsWith(PROBLEM), r.contentType());
        assertEquals("FORBIDDEN", r.path("code"));
    }

    static int port() {
        return RestAssured.port;
    }
}
