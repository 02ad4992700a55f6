package cn.fjquality.targets;

import cn.fjquality.testsupport.TestCallers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A read with a body and a Content-Type that is not a media type (what the fuzz suite sent) answers as without them,
 * whether its path has one resource method (plans, a target) or several (the JSON, CSV and .xlsx answers of progress
 * and the city comparison): it was 415, which no GET operation declares (problem-json ReadsIgnoreContentType; without
 * it this test fails on the first path). A write still checks its Content-Type.
 */
@QuarkusTest
class ReadsIgnoreContentTypeTest {
    static final String TARGET = "OL25-FOOD-SAMPLING-PASS-RATE";
    final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> send(String method, String path, String contentType) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + path))
                .header("Authorization", TestCallers.admin())
                .header("Content-Type", contentType)
                .header("Accept", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString("{\"a\":1}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aReadIgnoresTheContentTypeOfABodyItHasNoUseFor() throws Exception {
        for (String path : List.of("/api/v1/plans", "/api/v1/progress", "/api/v1/targets/" + TARGET + "/progress",
                "/api/v1/targets/" + TARGET + "/cities", "/api/v1/targets/" + TARGET)) {
            for (String type : List.of("///", "ü/ü", "text/plain", "application/json")) {
                HttpResponse<String> r = send("GET", path, type);
                assertThat(r.statusCode()).as("GET %s with Content-Type %s: %s", path, type, r.body()).isEqualTo(200);
                assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            }
        }
    }

    @Test
    void aWriteStillChecksItsContentType() throws Exception {
        HttpResponse<String> r = send("POST", "/api/v1/targets", "///");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(415);
        assertThat(r.body()).contains("\"UNSUPPORTED_MEDIA_TYPE\"");
    }
}
