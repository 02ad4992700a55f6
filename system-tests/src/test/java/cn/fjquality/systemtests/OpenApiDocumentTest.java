package cn.fjquality.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * docs/openapi.json is the merged OpenAPI the running gateway serves (pretty-printed, in the order the gateway serves
 * it: paths sorted by the merger, everything else in the services' order, which tools read as preference, e.g. the
 * first request media type is the one openapi-generator's methods send), so the contract a departmental system
 * downloads or generates its client from is reviewed in every change that alters it. The comparison is of content
 * (JSON values; the order of keys in an object does not count). {@code -Dopenapi.refresh=true} rewrites the file from
 * the live document instead of comparing.
 */
class OpenApiDocumentTest {
    static final String REFRESH = "./mvnw -B verify -pl system-tests -Dtest=OpenApiDocumentTest -Dopenapi.refresh=true "
            + "(after building the services' and the gateway's jars), then review and commit docs/openapi.json";

    @Test
    void theCommittedDocumentIsTheOneTheGatewayServes() throws Exception {
        String live = OpenApiDocument.live(SystemStack.get());
        JsonNode liveDoc = OpenApiDocument.MAPPER.readTree(live);
        assertThat(liveDoc.path("servers").path(0).path("url").asText()).isEqualTo(OpenApiDocument.PUBLIC_URL);
        Path committed = OpenApiDocument.committed();
        String expected = OpenApiDocument.pretty(liveDoc);
        if (Boolean.getBoolean("openapi.refresh")) {
            Files.writeString(committed, expected, StandardCharsets.UTF_8);
            System.out.printf("openapi: %s rewritten from the live merged document (%d bytes)%n", committed.toAbsolutePath().normalize(),
                    expected.length());
            return;
        }
        if (!Files.exists(committed)) {
            fail(committed + " is missing; write it with " + REFRESH);
        }
        String text = Files.readString(committed, StandardCharsets.UTF_8);
        JsonNode committedDoc = OpenApiDocument.MAPPER.readTree(text);
        List<String> differences = OpenApiDocument.differences(committedDoc, liveDoc, 40);
        if (!differences.isEmpty()) {
            fail("docs/openapi.json differs from the merged OpenAPI the gateway serves (" + differences.size()
                    + (differences.size() == 40 ? "+" : "") + " differences):\n  " + String.join("\n  ", differences)
                    + "\nIf the change is intended, refresh it: " + REFRESH);
        }
        if (!text.equals(expected)) {
            System.out.println("openapi: docs/openapi.json has the live content in another key order or layout (not a failure; "
                    + REFRESH + " rewrites it as served)");
        }
    }
}
