package cn.fjquality.systemtests;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/**
 * The merged OpenAPI as the running gateway serves it ({@code GET /api/openapi}, complete: every service read), and the
 * committed copy {@code docs/openapi.json} it is compared with.
 */
final class OpenApiDocument {
    /** The gateway's public URL in the system stack (gateway.public-url): the servers entry of the committed document. */
    static final String PUBLIC_URL = "http://127.0.0.1:8080";
    /**
     * Where the live document of this run is written, for inspection (deploy/checks/contracts-static.sh lints the
     * committed docs/openapi.json, which OpenApiDocumentTest keeps equal to this one).
     */
    static final Path LIVE = Path.of("target", "system-stack", "openapi.json");
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static String live;

    private OpenApiDocument() {
    }

    /** The live document, read once per JVM when every service is in it, and written to {@link #LIVE}. */
    static synchronized String live(SystemStack stack) throws Exception {
        if (live != null) {
            return live;
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl + "/api/openapi"))
                    .header("Accept", "application/json").timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                JsonNode doc = MAPPER.readTree(r.body());
                if (doc.path("x-missing-services").isEmpty() && doc.path("x-stale-services").isEmpty()) {
                    Files.createDirectories(LIVE.getParent());
                    Files.writeString(LIVE, r.body());
                    live = r.body();
                    return live;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the gateway never served a complete merged OpenAPI: " + r.statusCode() + " "
                        + r.body().substring(0, Math.min(500, r.body().length())));
            }
            Thread.sleep(1000);
        }
    }

    /** docs/openapi.json (surefire's openapi.committed), or its place relative to this module. */
    static Path committed() {
        return Path.of(System.getProperty("openapi.committed", "../docs/openapi.json"));
    }

    /** Pretty-printed, two spaces, LF line ends, a final newline. */
    static String pretty(JsonNode node) throws IOException {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        return MAPPER.writer(printer).writeValueAsString(node) + "\n";
    }

    /** JSON pointers where two documents differ (at most {@code max}). */
    static List<String> differences(JsonNode expected, JsonNode actual, int max) {
        List<String> out = new ArrayList<>();
        diff("", expected, actual, out, max);
        return out;
    }

    private static void diff(String at, JsonNode a, JsonNode b, List<String> out, int max) {
        if (out.size() >= max || a.equals(b)) {
            return;
        }
        if (a instanceof ObjectNode oa && b instanceof ObjectNode ob) {
            TreeSet<String> names = new TreeSet<>(iterable(oa.fieldNames()));
            names.addAll(iterable(ob.fieldNames()));
            for (String name : names) {
                String here = at + "/" + name.replace("~", "~0").replace("/", "~1");
                if (!oa.has(name)) {
                    add(out, max, here + ": only in the live document");
                } else if (!ob.has(name)) {
                    add(out, max, here + ": only in the committed document");
                } else {
                    diff(here, oa.get(name), ob.get(name), out, max);
                }
            }
            return;
        }
        add(out, max, at + ": committed " + abbreviate(a.toString()) + ", live " + abbreviate(b.toString()));
    }

    private static void add(List<String> out, int max, String line) {
        if (out.size() < max) {
            out.add(line);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 160 ? s : s.substring(0, 160) + "...";
    }

    private static List<String> iterable(Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
