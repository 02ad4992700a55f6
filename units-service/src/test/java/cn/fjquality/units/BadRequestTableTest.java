package cn.fjquality.units;

import cn.fjquality.testsupport.ProblemAssertions;
import cn.fjquality.testsupport.ProblemAssertions.HttpCall;
import cn.fjquality.testsupport.TestCallers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input of every kind gets a 4xx problem+json with a stable code, never a 5xx, and changes nothing.
 */
@QuarkusTest
class BadRequestTableTest {
    private static final String VALID = """
            {"code":"BAD-%s","nameZh":"测试","nameEn":"Test","type":"OTHER","parentCode":"FJ"}""";
    static Stream<Arguments> badRequests() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        return Stream.of(
                post("malformed JSON", "{\"code\":", "application/json", 400, "MALFORMED_JSON"),
                post("trailing garbage", VALID.formatted("A") + " }{", "application/json", 400, "MALFORMED_JSON"),
                post("unknown field", VALID.formatted("B").replace("}", ",\"colour\":\"red\"}"), "application/json", 400, "UNKNOWN_FIELD"),
                post("enum by number", VALID.formatted("C").replace("\"OTHER\"", "5"), "application/json", 400, "WRONG_TYPE"),
                post("unknown enum value", VALID.formatted("D").replace("OTHER", "GALAXY"), "application/json", 400, "WRONG_TYPE"),
                post("date that is not a date", VALID.formatted("E").replace("}", ",\"activeFrom\":\"yesterday\"}"), "application/json", 400, "WRONG_TYPE"),
                post("array for a string", VALID.formatted("F").replace("\"测试\"", "[\"测试\"]"), "application/json", 400, "WRONG_TYPE"),
                post("array for the body", "[]", "application/json", 400, "WRONG_TYPE"),
                post("JSON null body", "null", "application/json", 400, "VALIDATION_FAILED"),
                post("empty body", "", "application/json", 400, "VALIDATION_FAILED"),
                post("lowercase code", VALID.formatted("g"), "application/json", 400, "VALIDATION_FAILED"),
                post("code too long", VALID.formatted("X".repeat(40)), "application/json", 400, "VALIDATION_FAILED"),
                post("missing names", "{\"code\":\"BAD-H\",\"type\":\"OTHER\"}", "application/json", 400, "VALIDATION_FAILED"),
                post("blank name", VALID.formatted("I").replace("\"测试\"", "\"   \""), "application/json", 400, "VALIDATION_FAILED"),
                post("bad e-mail", VALID.formatted("J").replace("}", ",\"contactEmail\":\"not-mail\"}"), "application/json", 400, "VALIDATION_FAILED"),
                post("deep nesting", deep, "application/json", 400, "WRONG_TYPE"),
                post("deep nesting in a field", VALID.formatted("DN").replace("}", ",\"note\":" + deep + "}"), "application/json", 400, "WRONG_TYPE"),
                post("huge number", VALID.formatted("K").replace("}", ",\"activeFrom\":" + "9".repeat(5000) + "}"), "application/json", 400, "MALFORMED_JSON"),
                post("control characters in code", VALID.formatted("L\\u0000"), "application/json", 400, "VALIDATION_FAILED"),
                post("division code of five digits", VALID.formatted("DV5").replace("}", ",\"divisionCode\":\"35010\"}"), "application/json", 400, "VALIDATION_FAILED"),
                post("division code in full-width digits", VALID.formatted("DVW").replace("}", ",\"divisionCode\":\"３５０１０２\"}"), "application/json", 400, "VALIDATION_FAILED"),
                post("division code as an array", VALID.formatted("DVA").replace("}", ",\"divisionCode\":[\"350102\"]}"), "application/json", 400, "WRONG_TYPE"),
                post("division code on a department", VALID.formatted("DVD").replace("}", ",\"divisionCode\":\"990001\"}"), "application/json", 422, "DIVISION_CODE_NOT_APPLICABLE"),
                post("division code of a seeded county", VALID.formatted("DVT").replace("OTHER", "COUNTY").replace("}", ",\"divisionCode\":\"350102\"}"), "application/json", 409, "DIVISION_CODE_TAKEN"),
                get("division filter of five digits", "/api/v1/units?division=35010", 400, "INVALID_QUERY_PARAMETER"),
                get("division filter in letters", "/api/v1/units?division=FJ-FUZHOU", 400, "INVALID_QUERY_PARAMETER"),
                get("NUL in the division filter", "/api/v1/units?division=35010%00", 400, "INVALID_QUERY_PARAMETER"),
                post("SQL in a code", VALID.formatted("'; DROP TABLE unit; --"), "application/json", 400, "VALIDATION_FAILED"),
                post("plain text body", "code=BAD-M", "text/plain", 415, "UNSUPPORTED_MEDIA_TYPE"),
                post("oversized body", VALID.formatted("N").replace("\"测试\"", "\"" + "长".repeat(700_000) + "\""), "application/json", 413, "PAYLOAD_TOO_LARGE"),
                Arguments.of("invalid UTF-8", (HttpCall) () -> given().header("Authorization", TestCallers.admin())
                        .contentType("application/json").body(invalidUtf8()).post("/api/v1/units"), 400, "MALFORMED_JSON"),
                get("unknown route", "/api/v1/nowhere", 404, "NOT_FOUND"),
                get("unknown unit", "/api/v1/units/NOPE-" + System.nanoTime(), 404, "UNIT_NOT_FOUND"),
                get("negative page", "/api/v1/units?page=-1", 400, "VALIDATION_FAILED"),
                get("page size too big", "/api/v1/units?size=100000", 400, "VALIDATION_FAILED"),
                get("page that is not a number", "/api/v1/units?page=two", 400, null),
                get("unknown type filter", "/api/v1/units?type=GALAXY", 400, "INVALID_QUERY_PARAMETER"),
                get("active that is not a boolean", "/api/v1/units?active=maybe", 400, "INVALID_QUERY_PARAMETER"),
                // found by system-tests' fuzzer: PostgreSQL refuses a NUL in text, which was a 500
                get("NUL in a filter", "/api/v1/units?parent=FJ%00", 400, "INVALID_TEXT"),
                get("NUL in the search", "/api/v1/units?q=a%00b", 400, "INVALID_TEXT"),
                post("NUL in a name", VALID.formatted("NUL").replace("\"测试\"", "\"a\\u0000b\""), "application/json", 400, "INVALID_TEXT"),
                Arguments.of("method not allowed", (HttpCall) () -> admin().delete("/api/v1/units"), 405, "METHOD_NOT_ALLOWED"),
                Arguments.of("no credential", (HttpCall) () -> given().get("/api/v1/units"), 401, "UNAUTHENTICATED"),
                Arguments.of("forged token", (HttpCall) () -> given().header("Authorization", TestCallers.forged()).get("/api/v1/units"), 401, "UNAUTHENTICATED"),
                Arguments.of("garbage token", (HttpCall) () -> given().header("Authorization", "Bearer not.a.jwt").get("/api/v1/units"), 401, "UNAUTHENTICATED"),
                Arguments.of("wrong scheme", (HttpCall) () -> given().header("Authorization", "Basic YWRtaW46YWRtaW4=").get("/api/v1/units"), 401, "UNAUTHENTICATED"),
                Arguments.of("patch unknown unit", (HttpCall) () -> admin().contentType("application/json").body("{\"nameEn\":\"x\"}").patch("/api/v1/units/NOPE-X"), 404, "UNIT_NOT_FOUND"),
                Arguments.of("deactivate unknown unit", (HttpCall) () -> admin().contentType("application/json").body("{}").post("/api/v1/units/NOPE-X/deactivate"), 404, "UNIT_NOT_FOUND"),
                Arguments.of("revoke unknown key", (HttpCall) () -> admin().post("/api/v1/api-keys/nosuchkey234/revoke"), 404, "API_KEY_NOT_FOUND"));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("badRequests")
    void answersProblemJson(String name, HttpCall request, int status, String code) {
        int unitsBefore = totalUnits();
        Response response = request.send();
        ProblemAssertions.assertProblem(name, response, status, code);
        assertThat(totalUnits()).as(name + ": a rejected request stores nothing").isEqualTo(unitsBefore);
    }

    private static RequestSpecification admin() {
        return given().header("Authorization", TestCallers.admin());
    }

    private static Arguments post(String name, String body, String contentType, int status, String code) {
        return Arguments.of(name, (HttpCall) () -> admin().contentType(contentType + "; charset=UTF-8")
                .body(body.getBytes(StandardCharsets.UTF_8)).post("/api/v1/units"), status, code);
    }

    private static Arguments get(String name, String path, int status, String code) {
        return Arguments.of(name, (HttpCall) () -> admin().urlEncodingEnabled(false).get(path), status, code);
    }

    private static byte[] invalidUtf8() {
        byte[] prefix = "{\"code\":\"BAD-U\",\"nameZh\":\"".getBytes(StandardCharsets.UTF_8);
        byte[] suffix = "\",\"nameEn\":\"x\",\"type\":\"OTHER\"}".getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[prefix.length + 3 + suffix.length];
        System.arraycopy(prefix, 0, all, 0, prefix.length);
        all[prefix.length] = (byte) 0xC3;
        all[prefix.length + 1] = (byte) 0x28;
        all[prefix.length + 2] = (byte) 0xFF;
        System.arraycopy(suffix, 0, all, prefix.length + 3, suffix.length);
        return all;
    }

    private static int totalUnits() {
        return given().header("Authorization", TestCallers.admin()).get("/api/v1/units?size=1")
                .then().statusCode(200).extract().path("total");
    }
}
