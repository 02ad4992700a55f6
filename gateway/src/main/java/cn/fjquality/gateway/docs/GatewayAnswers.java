package cn.fjquality.gateway.docs;

import cn.fjquality.gateway.routing.GatewayRoute;
import cn.fjquality.problem.Problem;
import cn.fjquality.problem.ProblemCodes;
import cn.fjquality.security.Roles;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The gateway's own answers on each operation of the merged document (400 BAD_PATH/BAD_REQUEST, 401, 403, 413, 429, 502,
 * 504, and the bodiless 414/431), merged into the service's response of the same status: codes the service already
 * names are not added twice.
 */
final class GatewayAnswers {
    private static final String PROBLEM = OpenApiMerger.PROBLEM;

    private GatewayAnswers() {
    }

    /**
     * One answer of the gateway itself.
     *
     * @param codes  the problem codes, each with when it is answered
     * @param header a response header that comes with it (name, description, JSON type), or null
     */
    private record GatewayAnswer(int status, Map<String, String> codes, String summary, String[] header) {
    }

    /** Adds the gateway's own answers that can occur for this operation (merged into a response of the same status). */
    static void add(String path, String method, JsonObject item, JsonObject operation, OpenApiMerger.Settings settings) {
        JsonObject responses = operation.getJsonObject("responses");
        if (responses == null) {
            responses = new JsonObject();
            operation.put("responses", responses);
        }
        boolean pathParams = hasPathParameter(item) || hasPathParameter(operation);
        boolean body = operation.containsKey("requestBody");
        GatewayRoute route = GatewayRoute.match(path).orElse(null);
        String upper = method.toUpperCase(Locale.ROOT);
        boolean refusable = route == null || !route.allows(Roles.ANALYST, upper) || !route.allows(Roles.REPORTER, upper);
        Long limit = settings.bodyLimitOfPath().apply(path);
        List<GatewayAnswer> answers = new ArrayList<>();
        Map<String, String> bad = new LinkedHashMap<>();
        if (pathParams) {
            bad.put("BAD_PATH", "a path parameter holds an encoded separator (`%2F`, `%5C`), an encoded dot, `%25` or NUL, "
                    + "or makes a `.`/`..`/empty segment");
        }
        bad.put("BAD_REQUEST", "`Content-Length` is not a number");
        answers.add(new GatewayAnswer(400, bad, "Bad request", null));
        answers.add(new GatewayAnswer(401, codes("UNAUTHENTICATED", "no API key was sent",
                "INVALID_API_KEY", "the API key is malformed, unknown or revoked, or its unit is inactive"),
                "No valid API key", new String[]{"WWW-Authenticate", "`Bearer`, or `Bearer error=\"invalid_token\"`", "string"}));
        if (refusable) {
            answers.add(new GatewayAnswer(403, codes("FORBIDDEN", "the key's role may not do this (ANALYST keys only read; "
                    + "REPORTER keys write measurements, imports and completeness only, and never touch API keys)"),
                    "Forbidden", null));
        }
        // On every operation, not only those with a request body: the gateway counts whatever body a request carries
        // against its route's limit before forwarding it, a GET's too (the fuzz suite's contract check met a 413 on a GET).
        answers.add(new GatewayAnswer(413, codes("PAYLOAD_TOO_LARGE", (body ? "the request body is larger than this route allows"
                : "the request carries a body (this operation reads none) larger than this route allows")
                + (limit == null ? "" : " (" + limit + " bytes)") + "; the connection is closed"), "Payload too large", null));
        answers.add(new GatewayAnswer(429, codes("RATE_LIMITED", "over the API key's rate limit",
                "TOO_MANY_FAILED_AUTHENTICATIONS", "too many failed authentications from the client's address"),
                "Too many requests", new String[]{"Retry-After", "Whole seconds to wait before trying again", "integer"}));
        answers.add(new GatewayAnswer(502, codes("UPSTREAM_UNAVAILABLE", "the service (or units-service, which checks the keys) "
                + "is not reachable; a write's outcome is open: send it again with the same `Idempotency-Key`"), "Bad gateway", null));
        answers.add(new GatewayAnswer(504, codes("UPSTREAM_TIMEOUT", "the service did not answer in time; a write's outcome "
                + "is open: send it again with the same `Idempotency-Key`"), "Gateway timeout", null));
        for (GatewayAnswer answer : answers) {
            addProblemAnswer(responses, answer);
        }
        putBare(responses, "414", "URI too long: the request line is over 4,096 bytes (the HTTP layer answers, without a body). "
                + "请求行过长（无响应体）。");
        putBare(responses, "431", "Request header fields too large: the headers are over 20 kB (the HTTP layer answers, without a "
                + "body). 请求头过大（无响应体）。");
        operation.put("responses", byStatus(responses));
    }

    private static void addProblemAnswer(JsonObject responses, GatewayAnswer answer) {
        String status = Integer.toString(answer.status());
        JsonObject response = responses.getJsonObject(status);
        StringBuilder gateway = new StringBuilder();
        Set<String> named = response == null ? Set.of() : ProblemCodes.namedIn(response.getString("description"));
        for (Map.Entry<String, String> code : answer.codes().entrySet()) {
            if (!named.contains(code.getKey())) {
                gateway.append(gateway.length() == 0 ? "" : "; ").append('`').append(code.getKey()).append("`: ").append(code.getValue());
            }
        }
        if (response == null) {
            response = new JsonObject().put("description", answer.summary() + " (gateway). " + gateway + ".");
            responses.put(status, response);
        } else if (gateway.length() > 0) {
            response.put("description", response.getString("description", "") + " Gateway: " + gateway + ".");
        }
        JsonObject content = response.getJsonObject("content");
        if (content == null) {
            content = new JsonObject();
            response.put("content", content);
        }
        JsonObject media = content.getJsonObject(Problem.MEDIA_TYPE);
        if (media == null) {
            media = new JsonObject().put("schema", new JsonObject().put("$ref", "#/components/schemas/" + PROBLEM));
            content.put(Problem.MEDIA_TYPE, media);
        }
        JsonObject examples = media.getJsonObject("examples");
        if (examples == null) {
            examples = new JsonObject();
            media.put("examples", examples);
        }
        for (String code : answer.codes().keySet()) {
            if (!examples.containsKey(code)) {
                Problem p = Problem.of(answer.status(), code, null, null);
                examples.put(code, new JsonObject().put("summary", code).put("value", new JsonObject()
                        .put("type", p.type()).put("title", p.title()).put("status", p.status()).put("code", p.code())));
            }
        }
        if (answer.header() != null) {
            JsonObject headers = response.getJsonObject("headers");
            if (headers == null) {
                headers = new JsonObject();
                response.put("headers", headers);
            }
            if (!headers.containsKey(answer.header()[0])) {
                headers.put(answer.header()[0], new JsonObject().put("description", answer.header()[1])
                        .put("schema", new JsonObject().put("type", answer.header()[2])));
            }
        }
    }

    private static void putBare(JsonObject responses, String status, String description) {
        if (!responses.containsKey(status)) {
            responses.put(status, new JsonObject().put("description", description));
        }
    }

    private static Map<String, String> codes(String... codeAndWhen) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < codeAndWhen.length; i += 2) {
            out.put(codeAndWhen[i], codeAndWhen[i + 1]);
        }
        return out;
    }

    private static boolean hasPathParameter(JsonObject node) {
        JsonArray params = node.getJsonArray("parameters");
        if (params == null) {
            return false;
        }
        for (Object p : params) {
            if (p instanceof JsonObject param && "path".equals(param.getString("in"))) {
                return true;
            }
        }
        return false;
    }

    /** Responses ordered by status, "default" last. */
    private static JsonObject byStatus(JsonObject responses) {
        Map<String, Object> sorted = new TreeMap<>((a, b) -> {
            boolean da = a.equals("default");
            boolean db = b.equals("default");
            return da == db ? a.compareTo(b) : da ? 1 : -1;
        });
        sorted.putAll(responses.getMap());
        JsonObject out = new JsonObject();
        sorted.forEach(out::put);
        return out;
    }
}
