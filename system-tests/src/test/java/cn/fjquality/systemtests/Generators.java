package cn.fjquality.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;

import static cn.fjquality.systemtests.BadInputFuzzTest.FOOD;
import static cn.fjquality.systemtests.BadInputFuzzTest.PLAN;
import static cn.fjquality.systemtests.Mutations.F;
import static cn.fjquality.systemtests.Mutations.pick;

/**
 * A valid request per operation, and its mutations. Every operation of the OpenAPI needs: a value source
 * for each path parameter (by name), and for a request body a valid body in {@link #BODIES}; an
 * operation without them fails {@code everyOperationHasAGenerator}.
 */
final class Generators {
    record Request(String method, String pathAndQuery, String contentType, byte[] body, Map<String, String> headers, List<String> fragments) {
    }

    /** The import's CSV columns, in the documented order. */
    static final List<String> CSV_HEADER = List.of("target", "unit", "period", "value", "numerator", "denominator", "comment");

    /** Longest path and query sent: the request line must stay under Vert.x's 4096 bytes. */
    static final int MAX_REQUEST_TARGET = 4000;

    /** Valid JSON bodies, keyed by "METHOD path" as in the OpenAPI. */
    static final Map<String, Function<Random, JsonNode>> BODIES = new HashMap<>();

    static {
        BODIES.put("POST /api/v1/units", r -> F.objectNode().put("code", "FZ-U" + next()).put("nameZh", "模糊测试单位")
                .put("nameEn", "Fuzz unit").put("type", "COUNTY").put("parentCode", "FJ-FUZHOU"));
        BODIES.put("PATCH /api/v1/units/{code}", r -> F.objectNode().put("nameZh", "模糊测试单位" + r.nextInt(100))
                .put("nameEn", "Fuzz unit " + r.nextInt(100)));
        BODIES.put("POST /api/v1/units/{code}/deactivate", r -> F.objectNode().put("activeTo", "2030-12-31"));
        BODIES.put("POST /api/v1/units/{code}/api-keys", r -> F.objectNode().put("label", "模糊测试 key").put("subtree", r.nextBoolean()));
        BODIES.put("POST /api/v1/api-keys", r -> F.objectNode().put("role", r.nextBoolean() ? "ANALYST" : "ADMIN").put("label", "fuzz key"));
        BODIES.put("POST /api/v1/measurements", r -> measurement(r));
        BODIES.put("POST /api/v1/measurements/{id}/return", r -> F.objectNode().put("reason", "分母口径与上季度不一致，请核实"));
        BODIES.put("POST /api/v1/measurements/{id}/approve", r -> F.objectNode());
        BODIES.put("POST /api/v1/imports", r -> {
            ArrayNode rows = F.arrayNode();
            for (int i = 0; i < 1 + r.nextInt(3); i++) {
                rows.add(measurement(r));
            }
            return F.objectNode().set("measurements", rows);
        });
        BODIES.put("POST /api/v1/targets", r -> target(r, true));
        BODIES.put("PUT /api/v1/targets/{code}", r -> target(r, false));
        BODIES.put("POST /api/v1/targets/{code}/retire", r -> F.objectNode().put("reason", "模糊测试"));
    }

    /** Valid values of path parameters by name; writes get disposable objects so the fuzzer keeps its own keys and units. */
    static String pathValue(String name, Operations.Operation op, Random r) {
        boolean read = op.method().equals("GET");
        String p = op.path();
        return switch (name) {
            case "code" -> p.startsWith("/api/v1/units") ? (read ? pick(r, List.of("FJ-FUZHOU", "FJ-XIAMEN", "FJ-AMR")) : BadInputFuzzTest.disposableUnit)
                    : p.startsWith("/api/v1/plans") ? PLAN
                    : p.startsWith("/api/v1/targets") ? (read ? FOOD : BadInputFuzzTest.writableTarget) : null;
            case "keyId" -> pick(r, BadInputFuzzTest.disposableKeyIds);
            case "id" -> BadInputFuzzTest.measurementId;
            default -> null;
        };
    }

    /** Valid values of query parameters by name (others: the OpenAPI example, else left out). */
    static String queryValue(String name, Random r) {
        return switch (name) {
            case "plan" -> PLAN;
            case "unit", "parent" -> pick(r, List.of("FJ-FUZHOU", "FJ-XIAMEN"));
            case "target" -> FOOD;
            case "period" -> pick(r, List.of("2024", "2025", "2025Q1", "2025S1", "202503"));
            case "page" -> Integer.toString(r.nextInt(3));
            case "size" -> Integer.toString(1 + r.nextInt(100));
            case "type" -> pick(r, List.of("CITY", "COUNTY", "PROVINCE", "DEPARTMENT"));
            case "scope" -> pick(r, List.of("PROVINCE", "FJ-FUZHOU"));
            case "asOf" -> "2025-06-30";
            case "dryRun" -> "true";
            case "q" -> pick(r, List.of("福州", "fuzhou", "市场"));
            case "includeRetired", "subtree", "active" -> Boolean.toString(r.nextBoolean());
            default -> null;
        };
    }

    /** Why no request can be made for this operation, or null. */
    static String missing(Operations.Operation op) {
        for (Operations.Param p : op.params()) {
            if (p.in().equals("path") && pathValue(p.name(), op, new Random(0)) == null) {
                return "no value source for path parameter " + p.name();
            }
        }
        for (String type : op.bodyTypes()) {
            if (!type.contains("json") && !type.contains("csv")) {
                return "no generator for request bodies of type " + type;
            }
        }
        if (!op.bodyTypes().isEmpty() && !BODIES.containsKey(op.key())) {
            return "no valid body in Generators.BODIES";
        }
        return null;
    }

    static Request generate(Operations.Operation op, Random r, boolean huge) throws Exception {
        String method = op.method();
        List<String> fragments = new ArrayList<>();
        Map<String, String> headers = new LinkedHashMap<>();
        // path
        String path = op.path();
        for (Operations.Param p : op.params()) {
            if (p.in().equals("path")) {
                String v = r.nextInt(6) == 0 ? pick(r, Mutations.BAD_PATH_VALUES) : encode(pathValue(p.name(), op, r));
                path = path.replace("{" + p.name() + "}", v);
            }
        }
        // query
        List<String> query = new ArrayList<>();
        for (Operations.Param p : op.params()) {
            if (!p.in().equals("query")) {
                continue;
            }
            String v = queryValue(p.name(), r);
            if (v == null && p.example() != null) {
                v = encode(p.example().asText());
            }
            int q = r.nextInt(10);
            if (q < 2) {
                v = pick(r, Mutations.BAD_QUERY_VALUES);
            } else if (q == 2) {
                continue;
            } else if (q == 3 && p.isNumeric()) {
                v = pick(r, Mutations.BOUNDARY_INTEGERS);
            }
            if (v != null) {
                query.add(p.name() + "=" + v);
                if (r.nextInt(20) == 0) {
                    query.add(p.name() + "=" + pick(r, Mutations.BAD_QUERY_VALUES));
                }
            }
        }
        if (r.nextInt(15) == 0) {
            query.add(pick(r, List.of("unknown=1", "size=2147483648", "page=-1", "size=-5", "page=99999999999", "%FF=1", "=", "&&", "a%5B%5D=1")));
        }
        if (r.nextInt(10) == 0 && op.hasQueryParam("page") && op.hasQueryParam("size")) {
            // the last page an int can name, at the largest and the smallest size: an offset far past any int
            query.removeIf(x -> x.startsWith("page=") || x.startsWith("size="));
            query.add("page=2147483647");
            query.add("size=" + pick(r, List.of("500", "1", "100")));
        }
        String pathAndQuery = path + (query.isEmpty() ? "" : "?" + String.join("&", query));
        if (pathAndQuery.length() > MAX_REQUEST_TARGET) {
            // Vert.x answers a request line over 4096 bytes with a bare 414 before any router runs (docs/testing.md)
            pathAndQuery = pathAndQuery.substring(0, MAX_REQUEST_TARGET).replaceAll("%[0-9A-F]?$", "");
        }
        // headers
        if (op.key().equals("POST /api/v1/measurements")) {
            int h = r.nextInt(10);
            if (h < 7) {
                headers.put("Idempotency-Key", UUID.randomUUID().toString());
            } else if (h < 9) {
                headers.put("Idempotency-Key", pick(r, List.of("x", "a".repeat(300), "'; DROP TABLE measurement; --", "\u00e9")));
            }
        }
        if (op.key().startsWith("PUT /api/v1/targets") && r.nextInt(3) == 0) {
            headers.put("If-Match", pick(r, List.of("\"1\"", "\"-1\"", "\"99999999999999999999\"", "*", "W/\"1\"", "\"x\"", "\"\"")));
        }
        if (r.nextInt(4) == 0) {
            headers.put("Accept", pick(r, List.of("text/csv", "application/xml", "*/*", "text/csv;q=0.1, application/json", "image/png", "")));
        }
        headers.values().removeIf(String::isEmpty);
        // body
        String contentType = null;
        byte[] body = null;
        if (!op.bodyTypes().isEmpty() || huge || r.nextInt(8) == 0) {
            String type = op.bodyTypes().isEmpty() ? "application/json" : pick(r, op.bodyTypes());
            boolean csv = type.contains("csv") || (op.key().equals("POST /api/v1/imports") && r.nextInt(2) == 0);
            if (csv) {
                contentType = "text/csv";
                body = huge ? hugeCsv() : Mutations.mutateCsv(r, CSV_HEADER,
                        csvRows(r), fragments);
            } else {
                contentType = "application/json";
                JsonNode valid = BODIES.containsKey(op.key()) ? BODIES.get(op.key()).apply(r) : F.objectNode().put("a", 1);
                if (huge) {
                    body = hugeJson(valid, r, fragments);
                } else if (r.nextInt(25) == 0) {
                    body = BadInputFuzzTest.MAPPER.writeValueAsBytes(valid);
                } else {
                    body = Mutations.mutateJson(r, valid, BadInputFuzzTest.MAPPER, fragments);
                }
            }
            if (r.nextInt(8) == 0) {
                contentType = pick(r, Mutations.CONTENT_TYPES);
            }
        }
        if (op.key().startsWith("POST /api/v1/imports")) {
            // the import answer is a summary that does not echo values
            fragments.clear();
        }
        return new Request(method, pathAndQuery, contentType, body, headers, fragments);
    }

    private static byte[] hugeJson(JsonNode valid, Random r, List<String> fragments) throws Exception {
        ObjectNode o = valid.isObject() ? (ObjectNode) valid.deepCopy() : F.objectNode();
        List<String> names = new ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        String field = names.isEmpty() ? "a" : pick(r, names);
        o.put(field, "__HUGE__");
        String text = BadInputFuzzTest.MAPPER.writeValueAsString(o);
        return text.replace("__HUGE__", "\u798f".repeat(3_500_000)).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] hugeCsv() {
        return ("target,unit,period,value,comment\n" + FOOD + ",FJ-FUZHOU,2024,98.1," + "z".repeat(10_000_000) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    static List<List<String>> csvRows(Random r) {
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < 1 + r.nextInt(3); i++) {
            int n = 9000 + r.nextInt(1000);
            rows.add(new ArrayList<>(List.of(FOOD, "FJ-FUZHOU", Integer.toString(2021 + r.nextInt(5)), "", Integer.toString(n), "10000", "导入")));
        }
        return rows;
    }

    private static ObjectNode measurement(Random r) {
        return F.objectNode().put("target", FOOD).put("unit", "FJ-FUZHOU").put("period", Integer.toString(2021 + r.nextInt(5)))
                .put("numerator", 9000 + r.nextInt(1000)).put("denominator", 10000).put("comment", "含县级抽检");
    }

    /** A target's content from the catalog (the fields of GET /api/v1/targets/{code} the schema names). */
    private static JsonNode target(Random r, boolean create) {
        ObjectNode o = BadInputFuzzTest.targetSample.deepCopy();
        o.remove(List.of("revision", "retired", "createdAt", "updatedAt", "revisedAt", "status", "citation", "etag"));
        if (create) {
            o.put("code", "FZ-T" + next());
        } else {
            o.remove("code");
            o.put("changeNote", "模糊测试");
        }
        return o;
    }

    private static int serial;

    private static synchronized int next() {
        return ++serial;
    }

    static String encode(String v) {
        StringBuilder b = new StringBuilder();
        for (byte x : v.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') {
                b.append((char) c);
            } else {
                b.append('%').append(String.format("%02X", c));
            }
        }
        return b.toString();
    }
}
