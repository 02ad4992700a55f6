package cn.fjquality.targets;

import cn.fjquality.testsupport.TestCallers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static cn.fjquality.targets.TargetFixtures.create;
import static cn.fjquality.targets.TargetFixtures.newCode;
import static cn.fjquality.targets.TargetFixtures.rateBody;
import static cn.fjquality.targets.TargetFixtures.updateBody;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
class TargetResourceTest {

    @Test
    void catalogTargetsAreLoadedWithTheirSourceClause() {
        given().header("Authorization", TestCallers.analyst())
                .when().get("/api/v1/targets/OL25-FOOD-SAMPLING-PASS-RATE")
                .then().statusCode(200)
                .header("ETag", notNullValue())
                .body("planCode", equalTo("FJ-OUTLINE-2025"))
                .body("nameZh", equalTo("食品抽检合格率"))
                .body("kind", equalTo("RATE"))
                .body("comparator", equalTo("GE"))
                .body("targetValue", equalTo(98.5f))
                .body("lowerBound", equalTo(0))
                .body("upperBound", equalTo(100))
                .body("leadUnits", contains("FJ-AMR"))
                .body("contributingUnits", hasItem("FJ-PINGTAN"))
                .body("sourceDocument", equalTo("001_bbe6214b5f05588b.txt"))
                .body("sourceText", containsString("98.5%"))
                .body("revision", equalTo(1))
                .body("retired", equalTo(false));
        given().header("Authorization", TestCallers.reporter("FJ-FUZHOU"))
                .when().get("/api/v1/targets/OL25-DIGITAL-CORE-VALUE-ADDED-GDP-SHARE")
                .then().statusCode(200)
                .body("kind", equalTo("RELATIVE_CHANGE"))
                .body("targetValue", equalTo(3))
                .body("direction", equalTo("INCREASE"))
                .body("baseline.year", equalTo(2020));
    }

    @Test
    void filtersCombineAndPagesAreBounded() {
        given().header("Authorization", TestCallers.analyst())
                .queryParam("plan", "FJ-OUTLINE-2025").queryParam("kind", "RATE").queryParam("size", 500)
                .when().get("/api/v1/targets")
                .then().statusCode(200)
                .body("items.planCode", everyItem(equalTo("FJ-OUTLINE-2025")))
                .body("items.kind", everyItem(equalTo("RATE")))
                .body("items.code", hasItem("OL25-FOOD-SAMPLING-PASS-RATE"));
        given().header("Authorization", TestCallers.gateway())
                .queryParam("leadUnit", "FJ-OCEAN").queryParam("size", 500)
                .when().get("/api/v1/targets")
                .then().statusCode(200)
                .body("items.code", hasItem("OL25-MARINE-GDP-AVG-ANNUAL-GROWTH"))
                .body("items.leadUnits", everyItem(hasItem("FJ-OCEAN")));
        given().header("Authorization", TestCallers.analyst())
                .queryParam("q", "食品抽检").queryParam("plan", "FJ-OUTLINE-2025")
                .when().get("/api/v1/targets")
                .then().statusCode(200)
                .body("items.code", hasItem("OL25-FOOD-SAMPLING-PASS-RATE"));
        given().header("Authorization", TestCallers.analyst())
                .queryParam("q", "sampling INSPECTION")
                .when().get("/api/v1/targets")
                .then().statusCode(200)
                .body("items.code", hasItem("OL25-FOOD-SAMPLING-PASS-RATE"));
        given().header("Authorization", TestCallers.analyst())
                .queryParam("section", "二、(一)").queryParam("plan", "FJ-OUTLINE-2025").queryParam("size", 500)
                .when().get("/api/v1/targets")
                .then().statusCode(200)
                .body("items.section", everyItem(org.hamcrest.Matchers.startsWith("二、(一)")))
                .body("items.code", hasItem("OL25-FOOD-SAMPLING-PASS-RATE"));

        given().header("Authorization", TestCallers.analyst())
                .queryParam("size", 7).queryParam("page", 2)
                .when().get("/api/v1/targets")
                .then().statusCode(200)
                .body("items", hasSize(7))
                .body("page", equalTo(2))
                .body("size", equalTo(7))
                .body("total", greaterThanOrEqualTo(110));
        given().header("Authorization", TestCallers.analyst())
                .queryParam("size", 501)
                .when().get("/api/v1/targets")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("VALIDATION_FAILED"));
        given().header("Authorization", TestCallers.analyst())
                .queryParam("kind", "PERCENTAGE")
                .when().get("/api/v1/targets")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("INVALID_QUERY_PARAMETER"))
                .body("errors[0].field", equalTo("kind"));
    }

    @Test
    void plansWithTargetCountsPerKind() {
        given().header("Authorization", TestCallers.analyst())
                .when().get("/api/v1/plans")
                .then().statusCode(200)
                .body("code", hasItems("FJ-OUTLINE-2025", "FJ-WP-2023", "FJ-WP-2021", "FJ-CG-2020", "FJ-AP-2014"))
                .body("find { it.code == 'FJ-WP-2021' }.targetCount", equalTo(20));
        given().header("Authorization", TestCallers.reporter("FJ-AMR"))
                .when().get("/api/v1/plans/FJ-WP-2021")
                .then().statusCode(200)
                .body("titleZh", equalTo("2021年福建省质量强省工作要点"))
                .body("startYear", equalTo(2021))
                .body("endYear", equalTo(2021))
                .body("targetCount", equalTo(20))
                .body("targetCountsByKind.RATE", equalTo(5))
                .body("targetCountsByKind.CUMULATIVE", equalTo(12))
                .body("targetCountsByKind.LEVEL", equalTo(1))
                .body("targetCountsByKind.RELATIVE_CHANGE", equalTo(2))
                .body("targetCountsByKind.INDEX", equalTo(0));
        given().header("Authorization", TestCallers.analyst())
                .when().get("/api/v1/plans/FJ-AP-2014")
                .then().statusCode(200)
                .body("startYear", equalTo(2014))
                .body("targetCount", equalTo(0));
        given().header("Authorization", TestCallers.analyst())
                .when().get("/api/v1/plans/NO-SUCH-PLAN")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("code", equalTo("PLAN_NOT_FOUND"));
    }

    @Test
    void createThenGetAndDuplicateIsAConflict() {
        String code = newCode();
        Map<String, Object> body = rateBody(code);
        body.remove("reportingFrequency"); // defaults to YEAR
        TargetFixtures.create(body);
        given().header("Authorization", TestCallers.analyst())
                .when().get("/api/v1/targets/" + code)
                .then().statusCode(200)
                .body("code", equalTo(code))
                .body("revision", equalTo(1))
                .body("reportingFrequency", equalTo("YEAR"))
                .body("lowerBound", equalTo(0))
                .body("upperBound", equalTo(100))
                .body("leadUnitsAssigned", equalTo(true))
                .body("contributingUnits", contains("FJ-FUZHOU", "FJ-XIAMEN"));
        given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON).body(rateBody(code))
                .when().post("/api/v1/targets")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("code", equalTo("TARGET_CODE_TAKEN"));
        given().header("Authorization", TestCallers.analyst())
                .queryParam("plan", "FJ-OUTLINE-2025").queryParam("q", code)
                .when().get("/api/v1/targets")
                .then().statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].code", equalTo(code));
    }

    @Test
    void createAnswers201WithLocation() {
        TargetFixtures.create(rateBody(newCode())); // registers the units first
        String code = newCode();
        given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON).body(rateBody(code))
                .when().post("/api/v1/targets")
                .then().statusCode(201)
                .header("Location", endsWith("/api/v1/targets/" + code))
                .body("code", equalTo(code))
                .body("revision", equalTo(1));
    }

    @Test
    void putMakesNumberedRevisionsAndAnIdenticalPutMakesNone() {
        String code = newCode();
        Map<String, Object> body = rateBody(code);
        create(body);
        Map<String, Object> update = updateBody(body);
        update.put("targetValue", 98);
        update.put("changeNote", "raised after review");
        given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON).body(update)
                .when().put("/api/v1/targets/" + code)
                .then().statusCode(200)
                .body("revision", equalTo(2))
                .body("targetValue", equalTo(98));
        update.put("nameEn", "Test pass rate, renamed");
        given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON).body(update)
                .when().put("/api/v1/targets/" + code)
                .then().statusCode(200)
                .body("revision", equalTo(3));
        // The same content again (98.0 == 98): no new revision.
        update.put("targetValue", 98.0);
        given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON).body(update)
                .when().put("/api/v1/targets/" + code)
                .then().statusCode(200)
                .body("revision", equalTo(3));

        given().header("Authorization", TestCallers.analyst())
                .when().get("/api/v1/targets/" + code + "/revisions")
                .then().statusCode(200)
                .body("revision", contains(3, 2, 1))
                .body("changeType", contains("REVISED", "REVISED", "PUBLISHED"))
                .body("changeSource", everyItem(equalTo("API")))
                .body("changedBy", everyItem(equalTo("test-admin")))
                .body("changedAt", everyItem(notNullValue()))
                .body("[1].changeNote", equalTo("raised after review"))
                .body("[1].changedFields", contains("targetValue"))
                .body("[0].changedFields", contains("nameEn"))
                .body("[2].target.targetValue", equalTo(97.5f))
                .body("[1].target.targetValue", equalTo(98))
                .body("[0].target.nameEn", equalTo("Test pass rate, renamed"));
    }

    @Test
    void ifMatchGuardsAgainstLostUpdates() {
        String code = newCode();
        Map<String, Object> body = rateBody(code);
        create(body);
        String etag = given().header("Authorization", TestCallers.admin())
                .when().get("/api/v1/targets/" + code)
                .then().statusCode(200).extract().header("ETag");
        Map<String, Object> update = updateBody(body);
        update.put("targetValue", 99);
        given().header("Authorization", TestCallers.admin()).header("If-Match", etag).contentType(ContentType.JSON).body(update)
                .when().put("/api/v1/targets/" + code)
                .then().statusCode(200).body("revision", equalTo(2));
        update.put("targetValue", 99.5);
        given().header("Authorization", TestCallers.admin()).header("If-Match", etag).contentType(ContentType.JSON).body(update)
                .when().put("/api/v1/targets/" + code)
                .then().statusCode(412)
                .contentType("application/problem+json")
                .body("code", equalTo("REVISION_MISMATCH"));
    }

    @Test
    void retireIsARevisionAndHidesTheTargetFromLists() {
        String code = newCode();
        Map<String, Object> body = rateBody(code);
        create(body);
        given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON).body(Map.of("reason", "duplicate of another"))
                .when().post("/api/v1/targets/" + code + "/retire")
                .then().statusCode(200)
                .body("retired", equalTo(true))
                .body("retiredAt", notNullValue())
                .body("revision", equalTo(2));
        given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON).body(Map.of("reason", "x".repeat(501)))
                .when().post("/api/v1/targets/" + code + "/retire")
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("VALIDATION_FAILED")).body("errors[0].field", equalTo("reason"));
        given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON).body(Map.of("why", "no"))
                .when().post("/api/v1/targets/" + code + "/retire")
                .then().statusCode(400).body("code", equalTo("UNKNOWN_FIELD"));
        // Retiring again (a bare POST) changes nothing; a retired target cannot be revised.
        given().header("Authorization", TestCallers.admin())
                .when().post("/api/v1/targets/" + code + "/retire")
                .then().statusCode(200)
                .body("revision", equalTo(2));
        given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON).body(updateBody(body))
                .when().put("/api/v1/targets/" + code)
                .then().statusCode(409)
                .body("code", equalTo("TARGET_RETIRED"));

        given().header("Authorization", TestCallers.analyst())
                .queryParam("q", code)
                .when().get("/api/v1/targets")
                .then().statusCode(200)
                .body("total", equalTo(0));
        given().header("Authorization", TestCallers.analyst())
                .queryParam("q", code).queryParam("includeRetired", true)
                .when().get("/api/v1/targets")
                .then().statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].retired", equalTo(true));
        given().header("Authorization", TestCallers.analyst())
                .when().get("/api/v1/targets/" + code + "/revisions")
                .then().statusCode(200)
                .body("changeType", contains("RETIRED", "PUBLISHED"))
                .body("[0].retired", equalTo(true))
                .body("[0].changeNote", equalTo("duplicate of another"));
    }

    @Test
    void unknownTargetIsNotFound() {
        given().header("Authorization", TestCallers.analyst())
                .when().get("/api/v1/targets/NO-SUCH-TARGET")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("code", equalTo("TARGET_NOT_FOUND"));
        given().header("Authorization", TestCallers.analyst())
                .when().get("/api/v1/targets/NO-SUCH-TARGET/revisions")
                .then().statusCode(404)
                .body("code", equalTo("TARGET_NOT_FOUND"));
        given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON).body(updateBody(rateBody("NO-SUCH-TARGET")))
                .when().put("/api/v1/targets/NO-SUCH-TARGET")
                .then().statusCode(404)
                .body("code", equalTo("TARGET_NOT_FOUND"));
        given().header("Authorization", TestCallers.admin())
                .when().post("/api/v1/targets/NO-SUCH-TARGET/retire")
                .then().statusCode(404)
                .body("code", equalTo("TARGET_NOT_FOUND"));
    }

    @Test
    void readersAndWritersByRole() {
        String code = newCode();
        Map<String, Object> body = rateBody(code);
        create(body);
        for (String reader : List.of(TestCallers.admin(), TestCallers.analyst(), TestCallers.reporter("FJ-AMR"), TestCallers.gateway())) {
            given().header("Authorization", reader).when().get("/api/v1/targets/" + code).then().statusCode(200);
            given().header("Authorization", reader).when().get("/api/v1/plans").then().statusCode(200);
        }
        for (String notAdmin : List.of(TestCallers.analyst(), TestCallers.reporter("FJ-AMR"))) {
            given().header("Authorization", notAdmin).contentType(ContentType.JSON).body(rateBody(newCode()))
                    .when().post("/api/v1/targets")
                    .then().statusCode(403).contentType("application/problem+json").body("code", equalTo("FORBIDDEN"));
            given().header("Authorization", notAdmin).contentType(ContentType.JSON).body(updateBody(body))
                    .when().put("/api/v1/targets/" + code)
                    .then().statusCode(403).body("code", equalTo("FORBIDDEN"));
            given().header("Authorization", notAdmin)
                    .when().post("/api/v1/targets/" + code + "/retire")
                    .then().statusCode(403).body("code", equalTo("FORBIDDEN"));
        }
        given().when().get("/api/v1/targets")
                .then().statusCode(401).contentType("application/problem+json").body("code", equalTo("UNAUTHENTICATED"));
        given().when().get("/api/v1/plans/FJ-WP-2021").then().statusCode(401);
        given().contentType(ContentType.JSON).body(rateBody(newCode()))
                .when().post("/api/v1/targets").then().statusCode(401);
        given().header("Authorization", TestCallers.forged())
                .when().get("/api/v1/targets")
                .then().statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
        given().header("Authorization", TestCallers.forged()).contentType(ContentType.JSON).body(rateBody(newCode()))
                .when().post("/api/v1/targets").then().statusCode(401);
        // Nothing above got through.
        given().header("Authorization", TestCallers.analyst())
                .when().get("/api/v1/targets/" + code + "/revisions")
                .then().statusCode(200).body("revision", contains(1));
    }
}
