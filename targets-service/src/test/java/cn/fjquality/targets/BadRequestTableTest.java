package cn.fjquality.targets;

import cn.fjquality.testsupport.ProblemAssertions;
import cn.fjquality.testsupport.ProblemAssertions.HttpCall;
import cn.fjquality.testsupport.TestCallers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Bad input of every kind gets a 4xx problem+json with a stable code, never a 5xx, and stores nothing. */
@QuarkusTest
class BadRequestTableTest {
    static final String EXISTING = "OL25-FOOD-SAMPLING-PASS-RATE";
    static final String VALID = """
            {"code":"BAD-%s","planCode":"FJ-OUTLINE-2025","section":"一","nameZh":"测试","nameEn":"Test","kind":"RATE",
             "comparator":"GE","targetValue":90,"unit":"%%","deadlineYear":2025,"direction":"INCREASE","aggregation":"RATIO",
             "leadUnits":["FJ-AMR"]}""";
    static final String UPDATE = """
            {"planCode":"FJ-OUTLINE-2025","section":"二、(一)1","nameZh":"食品抽检合格率","nameEn":"Food safety sampling inspection pass rate",
             "kind":"RATE","comparator":"GE","targetValue":98.5,"unit":"%","deadlineYear":2025,"direction":"INCREASE",
             "aggregation":"RATIO","leadUnits":["FJ-AMR"]}""";

    @BeforeAll
    static void unitsKnown() {
        UnitEventsFixture.ensureActive(TargetFixtures.LEAD);
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                post("malformed JSON", "{\"code\":", "application/json", 400, "MALFORMED_JSON"),
                post("unknown field", VALID.formatted("A").replace("}", ",\"colour\":\"red\"}"), "application/json", 400, "UNKNOWN_FIELD"),
                post("unknown kind", VALID.formatted("B").replace("\"RATE\"", "\"PERCENT\""), "application/json", 400, "WRONG_TYPE"),
                post("value that is not a number", VALID.formatted("C").replace("\"targetValue\":90", "\"targetValue\":\"ninety\""), "application/json", 400, "WRONG_TYPE"),
                post("lead units not a list", VALID.formatted("D").replace("[\"FJ-AMR\"]", "\"FJ-AMR\""), "application/json", 400, "WRONG_TYPE"),
                post("JSON null body", "null", "application/json", 400, "VALIDATION_FAILED"),
                post("empty body", "", "application/json", 400, "VALIDATION_FAILED"),
                post("lowercase code", VALID.formatted("e"), "application/json", 400, "VALIDATION_FAILED"),
                post("code without a dash", VALID.replace("BAD-%s", "NODASH"), "application/json", 400, "VALIDATION_FAILED"),
                post("code too long", VALID.formatted("X".repeat(60)), "application/json", 400, "VALIDATION_FAILED"),
                post("missing kind", VALID.formatted("F").replace("\"kind\":\"RATE\",", ""), "application/json", 400, "VALIDATION_FAILED"),
                post("too many decimals", VALID.formatted("G").replace("\"targetValue\":90", "\"targetValue\":90.12345678"), "application/json", 400, "VALIDATION_FAILED"),
                post("lowercase unit code", VALID.formatted("H").replace("[\"FJ-AMR\"]", "[\"fj-amr\"]"), "application/json", 400, "VALIDATION_FAILED"),
                post("baseline without year", VALID.formatted("I").replace("}", ",\"baseline\":{\"value\":3}}"), "application/json", 400, "VALIDATION_FAILED"),
                post("plain text body", "code=BAD-J", "text/plain", 415, "UNSUPPORTED_MEDIA_TYPE"),
                post("oversized body", VALID.formatted("K").replace("\"测试\"", "\"" + "长".repeat(700_000) + "\""), "application/json", 413, "PAYLOAD_TOO_LARGE"),
                post("rate above 100", VALID.formatted("L").replace("\"targetValue\":90", "\"targetValue\":100.5"), "application/json", 422, "TARGET_VALUE_OUT_OF_BOUNDS"),
                post("deadline after the plan", VALID.formatted("M").replace("\"deadlineYear\":2025", "\"deadlineYear\":2027"), "application/json", 422, "DEADLINE_OUTSIDE_PLAN"),
                post("unknown plan", VALID.formatted("N").replace("FJ-OUTLINE-2025", "FJ-NOPE"), "application/json", 422, "UNKNOWN_PLAN"),
                post("duplicate code", VALID.replace("BAD-%s", EXISTING), "application/json", 409, "TARGET_CODE_TAKEN"),
                get("unknown route", "/api/v1/targetz", 404, "NOT_FOUND"),
                get("unknown target", "/api/v1/targets/NOPE-" + System.nanoTime(), 404, "TARGET_NOT_FOUND"),
                get("unknown plan", "/api/v1/plans/NOPE-" + System.nanoTime(), 404, "PLAN_NOT_FOUND"),
                get("negative page", "/api/v1/targets?page=-1", 400, "VALIDATION_FAILED"),
                get("page size too big", "/api/v1/targets?size=501", 400, "VALIDATION_FAILED"),
                get("page that is not a number", "/api/v1/targets?page=two", 400, null),
                get("unknown kind filter", "/api/v1/targets?kind=GALAXY", 400, "INVALID_QUERY_PARAMETER"),
                get("includeRetired not a boolean", "/api/v1/targets?includeRetired=maybe", 400, "INVALID_QUERY_PARAMETER"),
                Arguments.of("method not allowed", (HttpCall) () -> admin().delete("/api/v1/targets/" + EXISTING), 405, "METHOD_NOT_ALLOWED"),
                Arguments.of("bad If-Match", (HttpCall) () -> admin().header("If-Match", "\"three\"").contentType("application/json")
                        .body(UPDATE).put("/api/v1/targets/" + EXISTING), 400, "INVALID_IF_MATCH"),
                Arguments.of("stale If-Match", (HttpCall) () -> admin().header("If-Match", "\"99\"").contentType("application/json")
                        .body(UPDATE.replace("98.5", "99")).put("/api/v1/targets/" + EXISTING), 412, "REVISION_MISMATCH"),
                Arguments.of("PUT with a code field", (HttpCall) () -> admin().contentType("application/json")
                        .body(UPDATE.replace("{", "{\"code\":\"" + EXISTING + "\",")).put("/api/v1/targets/" + EXISTING), 400, "UNKNOWN_FIELD"),
                Arguments.of("retire with malformed body", (HttpCall) () -> admin().contentType("application/json").body("{\"reason\":")
                        .post("/api/v1/targets/" + EXISTING + "/retire"), 400, "MALFORMED_JSON"),
                Arguments.of("no credential", (HttpCall) () -> given().get("/api/v1/targets"), 401, "UNAUTHENTICATED"),
                Arguments.of("forged token", (HttpCall) () -> given().header("Authorization", TestCallers.forged()).get("/api/v1/plans"), 401, "UNAUTHENTICATED"),
                Arguments.of("garbage token", (HttpCall) () -> given().header("Authorization", "Bearer not.a.jwt").get("/api/v1/targets"), 401, "UNAUTHENTICATED"),
                Arguments.of("forged admin writes", (HttpCall) () -> given().header("Authorization", TestCallers.forged())
                        .contentType("application/json").body(UPDATE.replace("98.5", "99")).put("/api/v1/targets/" + EXISTING), 401, "UNAUTHENTICATED"),
                Arguments.of("analyst writes", (HttpCall) () -> given().header("Authorization", TestCallers.analyst())
                        .contentType("application/json").body(UPDATE.replace("98.5", "99")).put("/api/v1/targets/" + EXISTING), 403, "FORBIDDEN"),
                Arguments.of("reporter retires", (HttpCall) () -> given().header("Authorization", TestCallers.reporter("FJ-AMR"))
                        .post("/api/v1/targets/" + EXISTING + "/retire"), 403, "FORBIDDEN"));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("badRequests")
    void answersProblemJson(String name, HttpCall request, int status, String code) {
        int targetsBefore = totalTargets();
        int revisionBefore = revisionOfExisting();
        Response response = request.send();
        ProblemAssertions.assertProblem(name, response, status, code);
        assertThat(totalTargets()).as(name + ": a rejected request stores nothing").isEqualTo(targetsBefore);
        assertThat(revisionOfExisting()).as(name + ": a rejected request revises nothing").isEqualTo(revisionBefore);
    }

    private static RequestSpecification admin() {
        return given().header("Authorization", TestCallers.admin());
    }

    private static Arguments post(String name, String body, String contentType, int status, String code) {
        return Arguments.of(name, (HttpCall) () -> admin().contentType(contentType + "; charset=UTF-8")
                .body(body.getBytes(StandardCharsets.UTF_8)).post("/api/v1/targets"), status, code);
    }

    private static Arguments get(String name, String path, int status, String code) {
        return Arguments.of(name, (HttpCall) () -> admin().urlEncodingEnabled(false).get(path), status, code);
    }

    private static int totalTargets() {
        return given().header("Authorization", TestCallers.admin()).get("/api/v1/targets?size=1&includeRetired=true")
                .then().statusCode(200).extract().path("total");
    }

    private static int revisionOfExisting() {
        return given().header("Authorization", TestCallers.admin()).get("/api/v1/targets/" + EXISTING)
                .then().statusCode(200).extract().path("revision");
    }
}
