package cn.fjquality.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract departmental systems generate their clients from: a service's part of the gateway's merged
 * /api/openapi. Every public operation (/api/v1/...) has a unique verb-first operationId, a bilingual summary and
 * description, a typed success answer, and its error answers as application/problem+json with the shared Problem
 * schema, each naming the codes it can carry; no component schema is unused or missing. One set of checks for the three
 * services: units-service, targets-service and reports-service each run it as their {@code @QuarkusTest
 * OpenApiContractTest}, which names only the service's operations (operationIds are unique across the three: each list
 * is the whole set of its service). The schemas every service shares are pinned here, once, so that the merger finds
 * them identical and does not rename them per service.
 */
public abstract class OpenApiContractChecks {
    /** This service's operations, in the order of the docs' tables. */
    protected abstract List<String> operationIds();

    private static final String PROBLEM_REF = "#/components/schemas/Problem";
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final Pattern OPERATION_ID = Pattern.compile(
            "^(list|get|register|update|deactivate|issue|revoke|delete|create|revise|retire|recompute|submit|import|approve|return)[A-Z][A-Za-z]*$");
    private static final Pattern CODE = Pattern.compile("`([A-Z][A-Z0-9_]*[A-Z0-9])`");
    private static final Pattern CJK = Pattern.compile("\\p{IsHan}");
    private static final Pattern LATIN_WORD = Pattern.compile("[A-Za-z]{3,}");
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

    /** The schemas every service declares, as the other services declare them (the merger keeps one of each). */
    private static final String SHARED_SCHEMAS = """
            {
              "Problem": {
                "type": "object",
                "description": "An error (RFC 9457 problem details). `code` is the stable, machine-readable error code clients switch on; `detail` is for people and may change. 错误（RFC 9457）：code 为稳定的错误码，detail 供人阅读。",
                "required": ["type", "title", "status", "code"],
                "properties": {
                  "type": {"type": "string", "format": "uri", "description": "urn:fjq:problem: followed by the code in lower case with '-'", "examples": ["urn:fjq:problem:unit-not-found"]},
                  "title": {"type": "string", "description": "The HTTP status' reason phrase", "examples": ["Not Found"]},
                  "status": {"type": "integer", "format": "int32", "description": "The HTTP status", "examples": [404]},
                  "detail": {"type": "string", "description": "What went wrong, for people; may change", "examples": ["No unit with code FJ-NOWHERE"]},
                  "instance": {"type": "string", "description": "The path of the request", "examples": ["/api/v1/units/FJ-NOWHERE"]},
                  "code": {"type": "string", "description": "The stable error code (listed per response of every operation)", "examples": ["UNIT_NOT_FOUND"]},
                  "errors": {"type": "array", "description": "One entry per offending field (or row of a file)", "items": {"$ref": "#/components/schemas/ProblemFieldError"}}
                }
              },
              "ProblemFieldError": {
                "type": "object",
                "description": "One offending field of the request, or a row of an imported file",
                "required": ["code"],
                "properties": {
                  "row": {"type": "integer", "format": "int32", "description": "1-based data row of an imported file"},
                  "field": {"type": "string", "description": "The field (a JSON path such as baseline.year), query parameter or column", "examples": ["divisionCode"]},
                  "code": {"type": "string", "description": "Why", "examples": ["INVALID_VALUE"]},
                  "message": {"type": "string", "description": "For people", "examples": ["must be six ASCII digits (an administrative-division code such as 350102)"]}
                }
              },
              "Instant": {"type": "string", "format": "date-time", "examples": ["2025-03-31T08:00:00Z"]},
              "LocalDate": {"type": "string", "format": "date", "examples": ["2025-03-31"]},
              "UUID": {"type": "string", "format": "uuid", "examples": ["3f0c9a3e-8a3c-4c1e-9b0e-2d6f5a7b8c9d"]}
            }""";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Per test class, so that the checks of one service never read another's document. */
    private static final Map<Class<?>, JsonNode> DOCUMENTS = new ConcurrentHashMap<>();
    private JsonNode doc;

    /** The document as the gateway reads it (read once: it does not change while the service runs). */
    @BeforeEach
    public void readTheDocument() {
        doc = DOCUMENTS.computeIfAbsent(getClass(), c -> {
            try {
                return MAPPER.readTree(given().queryParam("format", "json").when().get("/q/openapi")
                        .then().statusCode(200).extract().asString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private record Op(String path, String method, JsonNode node) {
        String name() {
            return method.toUpperCase() + " " + path;
        }
    }

    private List<Op> publicOperations() {
        List<Op> ops = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            if (!path.getKey().startsWith("/api/v1/")) {
                continue;
            }
            path.getValue().fields().forEachRemaining(m -> {
                if (METHODS.contains(m.getKey())) {
                    ops.add(new Op(path.getKey(), m.getKey(), m.getValue()));
                }
            });
        }
        return ops;
    }

    @Test
    public void everyPathIsPublicOrInternal() {
        doc.path("paths").fieldNames().forEachRemaining(p ->
                assertThat(p).as("a path of this service").matches("^/(api/v1|internal/v1)/.+"));
        doc.path("paths").fields().forEachRemaining(p -> {
            if (p.getKey().startsWith("/internal/")) {
                p.getValue().fields().forEachRemaining(m -> assertThat(m.getValue().path("tags").toString())
                        .as("%s %s is tagged Internal, never public", m.getKey(), p.getKey()).contains("\"Internal\""));
            }
        });
    }

    @Test
    public void everyOperationHasAUniqueVerbFirstOperationId() {
        List<String> ids = new ArrayList<>();
        for (Op op : publicOperations()) {
            String id = op.node().path("operationId").asText("");
            assertThat(id).as("operationId of %s", op.name()).matches(OPERATION_ID);
            ids.add(id);
        }
        assertThat(ids).as("operationIds are unique").doesNotHaveDuplicates();
        assertThat(ids).as("the operations of this service").containsExactlyInAnyOrderElementsOf(operationIds());
    }

    @Test
    public void everyOperationIsSummarisedAndDescribedInChineseAndEnglish() {
        for (Op op : publicOperations()) {
            for (String field : List.of("summary", "description")) {
                String text = op.node().path(field).asText("");
                assertThat(CJK.matcher(text).find()).as("%s of %s has Chinese: %s", field, op.name(), text).isTrue();
                assertThat(LATIN_WORD.matcher(text).find()).as("%s of %s has English: %s", field, op.name(), text).isTrue();
            }
            assertThat(op.node().path("summary").asText()).as("summary of %s: 中文 / English", op.name()).contains(" / ");
            assertThat(op.node().path("tags").size()).as("tags of %s", op.name()).isPositive();
        }
    }

    @Test
    public void everyOperationNeedsTheCallerToken() {
        for (Op op : publicOperations()) {
            assertThat(op.node().path("security").toString()).as("security of %s", op.name()).contains("\"callerToken\"");
        }
    }

    @Test
    public void everySuccessIsTyped() {
        for (Op op : publicOperations()) {
            List<String> successes = new ArrayList<>();
            op.node().path("responses").fields().forEachRemaining(r -> {
                if (r.getKey().startsWith("2")) {
                    successes.add(r.getKey());
                    JsonNode content = r.getValue().path("content");
                    if (r.getKey().equals("204")) {
                        assertThat(content.isMissingNode() || content.isEmpty()).as("204 of %s has no body", op.name()).isTrue();
                        return;
                    }
                    assertThat(content.size()).as("%s of %s has content", r.getKey(), op.name()).isPositive();
                    content.fields().forEachRemaining(c -> {
                        JsonNode schema = c.getValue().path("schema");
                        assertThat(schema.has("$ref") || schema.has("type"))
                                .as("%s %s of %s has a schema", r.getKey(), c.getKey(), op.name()).isTrue();
                        if (c.getKey().equals("text/csv")) {
                            assertThat(schema.path("type").asText()).as("CSV of %s is a string", op.name()).isEqualTo("string");
                        }
                    });
                    assertThat(r.getValue().path("description").asText("")).as("%s of %s is described", r.getKey(), op.name())
                            .isNotBlank();
                }
            });
            assertThat(successes).as("2xx of %s", op.name()).isNotEmpty();
            if (successes.contains("201")) {
                assertThat(op.node().path("responses").path("201").path("headers").has("Location"))
                        .as("201 of %s describes Location", op.name()).isTrue();
            }
        }
    }

    @Test
    public void everyErrorIsAProblemNamingItsCodes() {
        for (Op op : publicOperations()) {
            Set<String> clientErrors = new TreeSet<>();
            op.node().path("responses").fields().forEachRemaining(r -> {
                if (!r.getKey().startsWith("4") && !r.getKey().startsWith("5")) {
                    return;
                }
                if (r.getKey().startsWith("4")) {
                    clientErrors.add(r.getKey());
                }
                String what = r.getKey() + " of " + op.name();
                JsonNode content = r.getValue().path("content");
                assertThat(iterable(content.fieldNames())).as("media types of %s", what).containsExactly(PROBLEM_JSON);
                assertThat(content.path(PROBLEM_JSON).path("schema").path("$ref").asText()).as("schema of %s", what)
                        .isEqualTo(PROBLEM_REF);
                Matcher codes = CODE.matcher(r.getValue().path("description").asText(""));
                Set<String> named = new LinkedHashSet<>();
                while (codes.find()) {
                    named.add(codes.group(1));
                }
                assertThat(named).as("%s names its codes: %s", what, r.getValue().path("description").asText("")).isNotEmpty();
                JsonNode examples = content.path(PROBLEM_JSON).path("examples");
                assertThat(iterable(examples.fieldNames())).as("an example per code of %s", what).containsExactlyElementsOf(named);
                examples.fields().forEachRemaining(e -> {
                    assertThat(e.getValue().path("value").path("code").asText()).as("example %s of %s", e.getKey(), what).isEqualTo(e.getKey());
                    assertThat(e.getValue().path("value").path("status").asText()).as("example %s of %s", e.getKey(), what).isEqualTo(r.getKey());
                });
            });
            assertThat(clientErrors).as("4xx of %s", op.name()).isNotEmpty();
            assertThat(clientErrors).as("401 of %s (every operation needs a caller)", op.name()).contains("401");
        }
    }

    @Test
    public void everyParameterIsTypedAndDescribed() {
        for (Op op : publicOperations()) {
            for (JsonNode p : op.node().path("parameters")) {
                String what = p.path("in").asText() + " parameter " + p.path("name").asText() + " of " + op.name();
                assertThat(p.path("schema").has("type") || p.path("schema").has("$ref")).as("%s is typed", what).isTrue();
                assertThat(p.path("description").asText("")).as("%s is described", what).isNotBlank();
                if (p.path("name").asText().equals("page")) {
                    assertThat(p.path("schema").path("minimum").asInt(-1)).as("%s", what).isZero();
                }
                if (p.path("name").asText().equals("size")) {
                    assertThat(p.path("schema").path("minimum").asInt(-1)).as("%s", what).isEqualTo(1);
                    assertThat(p.path("schema").path("maximum").asInt(-1)).as("%s", what).isEqualTo(500);
                }
            }
        }
    }

    @Test
    public void noSchemaIsUnusedAndNoReferenceDangles() {
        JsonNode schemas = doc.path("components").path("schemas");
        Set<String> used = new TreeSet<>();
        collectRefs(doc.path("paths"), used);
        List<String> frontier = new ArrayList<>(used);
        while (!frontier.isEmpty()) {
            Set<String> next = new TreeSet<>();
            collectRefs(schemas.path(frontier.remove(frontier.size() - 1)), next);
            for (String n : next) {
                if (used.add(n)) {
                    frontier.add(n);
                }
            }
        }
        Set<String> declared = new TreeSet<>(iterable(schemas.fieldNames()));
        Set<String> unused = new TreeSet<>(declared);
        unused.removeAll(used);
        Set<String> dangling = new TreeSet<>(used);
        dangling.removeAll(declared);
        assertThat(unused).as("component schemas no operation uses").isEmpty();
        assertThat(dangling).as("references to schemas that do not exist").isEmpty();
        Set<String> all = new TreeSet<>();
        collectAllRefs(doc, all);
        for (String ref : all) {
            assertThat(ref).as("every $ref points into components/schemas").startsWith("#/components/schemas/");
            assertThat(schemas.has(ref.substring("#/components/schemas/".length()))).as("%s exists", ref).isTrue();
        }
    }

    @Test
    public void theSharedSchemasAreTheOnesEveryServiceDeclares() throws Exception {
        JsonNode shared = MAPPER.readTree(SHARED_SCHEMAS);
        JsonNode schemas = doc.path("components").path("schemas");
        for (String name : List.of("Problem", "ProblemFieldError")) {
            assertThat(schemas.path(name)).as("schema %s", name).isEqualTo(shared.path(name));
        }
        for (String name : List.of("Instant", "LocalDate", "UUID")) {
            if (schemas.has(name)) {
                assertThat(schemas.path(name)).as("schema %s", name).isEqualTo(shared.path(name));
            }
        }
    }

    private static void collectRefs(JsonNode node, Set<String> names) {
        Set<String> refs = new LinkedHashSet<>();
        collectAllRefs(node, refs);
        for (String ref : refs) {
            names.add(ref.substring(ref.lastIndexOf('/') + 1));
        }
    }

    private static void collectAllRefs(JsonNode node, Set<String> refs) {
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> {
                if (f.getKey().equals("$ref") && f.getValue().isTextual()) {
                    refs.add(f.getValue().asText());
                } else {
                    collectAllRefs(f.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectAllRefs(n, refs));
        }
    }

    private static List<String> iterable(Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
