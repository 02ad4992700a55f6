package cn.fjquality.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The public operations as the gateway's merged OpenAPI lists them. */
final class Operations {
    record Param(String name, String in, boolean required, String type, JsonNode example) {
        boolean isNumeric() {
            return type.equals("integer") || type.equals("number");
        }
    }

    /** One operation; {@code bodyTypes} are the request body's media types (empty: no body). */
    record Operation(String method, String path, List<Param> params, List<String> bodyTypes, JsonNode bodySchema) {
        String key() {
            return method + " " + path;
        }

        boolean hasQueryParam(String name) {
            return params.stream().anyMatch(p -> p.in().equals("query") && p.name().equals(name));
        }
    }

    private Operations() {
    }

    static List<Operation> parse(String openapi, ObjectMapper mapper) throws Exception {
        JsonNode root = mapper.readTree(openapi);
        List<Operation> ops = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> paths = root.path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            List<Param> shared = params(path.getValue().path("parameters"));
            Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields();
            while (methods.hasNext()) {
                Map.Entry<String, JsonNode> m = methods.next();
                String method = m.getKey().toUpperCase();
                if (!List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD").contains(method)) {
                    continue;
                }
                List<Param> ps = new ArrayList<>(shared);
                ps.addAll(params(m.getValue().path("parameters")));
                List<String> types = new ArrayList<>();
                JsonNode content = m.getValue().path("requestBody").path("content");
                content.fieldNames().forEachRemaining(types::add);
                JsonNode schema = types.isEmpty() ? null : content.path(types.get(0)).path("schema");
                ops.add(new Operation(method, path.getKey(), ps, types, schema));
            }
        }
        return ops;
    }

    private static List<Param> params(JsonNode array) {
        List<Param> ps = new ArrayList<>();
        for (JsonNode p : array) {
            ps.add(new Param(p.path("name").asText(), p.path("in").asText(), p.path("required").asBoolean(),
                    p.path("schema").path("type").asText("string"), p.has("example") ? p.get("example") : p.path("schema").get("example")));
        }
        return ps;
    }
}
