package cn.fjquality.gateway.docs;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The merger on its own, with small service documents built here. */
class OpenApiMergerTest {

    private static JsonObject ref(String kind, String name) {
        return new JsonObject().put("$ref", "#/components/" + kind + "/" + name);
    }

    private static JsonObject json(JsonObject schema) {
        return new JsonObject().put("application/json", new JsonObject().put("schema", schema));
    }

    private static JsonObject ok(JsonObject schema) {
        return new JsonObject().put("200", new JsonObject().put("description", "OK").put("content", json(schema)));
    }

    private static JsonObject object(String property, JsonObject schema) {
        return new JsonObject().put("type", "object").put("properties", new JsonObject().put(property, schema));
    }

    private static JsonObject pathParam(String name) {
        return new JsonObject().put("name", name).put("in", "path").put("required", true).put("schema", new JsonObject().put("type", "string"));
    }

    /** units: a public list and item, an internal verify endpoint with schemas of its own, one used transitively. */
    private static JsonObject units() {
        JsonObject problem = OpenApiMerger.problemSchema();
        return new JsonObject()
                .put("openapi", "3.1.0")
                .put("tags", new JsonArray().add(new JsonObject().put("name", "Units")).add(new JsonObject().put("name", "Internal")))
                .put("paths", new JsonObject()
                        .put("/api/v1/units", new JsonObject()
                                .put("get", new JsonObject().put("operationId", "listUnits").put("tags", new JsonArray().add("Units"))
                                        .put("security", new JsonArray().add(new JsonObject().put("callerToken", new JsonArray())))
                                        .put("responses", ok(ref("schemas", "UnitPage"))))
                                .put("post", new JsonObject().put("operationId", "registerUnit")
                                        .put("requestBody", new JsonObject().put("content", json(ref("schemas", "NewUnit"))))
                                        .put("responses", new JsonObject()
                                                .put("201", new JsonObject().put("description", "Created").put("content", json(ref("schemas", "Unit"))))
                                                .put("400", new JsonObject().put("description", "Invalid: `VALIDATION_FAILED`, `BAD_REQUEST`")
                                                        .put("content", new JsonObject().put("application/problem+json", new JsonObject()
                                                                .put("schema", ref("schemas", "Problem"))
                                                                .put("examples", new JsonObject().put("VALIDATION_FAILED", new JsonObject()
                                                                        .put("value", new JsonObject().put("code", "VALIDATION_FAILED"))))))))))
                        .put("/api/v1/units/{code}", new JsonObject()
                                .put("parameters", new JsonArray().add(pathParam("code")))
                                .put("get", new JsonObject().put("operationId", "getUnit").put("responses", ok(ref("schemas", "Unit")))))
                        .put("/api/v1/api-keys", new JsonObject()
                                .put("get", new JsonObject().put("operationId", "listKeys").put("responses", ok(ref("schemas", "KeyPage")))))
                        .put("/internal/v1/api-keys/verify", new JsonObject()
                                .put("post", new JsonObject().put("operationId", "verify").put("tags", new JsonArray().add("Internal"))
                                        .put("requestBody", new JsonObject().put("content", json(ref("schemas", "VerifyRequest"))))
                                        .put("responses", ok(ref("schemas", "VerifyAnswer"))))))
                .put("components", new JsonObject()
                        .put("schemas", new JsonObject()
                                .put("UnitPage", object("items", new JsonObject().put("type", "array").put("items", ref("schemas", "Unit"))))
                                .put("Unit", object("code", new JsonObject().put("type", new JsonArray().add("string").add("null"))
                                        .put("enum", new JsonArray().add("A").addNull()).putNull("example")))
                                .put("NewUnit", object("code", new JsonObject().put("type", "string")))
                                .put("KeyPage", object("total", new JsonObject().put("type", "integer")))
                                .put("VerifyRequest", object("key", new JsonObject().put("type", "string")))
                                .put("VerifyAnswer", object("caller", ref("schemas", "InternalCaller")))
                                .put("InternalCaller", object("role", new JsonObject().put("type", "string")))
                                .put("Problem", problem)
                                .put("ProblemFieldError", OpenApiMerger.fieldErrorSchema()))
                        .put("securitySchemes", new JsonObject().put("callerToken", new JsonObject().put("type", "http").put("scheme", "bearer"))));
    }

    /** reports: a Unit of its own (different), the same Problem, a page that refers to its Unit. */
    private static JsonObject reports() {
        return new JsonObject()
                .put("openapi", "3.1.0")
                .put("tags", new JsonArray().add(new JsonObject().put("name", "Measurements")).add(new JsonObject().put("name", "Units")))
                .put("paths", new JsonObject()
                        .put("/api/v1/measurements", new JsonObject()
                                .put("get", new JsonObject().put("operationId", "listMeasurements").put("tags", new JsonArray().add("Measurements")).put("responses", ok(ref("schemas", "MeasurementPage"))))))
                .put("components", new JsonObject()
                        .put("schemas", new JsonObject()
                                .put("MeasurementPage", object("unit", ref("schemas", "Unit")))
                                .put("Unit", object("unitCode", new JsonObject().put("type", "string")))
                                .put("Problem", OpenApiMerger.problemSchema())
                                .put("ProblemFieldError", OpenApiMerger.fieldErrorSchema())));
    }

    private static JsonObject merged() {
        Map<String, JsonObject> docs = new LinkedHashMap<>();
        docs.put("units", units());
        docs.put("reports", reports());
        return OpenApiMerger.merge(docs, List.of("targets"), new OpenApiMerger.Settings("Test licence", Optional.of("LicenseRef-Test"),
                Optional.empty(), path -> path.startsWith("/api/v1/imports") ? 64L << 20 : 1L << 20));
    }

    private static JsonObject operation(JsonObject doc, String path, String method) {
        return doc.getJsonObject("paths").getJsonObject(path).getJsonObject(method);
    }

    private static JsonObject response(JsonObject doc, String path, String method, String status) {
        return operation(doc, path, method).getJsonObject("responses").getJsonObject(status);
    }

    private static List<String> exampleCodes(JsonObject response) {
        return new ArrayList<>(response.getJsonObject("content").getJsonObject("application/problem+json")
                .getJsonObject("examples").fieldNames());
    }

    @Test
    void onlyPublicPathsAndWhatTheyReach() {
        JsonObject doc = merged();
        assertEquals(List.of("/api/v1/api-keys", "/api/v1/measurements", "/api/v1/units", "/api/v1/units/{code}"),
                new ArrayList<>(doc.getJsonObject("paths").fieldNames()), "sorted, /internal dropped");
        JsonObject schemas = doc.getJsonObject("components").getJsonObject("schemas");
        assertFalse(schemas.containsKey("VerifyRequest"), "used by an /internal path only");
        assertFalse(schemas.containsKey("VerifyAnswer"));
        assertFalse(schemas.containsKey("InternalCaller"), "reached only through an /internal path's schema");
        assertTrue(schemas.containsKey("UnitPage"));
        assertTrue(schemas.containsKey("Unit"), "reached through UnitPage");
        assertTrue(schemas.containsKey("KeyPage"));
        assertTrue(doc.encode().indexOf("callerToken") < 0, "the services' caller-token scheme is gone everywhere");
        assertEquals(List.of("apiKeyBearer", "apiKeyHeader"), new ArrayList<>(doc.getJsonObject("components").getJsonObject("securitySchemes").fieldNames()));
        assertEquals(2, doc.getJsonArray("security").size());
        assertNull(operation(doc, "/api/v1/units", "get").getValue("security"), "the global requirement applies");
        assertEquals(List.of("Units", "Measurements"), doc.getJsonArray("tags").stream().map(t -> ((JsonObject) t).getString("name")).toList(),
                "the tags of kept operations only (Internal dropped), in the services' order");
        assertEquals(List.of("targets"), doc.getJsonArray("x-missing-services").getList());
    }

    @Test
    void aClashingSchemaIsRenamedPerServiceAndAnIdenticalOneKeptOnce() {
        JsonObject doc = merged();
        JsonObject schemas = doc.getJsonObject("components").getJsonObject("schemas");
        assertTrue(schemas.getJsonObject("Unit").getJsonObject("properties").containsKey("code"), "the first service's keeps the name");
        assertTrue(schemas.getJsonObject("reports_Unit").getJsonObject("properties").containsKey("unitCode"), "the later one renamed");
        assertEquals("#/components/schemas/reports_Unit",
                schemas.getJsonObject("MeasurementPage").getJsonObject("properties").getJsonObject("unit").getString("$ref"),
                "references inside components rewritten");
        assertEquals("#/components/schemas/Unit", schemas.getJsonObject("UnitPage").getJsonObject("properties")
                .getJsonObject("items").getJsonObject("items").getString("$ref"), "the first service's references untouched");
        assertFalse(schemas.containsKey("reports_Problem"), "an identical schema is not renamed");
        assertTrue(schemas.containsKey("Problem"));
    }

    @Test
    void everyOperationGetsTheGatewaysAnswers() {
        JsonObject doc = merged();
        for (String[] op : new String[][]{{"/api/v1/units", "get"}, {"/api/v1/units", "post"}, {"/api/v1/units/{code}", "get"},
                {"/api/v1/api-keys", "get"}, {"/api/v1/measurements", "get"}}) {
            JsonObject responses = operation(doc, op[0], op[1]).getJsonObject("responses");
            String what = op[1] + " " + op[0];
            assertTrue(exampleCodes(responses.getJsonObject("400")).contains("BAD_REQUEST"), what);
            assertEquals(List.of("UNAUTHENTICATED", "INVALID_API_KEY"), exampleCodes(responses.getJsonObject("401")), what);
            assertEquals(List.of("RATE_LIMITED", "TOO_MANY_FAILED_AUTHENTICATIONS"), exampleCodes(responses.getJsonObject("429")), what);
            assertEquals("integer", responses.getJsonObject("429").getJsonObject("headers").getJsonObject("Retry-After")
                    .getJsonObject("schema").getString("type"), what);
            assertTrue(responses.getJsonObject("401").getJsonObject("headers").containsKey("WWW-Authenticate"), what);
            assertEquals(List.of("UPSTREAM_UNAVAILABLE"), exampleCodes(responses.getJsonObject("502")), what);
            assertEquals(List.of("UPSTREAM_TIMEOUT"), exampleCodes(responses.getJsonObject("504")), what);
            for (String status : List.of("400", "401", "429", "502", "504")) {
                JsonObject media = responses.getJsonObject(status).getJsonObject("content").getJsonObject("application/problem+json");
                assertEquals("#/components/schemas/Problem", media.getJsonObject("schema").getString("$ref"), what + " " + status);
                List<String> codes = exampleCodes(responses.getJsonObject(status));
                JsonObject example = media.getJsonObject("examples").getJsonObject(codes.get(codes.size() - 1)).getJsonObject("value");
                assertEquals(Integer.parseInt(status), example.getInteger("status"), what + " " + status);
                assertTrue(example.getString("type").startsWith("urn:fjq:problem:"), what);
            }
            assertNull(responses.getJsonObject("414").getValue("content"), "414 comes without a body");
            assertNull(responses.getJsonObject("431").getValue("content"), "431 comes without a body");
            List<String> statuses = new ArrayList<>(responses.fieldNames());
            List<String> ordered = new ArrayList<>(statuses);
            ordered.sort(String::compareTo);
            assertEquals(ordered, statuses, what + ": responses by status");
        }
    }

    @Test
    void answersThatCanOnlyOccurSomewhereAreOnlyThere() {
        JsonObject doc = merged();
        assertTrue(exampleCodes(response(doc, "/api/v1/units/{code}", "get", "400")).contains("BAD_PATH"), "a path parameter");
        assertFalse(exampleCodes(response(doc, "/api/v1/units", "get", "400")).contains("BAD_PATH"), "no path parameter");
        assertEquals(List.of("PAYLOAD_TOO_LARGE"), exampleCodes(response(doc, "/api/v1/units", "post", "413")), "a request body");
        assertTrue(response(doc, "/api/v1/units", "post", "413").getString("description").contains("1048576 bytes"), "the route's limit");
        assertEquals(List.of("PAYLOAD_TOO_LARGE"), exampleCodes(response(doc, "/api/v1/units", "get", "413")),
                "a body sent with a read is counted too");
        assertTrue(response(doc, "/api/v1/units", "get", "413").getString("description").contains("this operation reads none"));
        assertEquals(List.of("FORBIDDEN"), exampleCodes(response(doc, "/api/v1/units", "post", "403")), "a write: analysts are refused");
        assertEquals(List.of("FORBIDDEN"), exampleCodes(response(doc, "/api/v1/api-keys", "get", "403")), "reporters may not read keys");
        assertNull(response(doc, "/api/v1/units", "get", "403"), "every role may read units");
        assertNull(response(doc, "/api/v1/measurements", "get", "403"), "every role may read measurements");
    }

    @Test
    void aServicesOwnAnswerOfTheSameStatusIsKeptAndCompleted() {
        JsonObject doc = merged();
        JsonObject bad = response(doc, "/api/v1/units", "post", "400");
        assertTrue(bad.getString("description").startsWith("Invalid: `VALIDATION_FAILED`, `BAD_REQUEST`"), bad.getString("description"));
        assertFalse(bad.getString("description").contains("Gateway:"), "BAD_REQUEST was named already, and there is no path parameter");
        assertEquals(List.of("VALIDATION_FAILED", "BAD_REQUEST"), exampleCodes(bad), "the service's example first, then the gateway's");
        JsonObject denied = response(doc, "/api/v1/units", "get", "401");
        assertTrue(denied.getString("description").contains("`INVALID_API_KEY`"), denied.getString("description"));
    }

    @Test
    void aDocumentWithoutTheProblemSchemaGetsIt() {
        JsonObject bare = new JsonObject().put("openapi", "3.1.0").put("paths", new JsonObject()
                .put("/api/v1/plans", new JsonObject().put("get", new JsonObject().put("responses", ok(new JsonObject().put("type", "object"))))));
        JsonObject doc = OpenApiMerger.merge(Map.of("targets", bare), List.of());
        JsonObject schemas = doc.getJsonObject("components").getJsonObject("schemas");
        assertEquals(OpenApiMerger.problemSchema(), schemas.getJsonObject("Problem"));
        assertEquals(OpenApiMerger.fieldErrorSchema(), schemas.getJsonObject("ProblemFieldError"));
    }

    @Test
    void infoHasADescriptionAndALicense() {
        JsonObject info = merged().getJsonObject("info");
        assertTrue(info.getString("description").contains("Idempotency-Key"));
        assertTrue(info.getString("description").contains("RATE_LIMITED"));
        assertEquals(new JsonObject().put("name", "Test licence").put("identifier", "LicenseRef-Test"), info.getJsonObject("license"));
        JsonObject withUrl = OpenApiMerger.merge(Map.of("units", units()), List.of(), new OpenApiMerger.Settings("L", Optional.of("LicenseRef-X"),
                Optional.of("https://licence.example/terms"), p -> null)).getJsonObject("info").getJsonObject("license");
        assertEquals(new JsonObject().put("name", "L").put("url", "https://licence.example/terms"), withUrl, "a URL or an identifier, not both");
    }

    @Test
    void serversComesRightAfterInfo() {
        JsonObject doc = OpenApiMerger.withServer(merged(), "https://api.example.cn");
        assertEquals(List.of("openapi", "info", "servers", "tags", "security", "paths", "components", "x-missing-services"),
                new ArrayList<>(doc.fieldNames()));
        assertEquals("https://api.example.cn", doc.getJsonArray("servers").getJsonObject(0).getString("url"));
        JsonObject again = OpenApiMerger.withServer(doc, "http://127.0.0.1:8080");
        assertEquals(1, again.getJsonArray("servers").size(), "replaced, not added");
    }

    @Test
    void theServerIsTheRequestsOriginWhenItIsAPlainHost() {
        assertEquals("http://127.0.0.1:8080", DocsRoutes.origin("http", "127.0.0.1:8080"));
        assertEquals("https://api.fjquality.example", DocsRoutes.origin("https", "API.fjquality.example"));
        assertEquals("http://[::1]:8080", DocsRoutes.origin("http", "[::1]:8080"));
        assertEquals("http://gateway:8080", DocsRoutes.origin("http", "gateway:8080"));
        for (String odd : new String[]{null, "", "evil.example/path", "a b", "host:80:80", "host\"><script>", "user@host", "-x.example"}) {
            assertEquals(DocsRoutes.DEFAULT_SERVER, DocsRoutes.origin("http", odd), String.valueOf(odd));
        }
        assertEquals(DocsRoutes.DEFAULT_SERVER, DocsRoutes.origin("ftp", "host"));
        assertEquals("https://api.example.cn", DocsRoutes.withoutTrailingSlash(java.net.URI.create("https://api.example.cn/")));
    }
}
