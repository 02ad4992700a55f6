package cn.fjquality.gateway.docs;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges the services' OpenAPI documents into the one the gateway publishes: only /api/v1 paths,
 * components merged (a clashing schema of a later service is renamed {@code <service>_<Name>} and its
 * references rewritten), the services' own caller-token scheme replaced by the gateway's API-key schemes
 * as the global requirement, and the services that could not be read listed in x-missing-services.
 */
public final class OpenApiMerger {
    public static final String BEARER_SCHEME = "apiKeyBearer";
    public static final String HEADER_SCHEME = "apiKeyHeader";
    private static final String PUBLIC_PREFIX = "/api/v1/";

    private OpenApiMerger() {
    }

    /** @param documents service id to its document, in order; missing services are not in the map */
    public static JsonObject merge(Map<String, JsonObject> documents, List<String> missing) {
        JsonObject paths = new JsonObject();
        JsonObject components = new JsonObject();
        Map<String, JsonObject> tags = new LinkedHashMap<>();
        String version = "3.1.0";
        for (Map.Entry<String, JsonObject> entry : documents.entrySet()) {
            String service = entry.getKey();
            JsonObject doc = entry.getValue().copy();
            version = doc.getString("openapi", version);
            JsonObject serviceComponents = doc.getJsonObject("components", new JsonObject());
            serviceComponents.remove("securitySchemes");
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
                serviceComponents = doc.getJsonObject("components", new JsonObject());
                serviceComponents.remove("securitySchemes");
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
        components.put("securitySchemes", new JsonObject()
                .put(BEARER_SCHEME, new JsonObject().put("type", "http").put("scheme", "bearer")
                        .put("description", "An API key (fjq_<keyId>_<secret>) sent as 'Authorization: Bearer <key>'"))
                .put(HEADER_SCHEME, new JsonObject().put("type", "apiKey").put("in", "header").put("name", "X-API-Key")
                        .put("description", "The same API key sent as 'X-API-Key: <key>'")));
        return new JsonObject()
                .put("openapi", version)
                .put("info", new JsonObject()
                        .put("title", "Fujian quality-strong-province targets API")
                        .put("version", "1.0")
                        .put("description", "All services behind the gateway. Every call needs an API key."))
                .put("tags", new JsonArray(new ArrayList<>(tags.values())))
                .put("security", new JsonArray()
                        .add(new JsonObject().put(BEARER_SCHEME, new JsonArray()))
                        .add(new JsonObject().put(HEADER_SCHEME, new JsonArray())))
                .put("paths", sorted(paths))
                .put("components", components)
                .put("x-missing-services", new JsonArray(new ArrayList<>(missing)));
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
}
