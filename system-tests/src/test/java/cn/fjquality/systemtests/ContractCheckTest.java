package cn.fjquality.systemtests;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract check itself, without the stack, on docs/openapi.json: it passes answers the contract describes and
 * fails each way an answer can lie (an undeclared status, media type or field, a declared field missing, a wrong type,
 * a wrong value).
 */
class ContractCheckTest {
    static final String PROBLEM = "application/problem+json";
    static final String UNIT = """
            {"code":"FJ-FUZHOU-GULOU","nameZh":"鼓楼区","nameEn":"Gulou District","type":"COUNTY","parentCode":"FJ-FUZHOU",
             "divisionCode":"350102","aliases":["鼓楼区"],"activeFrom":"2000-01-01","activeTo":null,"active":true,"note":null,
             "contactName":null,"contactEmail":null,"contactPhone":null,"version":1,
             "createdAt":"2025-01-06T02:00:00Z","updatedAt":"2025-01-06T02:00:00Z"}""";
    static String document;
    static ContractCheck check;

    @BeforeAll
    static void load() throws Exception {
        document = Files.readString(OpenApiDocument.committed(), StandardCharsets.UTF_8);
        check = ContractCheck.forDocument(document);
    }

    private static List<String> answer(String method, String path, int status, String type, String body) {
        return check.check(method, path, status, type, body == null ? null : body.getBytes(StandardCharsets.UTF_8), "ContractCheckTest");
    }

    private static String page(String unit) {
        return "{\"items\":[" + unit + "],\"page\":0,\"size\":50,\"total\":1}";
    }

    @Test
    void answersTheContractDescribesPass() {
        assertThat(answer("GET", "/api/v1/units", 200, "application/json", page(UNIT))).isEmpty();
        assertThat(answer("GET", "/api/v1/units/FJ-FUZHOU-GULOU", 200, "application/json;charset=UTF-8", UNIT)).isEmpty();
        assertThat(answer("GET", "/api/v1/units/{code}", 404, PROBLEM, """
                {"type":"urn:fjq:problem:unit-not-found","title":"Not Found","status":404,"detail":"No unit FJ-X","instance":"/api/v1/units/FJ-X","code":"UNIT_NOT_FOUND"}""")).isEmpty();
        assertThat(answer("GET", "/api/v1/units", 401, PROBLEM, """
                {"type":"urn:fjq:problem:invalid-api-key","title":"Unauthorized","status":401,"code":"INVALID_API_KEY"}""")).isEmpty();
        assertThat(answer("GET", "/api/v1/units", 431, null, null)).as("431 comes without a body").isEmpty();
    }

    @Test
    void anUndeclaredFieldFails() {
        assertThat(answer("GET", "/api/v1/units", 200, "application/json", page(UNIT.replace("\"note\":null", "\"note\":null,\"region\":\"x\""))))
                .anyMatch(m -> m.contains("additionalProperties") && m.contains("region"));
        assertThat(answer("GET", "/api/v1/units", 401, PROBLEM, """
                {"type":"urn:fjq:problem:invalid-api-key","title":"Unauthorized","status":401,"code":"INVALID_API_KEY","hint":"x"}"""))
                .anyMatch(m -> m.contains("hint"));
    }

    @Test
    void aDeclaredFieldMissingFails() {
        assertThat(answer("GET", "/api/v1/units", 200, "application/json", page(UNIT.replace("\"note\":null,", ""))))
                .as("a unit without its note (declared, and the services write it even when null)")
                .anyMatch(m -> m.contains("required") && m.contains("note"));
        assertThat(answer("GET", "/api/v1/units", 200, "application/json", "{\"items\":[],\"page\":0,\"size\":50}"))
                .as("a page without its total").anyMatch(m -> m.contains("required") && m.contains("total"));
        assertThat(answer("GET", "/api/v1/units/{code}", 404, PROBLEM, """
                {"type":"urn:fjq:problem:unit-not-found","title":"Not Found","status":404,"code":"UNIT_NOT_FOUND"}"""))
                .as("the Problem schema's own required list is kept: detail, instance and errors may be left out").isEmpty();
        assertThat(ContractCheck.forDocument(document, false).check("GET", "/api/v1/units", 200, "application/json",
                page(UNIT.replace("\"note\":null,", "")).getBytes(StandardCharsets.UTF_8), "ContractCheckTest"))
                .as("read as OpenAPI has it (no required list: every field optional), the same answer passes").isEmpty();
    }

    @Test
    void aWrongTypeOrValueFails() {
        assertThat(answer("GET", "/api/v1/units", 200, "application/json", page(UNIT.replace("\"version\":1", "\"version\":\"1\""))))
                .as("a string for an integer").isNotEmpty();
        assertThat(answer("GET", "/api/v1/units", 200, "application/json", page(UNIT.replace("\"nameEn\":\"Gulou District\"", "\"nameEn\":null"))))
                .as("null where the contract does not allow it").isNotEmpty();
        assertThat(answer("GET", "/api/v1/units", 200, "application/json", page(UNIT.replace("\"COUNTY\"", "\"VILLAGE\""))))
                .as("a value outside the enumeration").isNotEmpty();
        assertThat(answer("GET", "/api/v1/units", 200, "application/json", "[]")).as("an array for an object").isNotEmpty();
        assertThat(answer("GET", "/api/v1/units", 200, "application/json", page(UNIT.replace("\"activeTo\":null", "\"activeTo\":12"))))
                .as("a number for a nullable date").isNotEmpty();
        assertThat(answer("GET", "/api/v1/units", 200, "application/json", page(UNIT.replace("\"activeTo\":null", "\"activeTo\":\"2025-03-31\""))))
                .as("the nullable date given").isEmpty();
    }

    @Test
    void anUndeclaredStatusOrMediaTypeFails() {
        assertThat(answer("GET", "/api/v1/units", 418, PROBLEM, """
                {"type":"urn:fjq:problem:teapot","title":"I'm a teapot","status":418,"code":"TEAPOT"}"""))
                .anyMatch(m -> m.startsWith("validation.response.status.unknown"));
        assertThat(answer("GET", "/api/v1/units", 401, "text/html", "<h1>401</h1>"))
                .anyMatch(m -> m.startsWith("validation.response.contentType.notAllowed"));
        assertThat(answer("GET", "/api/v1/units", 200, PROBLEM, page(UNIT)))
                .anyMatch(m -> m.startsWith("validation.response.contentType.notAllowed"));
        assertThat(answer("GET", "/api/v1/units", 401, PROBLEM, null)).as("a declared body missing").isNotEmpty();
    }
}
