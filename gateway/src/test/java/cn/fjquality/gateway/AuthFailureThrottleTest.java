package cn.fjquality.gateway;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static cn.fjquality.gateway.GatewaySecurityTest.PROBLEM;
import static cn.fjquality.gateway.GatewaySecurityTest.adminKey;
import static cn.fjquality.gateway.GatewaySecurityTest.bearer;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Failed authentications throttled per client address, and refused keys answered from the negative cache, through
 * the gateway against the real units-service, whose own {@code api_key_verifications_total} counts what reached it.
 * The test profile allows 30 failures per 4 s window and keeps refusals 2 s. Each test is a client address of its own
 * (127.0.0.x; the other test classes connect from 127.0.0.1).
 */
@QuarkusTest
class AuthFailureThrottleTest {
    private static final int MAX_FAILURES = 30;
    private static final long WINDOW_MILLIS = 4_000;
    private static final AtomicInteger NEXT_ADDRESS = new AtomicInteger(20);

    @Test
    void aFloodOfUnknownKeysCostsUnitsServiceAtMostTheLimitThen429UntilTheWindowEnds() throws Exception {
        InetAddress client = newClient();
        double unknownBefore = verifications("UNKNOWN");
        int requests = 300;
        List<RawHttp.Response> answers = new ArrayList<>();
        long start = System.nanoTime();
        // Eight at a time: the limit holds for concurrent requests too (a try is taken before units-service is asked).
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<RawHttp.Response>> sent = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                sent.add(pool.submit(() -> RawHttp.sendFrom(client, GatewaySecurityTest.port(), "GET", "/api/v1/units",
                        "Authorization: Bearer " + UnitsServiceProcess.newApiKey())));
            }
            for (Future<RawHttp.Response> f : sent) {
                answers.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        long windows = elapsedMillis / WINDOW_MILLIS + 1;

        long refused = answers.stream().filter(r -> r.status() == 401).count();
        List<RawHttp.Response> throttled = answers.stream().filter(r -> r.status() == 429).toList();
        assertEquals(requests, refused + throttled.size(), "only 401 and 429: " + answers.stream().map(RawHttp.Response::status).distinct().toList());
        assertTrue(refused <= MAX_FAILURES * windows, refused + " answered 401 in " + elapsedMillis + " ms (" + windows + " windows)");
        for (RawHttp.Response r : throttled) {
            assertTrue(r.contentType().startsWith(PROBLEM), r.toString());
            assertTrue(r.body().contains("\"code\":\"TOO_MANY_FAILED_AUTHENTICATIONS\""), r.toString());
            long retryAfter = Long.parseLong(r.header("Retry-After"));
            assertTrue(retryAfter >= 1 && retryAfter <= WINDOW_MILLIS / 1000, "Retry-After in whole seconds within the window: " + retryAfter);
        }
        double reached = verifications("UNKNOWN") - unknownBefore;
        assertEquals(refused, (long) reached, "every 401 was one call to units-service, and no 429 was");
        assertTrue(reached <= MAX_FAILURES * windows, "units-service was asked " + reached + " times for " + requests + " bad keys");

        // The address is blocked whatever it sends: a valid key too (blocking the address is the rule), and naming
        // another client in X-Forwarded-For or Forwarded changes nothing (the gateway does not read them).
        // On a loaded machine the flood may outlast its window: block the address afresh, with at least 2 s to go.
        blockWithTimeToSpare(client);
        RawHttp.Response blocked = RawHttp.sendFrom(client, GatewaySecurityTest.port(), "GET", "/api/v1/units",
                "Authorization: Bearer " + adminKey());
        assertEquals(429, blocked.status(), blocked.toString());
        for (String spoof : List.of("X-Forwarded-For: 203.0.113.7", "Forwarded: for=203.0.113.7", "X-Real-IP: 203.0.113.7")) {
            RawHttp.Response r = RawHttp.sendFrom(client, GatewaySecurityTest.port(), "GET", "/api/v1/units",
                    "Authorization: Bearer " + adminKey(), spoof);
            assertEquals(429, r.status(), spoof + " -> " + r);
        }
        // Other addresses are not affected.
        given().header("Authorization", bearer(adminKey())).get("/api/v1/units").then().statusCode(200);

        // After Retry-After the address is served again.
        long retryAfter = Long.parseLong(blocked.header("Retry-After"));
        Thread.sleep(retryAfter * 1000 + 100);
        RawHttp.Response recovered = RawHttp.sendFrom(client, GatewaySecurityTest.port(), "GET", "/api/v1/units",
                "Authorization: Bearer " + adminKey());
        assertEquals(200, recovered.status(), recovered.toString());

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("gateway_auth_throttled_total"), "429s are counted");
    }

    /** Sends unknown keys until the gateway answers 429 with a Retry-After of 2 s or more (the window has time left). */
    private static void blockWithTimeToSpare(InetAddress client) throws Exception {
        for (int i = 0; i < 10 * MAX_FAILURES; i++) {
            RawHttp.Response r = RawHttp.sendFrom(client, GatewaySecurityTest.port(), "GET", "/api/v1/units",
                    "Authorization: Bearer " + UnitsServiceProcess.newApiKey());
            if (r.status() == 429 && Long.parseLong(r.header("Retry-After")) >= 2) {
                return;
            }
        }
        throw new AssertionError("the address was never throttled with time to spare");
    }

    @Test
    void theSameUnknownKeyIsAskedOnceUntilTheNegativeCacheExpires() throws Exception {
        InetAddress client = newClient();
        String unknown = UnitsServiceProcess.newApiKey();
        double before = verifications("UNKNOWN");
        for (int i = 0; i < 10; i++) {
            RawHttp.Response r = RawHttp.sendFrom(client, GatewaySecurityTest.port(), "GET", "/api/v1/units", "X-API-Key: " + unknown);
            assertEquals(401, r.status(), r.toString());
            assertTrue(r.body().contains("\"code\":\"INVALID_API_KEY\""), r.toString());
        }
        assertEquals(1.0, verifications("UNKNOWN") - before, "ten tries of one unknown key, one call to units-service");
        Thread.sleep(2_300); // the test profile's negative TTL is 2 s
        RawHttp.Response again = RawHttp.sendFrom(client, GatewaySecurityTest.port(), "GET", "/api/v1/units", "X-API-Key: " + unknown);
        assertEquals(401, again.status(), again.toString());
        assertEquals(2.0, verifications("UNKNOWN") - before, "asked again once the refusal expired");
    }

    @Test
    void aRevokedKeyIsAnsweredFromTheNegativeCache() throws IOException {
        InetAddress client = newClient();
        Response issued = GatewaySecurityTest.issueKey("ANALYST");
        String key = issued.path("apiKey");
        String keyId = issued.path("keyId");
        assertEquals(200, RawHttp.sendFrom(client, GatewaySecurityTest.port(), "GET", "/api/v1/units", "X-API-Key: " + key).status());
        given().header("Authorization", bearer(adminKey())).post("/api/v1/api-keys/" + keyId + "/revoke")
                .then().statusCode(200).body("active", is(false));
        // As strict as before: refused within the 1 s positive cache of the test profile.
        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(200)).until(() ->
                RawHttp.sendFrom(client, GatewaySecurityTest.port(), "GET", "/api/v1/units", "X-API-Key: " + key).status() == 401);
        double revokedBefore = verifications("REVOKED");
        for (int i = 0; i < 10; i++) {
            assertEquals(401, RawHttp.sendFrom(client, GatewaySecurityTest.port(), "GET", "/api/v1/units", "X-API-Key: " + key).status());
        }
        assertEquals(0.0, verifications("REVOKED") - revokedBefore, "a revoked key, once refused, is not asked about again");
    }

    @Test
    void malformedKeysCountButNeverReachUnitsServiceAndMissingKeysDoNotCount() throws IOException {
        InetAddress quiet = newClient();
        for (int i = 0; i < MAX_FAILURES + 10; i++) {
            RawHttp.Response r = RawHttp.sendFrom(quiet, GatewaySecurityTest.port(), "GET", "/api/v1/units");
            assertEquals(401, r.status(), "no key is no failed authentication: " + r);
            assertTrue(r.body().contains("\"code\":\"UNAUTHENTICATED\""), r.toString());
        }

        InetAddress client = newClient();
        double unknownBefore = verifications("UNKNOWN");
        double malformedBefore = verifications("MALFORMED");
        int refused = 0;
        RawHttp.Response last = null;
        for (int i = 0; i < MAX_FAILURES + 5; i++) {
            last = RawHttp.sendFrom(client, GatewaySecurityTest.port(), "GET", "/api/v1/units", "Authorization: Bearer not-a-key-" + i);
            if (last.status() == 401) {
                refused++;
            } else {
                assertEquals(429, last.status(), last.toString());
            }
        }
        assertTrue(refused >= MAX_FAILURES && refused <= 2 * MAX_FAILURES, refused + " malformed keys answered 401");
        assertNotNull(last);
        assertEquals(429, last.status(), last.toString());
        assertEquals(0.0, verifications("UNKNOWN") - unknownBefore);
        assertEquals(0.0, verifications("MALFORMED") - malformedBefore);
    }

    private static InetAddress newClient() throws IOException {
        return InetAddress.getByName("127.0.0." + NEXT_ADDRESS.getAndIncrement());
    }

    /** units-service's own count of key verifications with this result. */
    static double verifications(String result) {
        String units = ConfigProvider.getConfig().getValue("test.units-url", String.class);
        String metrics = given().baseUri(units).port(-1).get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^api_key_verifications_total\\{[^}]*result=\"" + result + "\"[^}]*} ([0-9.eE+-]+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0.0;
    }
}
