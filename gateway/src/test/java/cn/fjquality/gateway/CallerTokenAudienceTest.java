package cn.fjquality.gateway;

import cn.fjquality.security.Caller;
import cn.fjquality.security.CallerTokens;
import cn.fjquality.security.Roles;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.Set;

import static cn.fjquality.gateway.GatewaySecurityTest.adminKey;
import static cn.fjquality.gateway.GatewaySecurityTest.bearer;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Caller tokens carry the audience of the service they go to and the signing key's id; units-service (started in
 * production mode, MP_JWT_VERIFY_PUBLICKEY_LOCATION pointing to a JWK set holding the gateway's key and a second one,
 * as during a rotation) takes only its own audience, from either key.
 */
@QuarkusTest
class CallerTokenAudienceTest {
    private static final Caller ANALYST = new Caller("aud-test", Roles.ANALYST, null, false);

    @Test
    void theGatewaySignsForTheServiceTheRequestGoesToUnderItsKeyId() {
        JsonObject[] token = decode(capturedReportsToken());
        assertEquals("RS256", token[0].getString("alg"));
        assertEquals(config("test.key-id"), token[0].getString("kid"), "kid: the thumbprint of the gateway's key (no key id configured)");
        assertEquals(CallerTokens.REPORTS_SERVICE, audience(token[1]));
        assertEquals(CallerTokens.ISSUER, token[1].getString("iss"));
        assertEquals(new JsonArray().add(Roles.ADMIN), token[1].getJsonArray("groups"));
    }

    @Test
    void aTokenCapturedOnItsWayToReportsServiceIsRefusedByUnitsService() {
        String captured = capturedReportsToken();
        given().baseUri(unitsUrl()).port(-1).header("Authorization", "Bearer " + captured)
                .get("/api/v1/units").then().statusCode(401);
        // ... while the gateway's own requests to units-service (key checks, proxied calls) carry units-service's audience.
        given().header("Authorization", bearer(adminKey())).get("/api/v1/units").then().statusCode(200);
    }

    @Test
    void unitsServiceTakesBothKeysOfItsKeySetForItsOwnAudienceOnly() throws Exception {
        PrivateKey gatewayKey = privateKey(config("smallrye.jwt.sign.key.location"));
        PrivateKey nextKey = privateKey(config("test.next-key"));
        String keyId = config("test.key-id");
        String nextKeyId = config("test.next-key-id");

        assertEquals(200, direct(CallerTokens.sign(ANALYST, CallerTokens.UNITS_SERVICE, keyId, gatewayKey)));
        assertEquals(200, direct(CallerTokens.sign(ANALYST, CallerTokens.UNITS_SERVICE, nextKeyId, nextKey)), "the second key of the set");

        assertEquals(401, direct(CallerTokens.sign(ANALYST, CallerTokens.TARGETS_SERVICE, keyId, gatewayKey)), "another service's audience");
        assertEquals(401, direct(CallerTokens.sign(ANALYST, CallerTokens.REPORTS_SERVICE, nextKeyId, nextKey)), "another service's audience");
        String noAudience = Jwt.issuer(CallerTokens.ISSUER).subject("aud-test").groups(Set.of(Roles.ANALYST))
                .expiresIn(CallerTokens.LIFETIME).jws().keyId(keyId).sign(gatewayKey);
        assertEquals(401, direct(noAudience), "no audience");
        assertEquals(401, direct(CallerTokens.sign(ANALYST, CallerTokens.UNITS_SERVICE, keyId, nextKey)),
                "signed by the other key of the set than kid names");
        assertEquals(401, direct(CallerTokens.sign(ANALYST, CallerTokens.UNITS_SERVICE, "no-such-key", gatewayKey)), "a kid not in the set");
    }

    /** The token the gateway forwarded to reports-service (the stub echoes what it received). */
    private static String capturedReportsToken() {
        Response echo = given().header("Authorization", bearer(adminKey())).get("/api/v1/measurements/echo");
        echo.then().statusCode(200);
        String authorization = echo.path("headers.authorization");
        assertTrue(authorization.startsWith("Bearer "), authorization);
        return authorization.substring("Bearer ".length());
    }

    private static int direct(String token) {
        return given().baseUri(unitsUrl()).port(-1).header("Authorization", "Bearer " + token).get("/api/v1/units").statusCode();
    }

    private static JsonObject[] decode(String jwt) {
        String[] parts = jwt.split("\\.");
        Base64.Decoder b64 = Base64.getUrlDecoder();
        return new JsonObject[] {
                new JsonObject(new String(b64.decode(parts[0]), StandardCharsets.UTF_8)),
                new JsonObject(new String(b64.decode(parts[1]), StandardCharsets.UTF_8))};
    }

    private static String audience(JsonObject claims) {
        Object aud = claims.getValue("aud");
        if (aud instanceof JsonArray array) {
            assertEquals(1, array.size(), "one audience: " + array);
            return array.getString(0);
        }
        return (String) aud;
    }

    private static PrivateKey privateKey(String location) throws Exception {
        return KeyUtils.decodePrivateKey(Files.readString(Path.of(location)));
    }

    private static String unitsUrl() {
        return config("test.units-url");
    }

    private static String config(String name) {
        return ConfigProvider.getConfig().getValue(name, String.class);
    }
}
