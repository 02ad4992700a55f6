package cn.fjquality.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Bad input through the gateway, over every operation of its merged OpenAPI (docs/testing.md): for every
 * request no 5xx, every 4xx is problem+json with a stable code and the HTTP status, and a rejected request
 * changes nothing stored (fingerprint of the three databases, outbox included).
 */
class BadInputFuzzTest {
    static final int MIN_REQUESTS = 10_000;
    static final String FOOD = "OL25-FOOD-SAMPLING-PASS-RATE";
    static final String PLAN = "FJ-OUTLINE-2025";
    static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]*");
    static final ObjectMapper MAPPER = new ObjectMapper();

    static SystemStack stack;
    static StoredState stored;
    /** Every answer against the merged OpenAPI: status, media type and body schema of its operation. */
    static ContractCheck contract;
    static HttpClient http;
    static List<Operations.Operation> operations;
    static Map<String, String> keys = new HashMap<>();
    static Map<String, String> baseline;
    static final AtomicInteger requests = new AtomicInteger();
    static final AtomicInteger accepted = new AtomicInteger();
    static final AtomicInteger failedChecks = new AtomicInteger();
    static final Map<Integer, Integer> statuses = new java.util.TreeMap<>();
    static String measurementId;
    static List<String> disposableKeyIds = new ArrayList<>();
    static String disposableUnit = "FZ-DISPOSABLE";
    static String writableTarget;
    static JsonNode targetSample;
    static long startedAt;
    static long settleNanos;
    static String lastWrite = "";
    static long fingerprintNanos;
    static long httpNanos;
    static java.time.Instant lastSettledAt;

    /** The callers every request is sent as; null is no key at all. */
    static final List<String> CALLERS = List.of("admin", "analyst", "reporter", "otherReporter", "none", "badKey");

    @BeforeContainer
    static void startStack() throws Exception {
        startedAt = System.nanoTime();
        stack = SystemStack.get();
        System.out.printf("fuzz: services ready in %d s%n", (System.nanoTime() - startedAt) / 1_000_000_000L);
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        keys.put("admin", stack.adminKey);
        keys.put("analyst", issue("/api/v1/api-keys", "{\"role\":\"ANALYST\",\"label\":\"fuzz analyst\"}").path("apiKey").asText());
        keys.put("reporter", issue("/api/v1/units/FJ-FUZHOU/api-keys", "{\"label\":\"fuzz fuzhou\"}").path("apiKey").asText());
        keys.put("otherReporter", issue("/api/v1/units/FJ-XIAMEN/api-keys", "{\"label\":\"fuzz xiamen\"}").path("apiKey").asText());
        keys.put("badKey", "fjq_aaaaaaaaaaaa_" + "A".repeat(43));
        for (int i = 0; i < 3; i++) {
            disposableKeyIds.add(issue("/api/v1/units/FJ-NINGDE/api-keys", "{\"label\":\"fuzz disposable\"}").path("keyId").asText());
        }
        send("POST", "/api/v1/units", "admin", "application/json", ("{\"code\":\"" + disposableUnit
                + "\",\"nameZh\":\"模糊测试\",\"nameEn\":\"Fuzz\",\"type\":\"COUNTY\",\"parentCode\":\"FJ-FUZHOU\"}").getBytes(StandardCharsets.UTF_8), Map.of());
        JsonNode targets = MAPPER.readTree(send("GET", "/api/v1/targets?plan=" + PLAN + "&size=100", "admin", null, null, Map.of()).body());
        JsonNode items = targets.path("items");
        writableTarget = items.get(items.size() - 1).path("code").asText();
        targetSample = MAPPER.readTree(send("GET", "/api/v1/targets/" + FOOD, "admin", null, null, Map.of()).body());
        // reports-service learns units and targets from Kafka: wait until a submission is accepted
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (measurementId == null) {
            HttpResponse<byte[]> r = send("POST", "/api/v1/measurements", "reporter", "application/json",
                    ("{\"target\":\"" + FOOD + "\",\"unit\":\"FJ-FUZHOU\",\"period\":\"2024\",\"numerator\":9870,\"denominator\":10000}")
                            .getBytes(StandardCharsets.UTF_8), Map.of("Idempotency-Key", UUID.randomUUID().toString()));
            if (r.statusCode() / 100 == 2) {
                measurementId = MAPPER.readTree(r.body()).path("id").asText();
            } else if (System.nanoTime() > deadline) {
                fail("reports-service never accepted a measurement: " + r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8));
            } else {
                Thread.sleep(500);
            }
        }
        System.out.printf("fuzz: reference data reached reports-service after %d s%n", (System.nanoTime() - startedAt) / 1_000_000_000L);
        String openapi = OpenApiDocument.live(stack);
        operations = Operations.parse(openapi, MAPPER);
        contract = ContractCheck.forDocument(openapi);
        stored = new StoredState(stack.databases, stack.user(), stack.password());
        baseline = stored.settle();
        System.out.printf("fuzz: stack ready in %d s, %d operations%n", (System.nanoTime() - startedAt) / 1_000_000_000L, operations.size());
    }

    @AfterContainer
    static void stopStack() throws Exception {
        long seconds = (System.nanoTime() - startedAt) / 1_000_000_000L;
        System.out.printf("fuzz: %d requests (%d accepted), statuses %s, %d s in all, %d s waiting for accepted writes to settle, %d s in HTTP, %d s fingerprinting%n",
                requests.get(), accepted.get(), statuses, seconds, settleNanos / 1_000_000_000L, httpNanos / 1_000_000_000L, fingerprintNanos / 1_000_000_000L);
        if (stored != null) {
            stored.close();
        }
        // the stack stays up for the other test classes of this JVM (the generated client's); it stops at JVM exit
        if (contract != null) {
            System.out.println(contract.summary("fuzz"));
            assertThat(contract.mismatches()).as("answers that differ from the merged OpenAPI (status, media type or schema "
                    + "of their operation):\n" + contract.report()).isEmpty();
        }
        if (failedChecks.get() == 0) {
            // a failed property stops early; its own failure is the report, not the short count
            assertThat(requests.get()).as("requests per run").isGreaterThanOrEqualTo(MIN_REQUESTS);
        }
    }

    @Example
    void everyOperationHasAGenerator() {
        List<String> missing = new ArrayList<>();
        for (Operations.Operation op : operations) {
            String why = Generators.missing(op);
            if (why != null) {
                missing.add(op.key() + ": " + why);
            }
        }
        assertThat(missing).as("operations of /api/openapi without a generator (add one to Generators)").isEmpty();
        assertThat(operations).hasSizeGreaterThan(20);
    }

    /**
     * Not left to chance: every numeric query parameter of every operation, at each of its limits, as an admin and as
     * a reporter (no 5xx, a 4xx is problem+json, nothing stored changes). The random properties below mix them too.
     */
    @Example
    void everyNumericQueryParameterAtItsLimits() throws Exception {
        List<String> covered = new ArrayList<>();
        for (Operations.Operation op : operations) {
            for (Operations.Param p : op.params()) {
                if (!p.in().equals("query") || !p.isNumeric()) {
                    continue;
                }
                assertThat(op.method()).as("a numeric query parameter of a write: send a valid body with it (" + op.key() + ")")
                        .isEqualTo("GET");
                String path = op.path();
                for (Operations.Param pp : op.params()) {
                    if (pp.in().equals("path")) {
                        path = path.replace("{" + pp.name() + "}", Generators.encode(Generators.pathValue(pp.name(), op, new Random(0))));
                    }
                }
                for (String value : Mutations.BOUNDARY_INTEGERS) {
                    for (String caller : List.of("admin", "reporter")) {
                        String query = path + "?" + p.name() + "=" + value
                                + (p.name().equals("page") && op.hasQueryParam("size") ? "&size=500" : "");
                        HttpResponse<byte[]> r = send("GET", query, caller, null, null, Map.of());
                        String what = "GET " + query + " as " + caller + " -> " + r.statusCode() + " "
                                + abbreviate(new String(r.body(), StandardCharsets.UTF_8), 300);
                        assertThat(r.statusCode()).as("no 5xx: " + what).isLessThan(500);
                        if (r.statusCode() >= 400) {
                            assertThat(r.headers().firstValue("Content-Type").orElse("")).as("problem+json: " + what)
                                    .startsWith("application/problem+json");
                        }
                    }
                }
                covered.add(op.key() + " " + p.name());
            }
        }
        assertThat(StoredState.diff(baseline, stored.fingerprint())).as("reads changed nothing").isEmpty();
        assertThat(covered).as("numeric query parameters at their limits").anyMatch(c -> c.endsWith(" page")).anyMatch(c -> c.endsWith(" size"));
        System.out.printf("fuzz: %d numeric query parameters at %d limits each: %s%n", covered.size(),
                Mutations.BOUNDARY_INTEGERS.size(), covered);
    }

    @Property(tries = 10_200, shrinking = ShrinkingMode.OFF)
    void badInputIsRejectedCleanly(@ForAll("cases") long seed) throws Exception {
        fuzzOnce(random(seed), false);
    }

    /** 10 MB strings are slow to send and parse: a few tries only. */
    @Property(tries = 3, shrinking = ShrinkingMode.OFF)
    void hugeStringsAreRejectedCleanly(@ForAll("cases") long seed) throws Exception {
        fuzzOnce(random(seed), true);
    }

    /** -Dfuzz.seed=N replays a printed sequence of requests regardless of jqwik's own seed. */
    private static Random random(long jqwikSeed) {
        if (PINNED != null) {
            return new Random(PINNED.nextLong());
        }
        return new Random(jqwikSeed);
    }

    private static final Random PINNED = Long.getLong("fuzz.seed") == null ? null : new Random(Long.getLong("fuzz.seed"));

    @Provide
    Arbitrary<Long> cases() {
        return Arbitraries.longs();
    }

    private void fuzzOnce(Random r, boolean huge) throws Exception {
        try {
            checkOnce(r, huge);
        } catch (Throwable e) {
            failedChecks.incrementAndGet();
            throw e;
        }
    }

    /**
     * The operation whose contract an answer is checked against: the generated one, except when an empty last path
     * parameter made the path end in '/': {@code GET /api/v1/targets/} is {@code GET /api/v1/targets} (the list) for the
     * services, so it is checked as that operation; null when the collection has no operation for the method (then the
     * answer is a refusal of the gateway or the service's 405).
     */
    static String addressedOperationPath(Operations.Operation op, Generators.Request req) {
        String sentPath = req.pathAndQuery().split("\\?", 2)[0];
        if (!sentPath.endsWith("/") || op.path().endsWith("/")) {
            return op.path();
        }
        String collection = sentPath.substring(0, sentPath.length() - 1);
        return operations.stream()
                .filter(o -> o.method().equalsIgnoreCase(req.method()) && o.path().equals(collection))
                .map(Operations.Operation::path)
                .findFirst().orElse(null);
    }

    private void checkOnce(Random r, boolean huge) throws Exception {
        Operations.Operation op = Mutations.pick(r, operations);
        String caller = Mutations.pick(r, CALLERS);
        Generators.Request req = Generators.generate(op, r, huge);
        String sentBody = abbreviate(req.body() == null ? "" : new String(req.body(), StandardCharsets.UTF_8), 300);
        HttpResponse<byte[]> response;
        try {
            response = send(req.method(), req.pathAndQuery(), caller, req.contentType(), req.body(), req.headers());
        } catch (java.io.IOException e) {
            throw new AssertionError("no answer (" + e + ") to " + op.key() + " as " + caller + ": " + req.method() + " "
                    + abbreviate(req.pathAndQuery(), 300) + " [" + req.contentType() + "] " + sentBody, e);
        }
        String body = new String(response.body(), StandardCharsets.UTF_8);
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        String what = op.key() + " as " + caller + ": " + req.method() + " " + abbreviate(req.pathAndQuery(), 300)
                + " [" + req.contentType() + "] " + req.headers() + " " + sentBody
                + "\n -> " + response.statusCode() + " " + contentType + " " + abbreviate(body, 500);
        int status = response.statusCode();
        // counted and reported at the end (stopStack), so one run lists every kind of mismatch
        String addressed = addressedOperationPath(op, req);
        if (addressed != null) {
            contract.check(req.method(), addressed, status, contentType, response.body(), what);
        } else {
            // no operation to check against: the gateway's refusals before routing (bad path or header, no or a bad
            // key, a role that may not write, a body over the limit), else the service's 405
            assertThat(status).as("a method the addressed collection does not have: 405 " + what).isIn(400, 401, 403, 405, 413);
        }
        assertThat(status).as("no 5xx: " + what).isLessThan(500);
        if (status >= 400) {
            assertThat(contentType).as("problem+json: " + what).startsWith("application/problem+json");
            JsonNode problem = MAPPER.readTree(response.body());
            assertThat(problem.path("status").asInt()).as("problem status: " + what).isEqualTo(status);
            assertThat(problem.path("code").asText()).as("stable code: " + what).matches(CODE);
            long f0 = System.nanoTime();
            Map<String, String> after = stored.fingerprint();
            fingerprintNanos += System.nanoTime() - f0;
            List<String> changed = StoredState.diff(baseline, after);
            if (!changed.isEmpty()) {
                // a new baseline before failing, so the next property does not report this same change again
                baseline = stored.settle();
                fail("stored state changed on a rejected request (outbox_event included): " + what + "\n changed: " + changed
                        + "\n unpublished now " + stored.unpublished() + ", pending " + stored.pending() + "; last accepted write: " + lastWrite
                        + " (" + stored.lastSettle + " at " + lastSettledAt + ")" + stored.recentEvents());
            }
        } else {
            accepted.incrementAndGet();
            if (!req.method().equals("GET")) {
                // The new baseline first: a failed check below must not leave a stale one to the next tries.
                lastWrite = what;
                long t0 = System.nanoTime();
                baseline = stored.settle();
                settleNanos += System.nanoTime() - t0;
                lastSettledAt = java.time.Instant.now();
                JsonNode answer = body.isEmpty() ? MAPPER.nullNode() : MAPPER.readTree(body);
                JsonNode sent = sentJson(req.body());
                for (String fragment : req.fragments()) {
                    // field TAB value: where the request still carries it (a mutation may have dropped or renamed the
                    // field) and the answer has that field, the answer must hold the value exactly as sent
                    String field = fragment.substring(0, fragment.indexOf('\t'));
                    String value = fragment.substring(fragment.indexOf('\t') + 1);
                    boolean carried = sent != null && sent.findValues(field).stream().map(JsonNode::asText).toList().contains(value);
                    List<JsonNode> echoed = answer.findValues(field);
                    if (carried && !echoed.isEmpty()) {
                        assertThat(echoed.stream().map(JsonNode::asText).toList()).as("accepted text stored and returned verbatim: " + what).contains(value);
                    }
                }
            }
        }
    }

    /** The request body as JSON, or null when it is none or not JSON (CSV, mutated bytes). */
    static JsonNode sentJson(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return MAPPER.readTree(body);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...(" + s.length() + " chars)";
    }

    static JsonNode issue(String path, String json) throws Exception {
        HttpResponse<byte[]> r = send("POST", path, "admin", "application/json", json.getBytes(StandardCharsets.UTF_8), Map.of());
        assertThat(r.statusCode()).as(path + ": " + new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(201);
        return MAPPER.readTree(r.body());
    }

    static HttpResponse<byte[]> send(String method, String pathAndQuery, String caller, String contentType, byte[] body,
                                     Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(stack.gatewayUrl + pathAndQuery)).timeout(Duration.ofSeconds(60));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        String key = keys.get(caller);
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        if (contentType != null && !contentType.isEmpty()) {
            b.header("Content-Type", contentType);
        }
        headers.forEach(b::header);
        long h0 = System.nanoTime();
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        httpNanos += System.nanoTime() - h0;
        requests.incrementAndGet();
        synchronized (statuses) {
            statuses.merge(r.statusCode(), 1, Integer::sum);
        }
        return r;
    }
}
