package cn.fjquality.gateway.docs;

import cn.fjquality.problem.Problem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Merges the services' OpenAPI documents into the one the gateway publishes (docs/gateway.md, "OpenAPI and docs"):
 * <ul>
 *   <li>only /api/v1 paths (the services' /internal paths are not routed), sorted;</li>
 *   <li>components merged: a clashing component of a later service is renamed {@code <service>_<Name>} and its
 *   references rewritten; components that no kept path reaches (those only /internal paths used) are dropped;</li>
 *   <li>the services' own caller-token scheme replaced by the gateway's API-key schemes as the global requirement;</li>
 *   <li>the gateway's own answers added to every operation where they can occur (400 {@code BAD_REQUEST}/{@code
 *   BAD_PATH}, 401, 403 {@code FORBIDDEN}, 413, 414, 429, 431, 502, 504), as problem+json with the {@code Problem}
 *   schema and one example per code (414 and 431 come from the HTTP layer without a body);</li>
 *   <li>{@code info} with a description and a license; the services that could not be read listed in
 *   x-missing-services.</li>
 * </ul>
 * {@code servers} is not set here: it depends on the request or on {@code gateway.public-url} ({@link #withServer}).
 */
public final class OpenApiMerger {
    public static final String BEARER_SCHEME = "apiKeyBearer";
    public static final String HEADER_SCHEME = "apiKeyHeader";
    static final String PROBLEM = "Problem";
    static final String FIELD_ERROR = "ProblemFieldError";
    private static final String PUBLIC_PREFIX = "/api/v1/";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    /** The kinds of component a $ref can point to. */
    private static final Pattern REF = Pattern.compile("^#/components/([^/]+)/([^/]+)$");

    /** What the document says beyond the services' documents. */
    public record Settings(String licenseName, Optional<String> licenseIdentifier, Optional<String> licenseUrl,
                           Function<String, Long> bodyLimitOfPath) {
        public static final Settings DEFAULT = new Settings("Internal use by the units reporting to the Fujian quality-strong-province "
                + "platform; no public licence", Optional.of("LicenseRef-FJQ-Internal-Use"), Optional.empty(), path -> null);
    }


    private OpenApiMerger() {
    }

    /** @param documents service id to its document, in order; missing services are not in the map */
    public static JsonObject merge(Map<String, JsonObject> documents, List<String> missing) {
        return merge(documents, missing, Settings.DEFAULT);
    }

    public static JsonObject merge(Map<String, JsonObject> documents, List<String> missing, Settings settings) {
        JsonObject paths = new JsonObject();
        JsonObject components = new JsonObject();
        Map<String, JsonObject> tags = new LinkedHashMap<>();
        String version = "3.1.0";
        for (Map.Entry<String, JsonObject> entry : documents.entrySet()) {
            String service = entry.getKey();
            JsonObject doc = entry.getValue().copy();
            version = doc.getString("openapi", version);
            // Only what the public paths reach is compared and merged: a component only /internal paths use is neither
            // published nor renamed because of a clash.
            doc.put("components", reachable(doc, doc.getJsonObject("components", new JsonObject())));
            JsonObject serviceComponents = doc.getJsonObject("components");
            Map<String, String> renames = new LinkedHashMap<>();
            for (String kind : serviceComponents.fieldNames()) {
                JsonObject theirs = serviceComponents.getJsonObject(kind);
                JsonObject ours = components.getJsonObject(kind);
                if (ours == null) {
                    continue;
                }
                for (String name : theirs.fieldNames()) {
                    Object existing = ours.getValue(name);
                    if (existing != null && !existing.equals(theirs.getValue(name))) {
                        renames.put("#/components/" + kind + "/" + name, "#/components/" + kind + "/" + service + "_" + name);
                    }
                }
            }
            if (!renames.isEmpty()) {
                doc = (JsonObject) rewriteRefs(doc, renames);
                serviceComponents = doc.getJsonObject("components");
                for (String ref : renames.keySet()) {
                    String[] parts = ref.split("/");
                    String kind = parts[2];
                    String name = parts[3];
                    JsonObject kindObject = serviceComponents.getJsonObject(kind);
                    kindObject.put(service + "_" + name, kindObject.remove(name));
                }
            }
            for (String kind : serviceComponents.fieldNames()) {
                JsonObject target = components.getJsonObject(kind);
                if (target == null) {
                    target = new JsonObject();
                    components.put(kind, target);
                }
                JsonObject source = serviceComponents.getJsonObject(kind);
                for (String name : source.fieldNames()) {
                    if (!target.containsKey(name)) {
                        target.put(name, source.getValue(name));
                    }
                }
            }
            JsonObject servicePaths = doc.getJsonObject("paths", new JsonObject());
            for (String path : servicePaths.fieldNames()) {
                if (!path.startsWith(PUBLIC_PREFIX)) {
                    continue;
                }
                JsonObject item = servicePaths.getJsonObject(path).copy();
                for (String method : item.fieldNames()) {
                    if (item.getValue(method) instanceof JsonObject operation) {
                        operation.remove("security");
                    }
                }
                paths.put(path, item);
            }
            JsonArray serviceTags = doc.getJsonArray("tags", new JsonArray());
            for (int i = 0; i < serviceTags.size(); i++) {
                JsonObject tag = serviceTags.getJsonObject(i);
                tags.putIfAbsent(tag.getString("name"), tag);
            }
        }
        JsonObject schemas = components.getJsonObject("schemas");
        if (schemas == null) {
            schemas = new JsonObject();
            components.put("schemas", schemas);
        }
        if (!schemas.containsKey(PROBLEM)) {
            // The services declare it (problem-json's Problem, identical in each); a document without it gets the same.
            schemas.put(PROBLEM, problemSchema());
            schemas.put(FIELD_ERROR, fieldErrorSchema());
        }
        Set<String> usedTags = new LinkedHashSet<>();
        for (String path : paths.fieldNames()) {
            JsonObject item = paths.getJsonObject(path);
            for (String method : item.fieldNames()) {
                if (METHODS.contains(method) && item.getValue(method) instanceof JsonObject operation) {
                    GatewayAnswers.add(path, method, item, operation, settings);
                    operation.getJsonArray("tags", new JsonArray()).forEach(t -> usedTags.add(String.valueOf(t)));
                }
            }
        }
        // a tag only /internal operations carry (e.g. "Internal") is not published either
        tags.keySet().retainAll(usedTags);
        components.put("securitySchemes", new JsonObject()
                .put(BEARER_SCHEME, new JsonObject().put("type", "http").put("scheme", "bearer")
                        .put("description", "An API key (fjq_<keyId>_<secret>) sent as 'Authorization: Bearer <key>'"))
                .put(HEADER_SCHEME, new JsonObject().put("type", "apiKey").put("in", "header").put("name", "X-API-Key")
                        .put("description", "The same API key sent as 'X-API-Key: <key>'")));
        JsonObject license = new JsonObject().put("name", settings.licenseName());
        // OpenAPI 3.1: an SPDX identifier or a URL, not both
        settings.licenseUrl().ifPresentOrElse(url -> license.put("url", url),
                () -> settings.licenseIdentifier().ifPresent(id -> license.put("identifier", id)));
        return new JsonObject()
                .put("openapi", version)
                .put("info", new JsonObject()
                        .put("title", "Fujian quality-strong-province targets API")
                        .put("version", "1.0")
                        .put("description", DESCRIPTION)
                        .put("license", license))
                .put("tags", new JsonArray(new ArrayList<>(tags.values())))
                .put("security", new JsonArray()
                        .add(new JsonObject().put(BEARER_SCHEME, new JsonArray()))
                        .add(new JsonObject().put(HEADER_SCHEME, new JsonArray())))
                .put("paths", sorted(paths))
                .put("components", components)
                .put("x-missing-services", new JsonArray(new ArrayList<>(missing)));
    }

    static final String DESCRIPTION = """
            福建省质量强省指标跟踪平台的公共接口：单位与 API 密钥、规划与指标、数据报送与导入、进度与城市比较。\
            All public operations of the Fujian quality-strong-province target tracking platform (units and API keys, \
            plans and targets, measurements and imports, progress and the city comparison), served by one gateway.

            **Authentication.** Every operation needs an API key (`fjq_<keyId>_<secret>`), sent as \
            `Authorization: Bearer <key>` or `X-API-Key: <key>`. An administrator mints a unit's REPORTER key \
            (`POST /api/v1/units/{code}/api-keys`); its secret is shown in that answer only.

            **Errors** are `application/problem+json` (RFC 9457) with a stable `code` (listed per response); `detail` is \
            for people. Besides the services' own answers, the gateway may answer 400 `BAD_PATH`/`BAD_REQUEST`, \
            401 `UNAUTHENTICATED`/`INVALID_API_KEY`, 403 `FORBIDDEN`, 413 `PAYLOAD_TOO_LARGE`, 429 \
            `RATE_LIMITED`/`TOO_MANY_FAILED_AUTHENTICATIONS` (with `Retry-After`), 502 `UPSTREAM_UNAVAILABLE` and 504 \
            `UPSTREAM_TIMEOUT`; 414 and 431 (request line or headers too long) come without a body.

            **Retries.** Send an `Idempotency-Key` with every submission; on 502, 503, 504 or a lost connection send the \
            same request again with the same key: the repeat returns the first answer (`Idempotent-Replayed: true`) and \
            stores nothing twice.""";


    /**
     * The components the document's public paths reach, directly or through other components (securitySchemes are the
     * services' own and always dropped).
     */
    static JsonObject reachable(JsonObject doc, JsonObject components) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<Object> work = new ArrayDeque<>();
        JsonObject paths = doc.getJsonObject("paths", new JsonObject());
        for (String path : paths.fieldNames()) {
            if (path.startsWith(PUBLIC_PREFIX)) {
                work.add(paths.getValue(path));
            }
        }
        while (!work.isEmpty()) {
            Object node = work.pop();
            if (node instanceof JsonObject object) {
                for (String field : object.fieldNames()) {
                    Object value = object.getValue(field);
                    if ("$ref".equals(field) && value instanceof String ref) {
                        Matcher m = REF.matcher(ref);
                        if (m.matches() && seen.add(ref)) {
                            JsonObject kind = components.getJsonObject(m.group(1));
                            if (kind != null && kind.containsKey(m.group(2))) {
                                work.add(kind.getValue(m.group(2)));
                            }
                        }
                    } else if (value instanceof JsonObject || value instanceof JsonArray) {
                        work.add(value);
                    }
                }
            } else if (node instanceof JsonArray array) {
                // (an enumeration may hold null: ArrayDeque takes no nulls, and only objects and arrays hold $refs)
                array.forEach(v -> {
                    if (v instanceof JsonObject || v instanceof JsonArray) {
                        work.add(v);
                    }
                });
            }
        }
        JsonObject out = new JsonObject();
        for (String kind : components.fieldNames()) {
            if (kind.equals("securitySchemes") || !(components.getValue(kind) instanceof JsonObject all)) {
                continue;
            }
            JsonObject kept = new JsonObject();
            for (String name : all.fieldNames()) {
                if (seen.contains("#/components/" + kind + "/" + name)) {
                    kept.put(name, all.getValue(name));
                }
            }
            if (!kept.isEmpty()) {
                out.put(kind, kept);
            }
        }
        return out;
    }

    /**
     * The document with {@code servers} naming one URL (right after {@code info}, where readers look for it).
     *
     * @param url the gateway's public URL, e.g. https://api.example.cn (no trailing slash)
     */
    public static JsonObject withServer(JsonObject merged, String url) {
        JsonObject out = new JsonObject();
        for (String field : merged.fieldNames()) {
            if (field.equals("servers")) {
                continue;
            }
            out.put(field, merged.getValue(field));
            if (field.equals("info")) {
                out.put("servers", new JsonArray().add(new JsonObject().put("url", url)
                        .put("description", "The gateway (every public operation goes through it)")));
            }
        }
        return out;
    }

    private static JsonObject sorted(JsonObject paths) {
        JsonObject out = new JsonObject();
        paths.fieldNames().stream().sorted().forEach(p -> out.put(p, paths.getValue(p)));
        return out;
    }

    private static Object rewriteRefs(Object node, Map<String, String> renames) {
        if (node instanceof JsonObject object) {
            JsonObject out = new JsonObject();
            for (String field : object.fieldNames()) {
                Object value = object.getValue(field);
                if ("$ref".equals(field) && value instanceof String ref && renames.containsKey(ref)) {
                    out.put(field, renames.get(ref));
                } else {
                    out.put(field, rewriteRefs(value, renames));
                }
            }
            return out;
        }
        if (node instanceof JsonArray array) {
            JsonArray out = new JsonArray();
            array.forEach(v -> out.add(rewriteRefs(v, renames)));
            return out;
        }
        return node;
    }

    /** problem-json's Problem (RFC 9457), as the services' OpenApiContract declares it. */
    static JsonObject problemSchema() {
        return new JsonObject()
                .put("type", "object")
                .put("description", "An error (RFC 9457 problem details). `code` is the stable, machine-readable error code clients "
                        + "switch on; `detail` is for people and may change. 错误（RFC 9457）：code 为稳定的错误码，detail 供人阅读。")
                .put("required", new JsonArray().add("type").add("title").add("status").add("code"))
                .put("properties", new JsonObject()
                        .put("type", new JsonObject().put("type", "string").put("format", "uri")
                                .put("description", "urn:fjq:problem: followed by the code in lower case with '-'"))
                        .put("title", new JsonObject().put("type", "string").put("description", "The HTTP status' reason phrase"))
                        .put("status", new JsonObject().put("type", "integer").put("format", "int32").put("description", "The HTTP status"))
                        .put("detail", new JsonObject().put("type", "string").put("description", "What went wrong, for people; may change"))
                        .put("instance", new JsonObject().put("type", "string").put("description", "The path of the request"))
                        .put("code", new JsonObject().put("type", "string")
                                .put("description", "The stable error code (listed per response of every operation)"))
                        .put("errors", new JsonObject().put("type", "array").put("description", "One entry per offending field (or row of a file)")
                                .put("items", new JsonObject().put("$ref", "#/components/schemas/" + FIELD_ERROR))));
    }

    static JsonObject fieldErrorSchema() {
        return new JsonObject()
                .put("type", "object")
                .put("description", "One offending field of the request, or a row of an imported file")
                .put("required", new JsonArray().add("code"))
                .put("properties", new JsonObject()
                        .put("row", new JsonObject().put("type", "integer").put("format", "int32").put("description", "1-based data row of an imported file"))
                        .put("field", new JsonObject().put("type", "string").put("description", "The field, query parameter or column"))
                        .put("code", new JsonObject().put("type", "string").put("description", "Why"))
                        .put("message", new JsonObject().put("type", "string").put("description", "For people")));
    }
}
