package cn.fjquality.gateway;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static cn.fjquality.gateway.GatewaySecurityTest.PROBLEM;
import static cn.fjquality.gateway.GatewaySecurityTest.adminKey;
import static cn.fjquality.gateway.GatewaySecurityTest.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hostile or odd input: malformed credentials, traversal, huge headers and bodies, unknown routes; and the open endpoints. */
@QuarkusTest
class GatewayEdgeCasesTest {

    @Test
    void malformedCredentialsAre401ProblemsNever5xx() throws IOException {
        String admin = adminKey();
        String unknownKey = UnitsServiceProcess.newApiKey();
        List<List<String>> cases = List.of(
                List.of(),
                List.of("Authorization: "),
                List.of("Authorization: Bearer"),
                List.of("Authorization: Bearer "),
                List.of("Authorization: Basic dXNlcjpwYXNz"),
                List.of("Authorization: Bearer not-a-key"),
                List.of("Authorization: Bearer fjq_x_y"),
                List.of("Authorization: Bearer " + admin + " extra"),
                List.of("Authorization: Bearer " + admin.substring(0, admin.length() - 1) + "é"),
                List.of("Authorization: Bearer 密钥密钥"),
                List.of("Authorization: Bearer " + "A".repeat(10 * 1024)),
                List.of("X-API-Key: "),
                List.of("X-API-Key: " + "k".repeat(10 * 1024)),
                List.of("X-API-Key: " + admin, "X-API-Key: " + admin),
                List.of("Authorization: Bearer " + admin, "X-API-Key: " + unknownKey),
                List.of("Authorization: Bearer " + unknownKey),
                List.of("X-API-Key: " + unknownKey));
        for (List<String> headers : cases) {
            RawHttp.Response r = RawHttp.send(GatewaySecurityTest.port(), "GET", "/api/v1/units", headers.toArray(String[]::new));
            String label = headers.isEmpty() ? "(none)" : abbreviate(headers.toString());
            assertEquals(401, r.status(), label + " -> " + r);
            assertTrue(r.contentType().startsWith(PROBLEM), label + " -> " + r);
            assertTrue(r.body().contains("\"code\":\"INVALID_API_KEY\"") || r.body().contains("\"code\":\"UNAUTHENTICATED\""), label + " -> " + r);
            assertTrue(!r.body().contains(admin) && !r.body().contains(unknownKey), "a credential was echoed back");
        }
    }

    @Test
    void hugeHeadersAreRejectedWith4xx() throws IOException {
        RawHttp.Response r = RawHttp.send(GatewaySecurityTest.port(), "GET", "/api/v1/units",
                "Authorization: Bearer " + adminKey(), "X-Padding: " + "p".repeat(64 * 1024));
        assertTrue(r.status() == 431 || r.status() == 413 || r.status() == 400, r.toString());
    }

    @Test
    void traversalAndUnknownRoutesAre4xxProblemsNeverProxied() throws IOException {
        List<String> targets = List.of(
                "/api/v1/../../internal/v1/api-keys/verify",
                "/api/v1/units/../../../internal/v1/api-keys/verify",
                "/api/v1/units/../api-keys",
                "/api/v1/%2e%2e/%2e%2e/internal/v1/api-keys/verify",
                "/api/v1/units/%2E%2E/%2E%2E/%2E%2E/internal/v1/api-keys/verify",
                "/api/v1/units/..%2f..%2f..%2finternal/v1/api-keys/verify",
                "/api/v1/units/%252e%252e/x",
                "/api/v1/units/.%00./x",
                "//api/v1/units",
                "/api/v1//units",
                "/api/v1/./units",
                "/internal/v1/api-keys/verify",
                "/api/internal/v1/api-keys/verify",
                "/api/v2/units",
                "/api/v1/unitsX",
                "/api/v1",
                "/api",
                "/api/v1/nothing");
        for (String target : targets) {
            for (String method : List.of("GET", "POST")) {
                RawHttp.Response r = RawHttp.send(GatewaySecurityTest.port(), method, target,
                        "Authorization: Bearer " + adminKey(), "Content-Type: application/json", "Content-Length: 0");
                assertTrue(r.status() == 400 || r.status() == 404, method + " " + target + " -> " + r);
                assertTrue(r.contentType().startsWith(PROBLEM), method + " " + target + " -> " + r);
                assertTrue(Set.of("BAD_PATH", "NOT_FOUND", "BAD_REQUEST").stream().anyMatch(c -> r.body().contains("\"code\":\"" + c + "\"")),
                        method + " " + target + " -> " + r);
            }
        }
        // Request targets the HTTP layer itself refuses never reach the router: a bare 400, still never proxied.
        for (String target : List.of("/api/v1/units\\..\\..\\internal", "/api/v1/units/..\\x")) {
            RawHttp.Response r = RawHttp.send(GatewaySecurityTest.port(), "GET", target, "Authorization: Bearer " + adminKey());
            assertTrue(r.status() == 400 || r.status() == 404, target + " -> " + r);
        }
        // Without a key too: unknown is 404 before anything else.
        given().get("/api/v1/nothing").then().statusCode(404).contentType(PROBLEM).body("code", equalTo("NOT_FOUND"));
    }

    @Test
    void bodyLimitsPerRouteAndStreaming() throws IOException, InterruptedException {
        // 1 MB elsewhere: by Content-Length ...
        // (the gateway answers from the header alone, so no body needs to be sent)
        RawHttp.Response units = RawHttp.send(GatewaySecurityTest.port(), "POST", "/api/v1/units",
                "Authorization: Bearer " + adminKey(), "Content-Type: application/json", "Content-Length: " + (2 * 1024 * 1024));
        assertEquals(413, units.status(), units.toString());
        assertTrue(units.contentType().startsWith(PROBLEM) && units.body().contains("\"code\":\"PAYLOAD_TOO_LARGE\""), units.toString());
        // ... and by counting a chunked body.
        given().header("Authorization", bearer(adminKey())).contentType("text/csv")
                .body(new ByteArrayInputStream(new byte[3 * 1024 * 1024]))
                .when().post("/api/v1/measurements")
                .then().statusCode(413).contentType(PROBLEM).body("code", equalTo("PAYLOAD_TOO_LARGE"));
        // A chunked body under the limit streams through.
        given().header("Authorization", bearer(adminKey())).contentType("text/csv")
                .body(new ByteArrayInputStream(new byte[300 * 1024]))
                .when().post("/api/v1/measurements")
                .then().statusCode(200).body("bodyBytes", equalTo(300 * 1024));
        // Imports may be 64 MB: a 50 MB CSV streams through to the service whole (neither side holds it in memory).
        long fifty = 50L * 1024 * 1024;
        HttpResponse<String> ok = upload("/api/v1/imports/measurements", fifty);
        assertEquals(200, ok.statusCode(), ok.body());
        assertTrue(ok.body().contains("\"bodyBytes\":" + fifty), ok.body());
        RawHttp.Response tooLarge = RawHttp.send(GatewaySecurityTest.port(), "POST", "/api/v1/imports/measurements",
                "Authorization: Bearer " + adminKey(), "Content-Type: text/csv", "Content-Length: " + (65L * 1024 * 1024));
        assertEquals(413, tooLarge.status(), tooLarge.toString());
        assertTrue(tooLarge.body().contains("\"code\":\"PAYLOAD_TOO_LARGE\""), tooLarge.toString());
    }

    @Test
    void uploadsReachTheServiceWhileTheClientIsStillSending() throws Exception {
        String stub = org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("test.stub-url", String.class);
        int total = 4 * 1024 * 1024;
        byte[] half = new byte[total / 2];
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", GatewaySecurityTest.port())) {
            socket.setSoTimeout(15_000);
            java.io.OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/imports/trickle HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + adminKey()
                    + "\r\nContent-Type: text/csv\r\nContent-Length: " + total + "\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.write(half);
            out.flush();
            // Half the body is sent and the request is not complete: a buffering gateway would not have passed anything on yet.
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() ->
                    given().baseUri(stub).port(-1).get("/stub/received").then().extract().<Number>path("received").longValue() > 0);
            out.write(half);
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
            assertTrue(answer.contains("\"bodyBytes\":" + total), answer);
        }
    }

    /**
     * A client that sends its whole oversized body (as most do: they write before they read) must still get the 413.
     * Closing the connection while unread body bytes sit in the receive buffer makes the kernel send a reset, and the
     * client can lose the answer to it; the fuzz suite met that as "header parser received no bytes".
     */
    @Test
    void aClientSendingAWholeOversizedBodyGetsThe413() throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int i = 0; i < 30; i++) {
            // Over the 1 MB default, by Content-Length (answered before the key is read) and by chunks (counted).
            long size = (3 + i % 3) * 1024L * 1024;
            HttpRequest.BodyPublisher body = i % 2 == 0
                    ? HttpRequest.BodyPublishers.ofByteArray(new byte[(int) size])
                    : HttpRequest.BodyPublishers.ofInputStream(() -> new GeneratedStream(size));
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + GatewaySecurityTest.port() + "/api/v1/measurements"))
                    .header("Authorization", bearer(adminKey()))
                    .header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(30))
                    .POST(body)
                    .build();
            HttpResponse<String> answer = client.send(request, HttpResponse.BodyHandlers.ofString());
            assertEquals(413, answer.statusCode(), "attempt " + i + ": " + answer.body());
            assertTrue(answer.body().contains("\"code\":\"PAYLOAD_TOO_LARGE\""), answer.body());
        }
    }

    /** The linger is bounded: a client that announces a large body and then sends nothing is answered, then closed. */
    @Test
    void aRefusedConnectionIsClosedEvenIfTheClientStopsSending() throws IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", GatewaySecurityTest.port())) {
            socket.setSoTimeout(20_000); // well past LingeringClose's 5 s: a connection held open fails here
            socket.getOutputStream().write(("POST /api/v1/measurements HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/csv\r\n"
                    + "Content-Length: " + (2 * 1024 * 1024) + "\r\n\r\nFJ,2025,1\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 413") && answer.contains("PAYLOAD_TOO_LARGE"), answer);
        }
    }

    /** Streams {@code size} generated bytes with a Content-Length. */
    private static HttpResponse<String> upload(String path, long size) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + GatewaySecurityTest.port() + path))
                .header("Authorization", bearer(adminKey()))
                .header("Content-Type", "text/csv")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> new GeneratedStream(size)), size))
                .build();
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** size bytes of CSV-ish text, made on the fly. */
    private static final class GeneratedStream extends InputStream {
        private final byte[] line = "FJ-FUZHOU,2025,42.0\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        private long remaining;

        GeneratedStream(long size) {
            this.remaining = size;
        }

        @Override
        public int read() {
            if (remaining <= 0) {
                return -1;
            }
            return line[(int) (remaining-- % line.length)];
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (remaining <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, remaining);
            for (int i = 0; i < n; i++) {
                b[off + i] = line[(int) (remaining-- % line.length)];
            }
            return n;
        }
    }

    @Test
    void mergedOpenApiHasTheServicesPathsAndTheGatewaySecurity() {
        given().when().get("/api/openapi")
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("paths", hasKey("/api/v1/units"))
                .body("paths", hasKey("/api/v1/units/{code}"))
                .body("paths", hasKey("/api/v1/api-keys"))
                .body("paths", hasKey("/api/v1/measurements"))
                .body("paths", not(hasKey("/internal/v1/api-keys/verify")))
                .body("paths", not(hasKey("/internal/v1/stub-only")))
                .body("paths.'/api/v1/measurements'.get", not(hasKey("security")))
                .body("components.securitySchemes.apiKeyBearer.type", equalTo("http"))
                .body("components.securitySchemes.apiKeyBearer.scheme", equalTo("bearer"))
                .body("components.securitySchemes.apiKeyHeader.type", equalTo("apiKey"))
                .body("components.securitySchemes.apiKeyHeader.name", equalTo("X-API-Key"))
                .body("components.securitySchemes", not(hasKey("callerToken")))
                .body("security.apiKeyBearer", hasItem(List.of()))
                .body("components.schemas", hasKey("Unit"))
                .body("components.schemas", hasKey("reports_Unit"))
                .body("paths.'/api/v1/measurements'.get.responses.'200'.content.'application/json'.schema.'$ref'",
                        equalTo("#/components/schemas/reports_Unit"))
                .body("x-missing-services", equalTo(List.of("targets")));
    }

    @Test
    void docsAreOpenAndServedLocally() {
        given().when().get("/api/docs")
                .then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("swagger-ui-bundle.js")).body(not(containsString("https://")));
        given().when().get("/api/docs/swagger-ui-bundle.js").then().statusCode(200).contentType(containsString("javascript"));
        given().when().get("/api/docs/init.js").then().statusCode(200).body(containsString("/api/openapi"));
        given().when().get("/api/docs/secret.txt").then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void scorecardPageIsOpenSelfContainedAndLocked() {
        given().when().get("/scorecard")
                .then().statusCode(200).contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("default-src 'self'"))
                .body(containsString("质量强省")).body(containsString("/scorecard/scorecard.js"))
                .body(not(containsString("https://")));
        given().when().get("/scorecard/scorecard.js").then().statusCode(200).contentType(containsString("javascript"))
                .body(containsString("/api/v1/progress"));
        given().when().get("/scorecard/scorecard.css").then().statusCode(200).contentType(containsString("css"));
        given().when().get("/scorecard/application.properties").then().statusCode(404).contentType(PROBLEM);
        // the parts the pages share are put into each page (PageParts), never served by themselves
        given().when().get("/scorecard").then().body(startsWith("<!doctype html>")).body(not(containsString("#include")))
                .body(containsString("id=\"lang\"")).body(containsString("id=\"calls\""));
        given().when().get("/scorecard/head.html").then().statusCode(404);
        given().when().get("/scorecard/parts/head.html").then().statusCode(404);
        // the target page (linked from every card) and the reporting form: the same kind of page, same policy
        given().when().get("/scorecard/targets/OL25-FOOD-SAMPLING-PASS-RATE")
                .then().statusCode(200).contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("default-src 'self'"))
                .body(containsString("/scorecard/target.js")).body(containsString("/scorecard/common.js"))
                .body(not(containsString("https://")));
        given().when().get("/scorecard/targets/..%2Fapplication.properties").then().statusCode(400);
        given().when().get("/scorecard/targets/not-a-code").then().statusCode(404).contentType(PROBLEM);
        given().when().get("/report")
                .then().statusCode(200).contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("default-src 'self'"))
                .body(containsString("/scorecard/report.js")).body(not(containsString("https://")))
                .body(startsWith("<!doctype html>")).body(not(containsString("#include")));
        given().when().get("/scorecard/report.js").then().statusCode(200).contentType(containsString("javascript"))
                .body(containsString("Idempotency-Key")).body(containsString("reviewable=true"));
        given().when().get("/scorecard/target.js").then().statusCode(200).contentType(containsString("javascript"))
                .body(containsString("/cities"));
        given().when().get("/report/secret.txt").then().statusCode(404);
    }

    @Test
    void corsAllowsOnlyConfiguredOrigins() {
        given().header("Origin", "https://dashboard.example.cn").header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization,x-request-id")
                .when().options("/api/v1/units")
                .then().statusCode(200).header("Access-Control-Allow-Origin", equalTo("https://dashboard.example.cn"));
        given().header("Origin", "https://dashboard.example.cn").header("Authorization", bearer(adminKey()))
                .when().get("/api/v1/units")
                .then().statusCode(200).header("Access-Control-Allow-Origin", equalTo("https://dashboard.example.cn"))
                .header("Access-Control-Expose-Headers", containsString("X-Request-Id"));
        given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "GET")
                .when().options("/api/v1/units")
                .then().header("Access-Control-Allow-Origin", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void healthAndMetricsAreOpenAndCountRoutesAndAuthFailures() {
        given().get("/api/v1/units").then().statusCode(401);
        given().header("Authorization", bearer(adminKey())).get("/api/v1/units").then().statusCode(200);
        given().when().get("/q/health/ready").then().statusCode(200);
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("gateway_requests_seconds_count{method=\"GET\",route=\"units\",status=\"200\"}"), metrics);
        assertTrue(metrics.contains("gateway_auth_failures_total{reason=\"MISSING\"}"), "auth failures are counted");
    }

    private static String abbreviate(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }
}
