package cn.fjquality.targets;

import cn.fjquality.testsupport.TestCallers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static cn.fjquality.targets.TargetFixtures.newCode;
import static cn.fjquality.targets.TargetFixtures.rateBody;
import static cn.fjquality.targets.TargetFixtures.updateBody;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

/** Every rule of a write, through the real API: 422 problem+json with a stable code; shapes are 400. */
@QuarkusTest
class TargetValidationTest {

    @BeforeEach
    void unitsKnown() {
        UnitEventsFixture.ensureActive(TargetFixtures.LEAD, TargetFixtures.CITY_A, TargetFixtures.CITY_B);
    }

    static void expect422(String code, Consumer<Map<String, Object>> change) {
        Map<String, Object> body = rateBody(newCode());
        change.accept(body);
        given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/targets")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo(code))
                .body("status", equalTo(422))
                .body("detail", notNullValue())
                .body("errors[0].field", notNullValue());
    }

    @Test
    void valueOutsideTheKindsBounds() {
        expect422("TARGET_VALUE_OUT_OF_BOUNDS", b -> b.put("targetValue", 101));
        expect422("TARGET_VALUE_OUT_OF_BOUNDS", b -> {
            b.put("kind", "CUMULATIVE");
            b.put("unit", "个");
            b.put("targetValue", -5);
        });
        expect422("TARGET_VALUE_OUT_OF_BOUNDS", b -> {
            b.put("kind", "LEVEL");
            b.put("unit", "项");
            b.put("lowerBound", 0);
            b.put("upperBound", 50);
            b.put("targetValue", 60);
        });
        expect422("TARGET_VALUE_OUT_OF_BOUNDS", b -> {
            b.put("kind", "RELATIVE_CHANGE");
            b.put("baseline", Map.of("year", 2020));
            b.put("targetValue", -2);
        });
        expect422("BOUNDS_OUTSIDE_KIND", b -> b.put("upperBound", 120));
    }

    @Test
    void boundsMustBeOrdered() {
        expect422("INVALID_BOUNDS", b -> {
            b.put("kind", "LEVEL");
            b.put("lowerBound", 10);
            b.put("upperBound", 5);
            b.put("targetValue", 7);
        });
    }

    @Test
    void deadlineWithinThePlansHorizon() {
        expect422("DEADLINE_OUTSIDE_PLAN", b -> b.put("deadlineYear", 2030));
        expect422("DEADLINE_OUTSIDE_PLAN", b -> b.put("deadlineYear", 2019));
    }

    @Test
    void unknownPlan() {
        expect422("UNKNOWN_PLAN", b -> b.put("planCode", "FJ-NO-SUCH-PLAN"));
    }

    @Test
    void baselines() {
        expect422("BASELINE_REQUIRED", b -> b.put("kind", "RELATIVE_CHANGE"));
        expect422("INVALID_BASELINE", b -> b.put("baseline", Map.of("year", 2025, "value", 90)));
        expect422("BASELINE_OUT_OF_BOUNDS", b -> b.put("baseline", Map.of("year", 2020, "value", 130)));
    }

    @Test
    void leadUnitsAndUnitCodes() {
        expect422("LEAD_UNIT_REQUIRED", b -> b.put("leadUnits", List.of()));
        expect422("LEAD_UNIT_REQUIRED", b -> b.remove("leadUnits"));
        expect422("UNKNOWN_UNIT", b -> b.put("leadUnits", List.of("FJ-NO-SUCH-UNIT")));
        expect422("UNKNOWN_UNIT", b -> b.put("contributingUnits", List.of("FJ-FUZHOU", "FJ-NO-SUCH-CITY")));
        expect422("UNIT_BOTH_LEAD_AND_CONTRIBUTING", b -> b.put("contributingUnits", List.of("FJ-AMR")));
        expect422("DUPLICATE_UNIT", b -> b.put("contributingUnits", List.of("FJ-FUZHOU", "FJ-FUZHOU")));
    }

    @Test
    void putAppliesTheSameRulesAndKeepsThePlan() {
        String code = newCode();
        Map<String, Object> body = rateBody(code);
        TargetFixtures.create(body);
        Map<String, Object> update = updateBody(body);
        update.put("targetValue", 150);
        given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON).body(update)
                .when().put("/api/v1/targets/" + code)
                .then().statusCode(422).body("code", equalTo("TARGET_VALUE_OUT_OF_BOUNDS"));
        update = updateBody(body);
        update.put("planCode", "FJ-WP-2023");
        update.put("deadlineYear", 2023);
        given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON).body(update)
                .when().put("/api/v1/targets/" + code)
                .then().statusCode(422).body("code", equalTo("PLAN_CHANGE_NOT_ALLOWED"));
        update = updateBody(body);
        update.put("leadUnits", List.of("FJ-NOT-REGISTERED"));
        given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON).body(update)
                .when().put("/api/v1/targets/" + code)
                .then().statusCode(422).body("code", equalTo("UNKNOWN_UNIT"));
        given().header("Authorization", TestCallers.analyst())
                .when().get("/api/v1/targets/" + code)
                .then().statusCode(200).body("revision", equalTo(1)).body("targetValue", equalTo(97.5f));
    }

    @Test
    void catalogUnitsNeedNotBeKnownToReviseOtherFields() {
        // OL25 targets name units this test JVM never registered (e.g. FJ-PINGTAN); a write that keeps them is fine.
        String code = newCode();
        Map<String, Object> body = rateBody(code);
        body.put("contributingUnits", List.of("FJ-FUZHOU"));
        TargetFixtures.create(body);
        Map<String, Object> update = updateBody(body);
        update.put("contributingUnits", List.of("FJ-FUZHOU", "FJ-NEVER-HEARD-OF"));
        given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON).body(update)
                .when().put("/api/v1/targets/" + code)
                .then().statusCode(422).body("code", equalTo("UNKNOWN_UNIT"))
                .body("detail", org.hamcrest.Matchers.containsString("FJ-NEVER-HEARD-OF"))
                .body("detail", not(org.hamcrest.Matchers.containsString("FJ-FUZHOU")));
    }

    @Test
    void shapesAreCheckedByBeanValidation() {
        Map<String, Object> body = rateBody("lowercase-code");
        body.put("nameZh", " ");
        body.remove("targetValue");
        given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/targets")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", hasItem("code"))
                .body("errors.field", hasItem("nameZh"))
                .body("errors.field", hasItem("targetValue"));
        Map<String, Object> badEnum = rateBody(newCode());
        badEnum.put("kind", "PERCENT");
        given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON).body(badEnum)
                .when().post("/api/v1/targets")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("WRONG_TYPE"));
        Map<String, Object> unknownField = new HashMap<>(rateBody(newCode()));
        unknownField.put("colour", "red");
        given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON).body(unknownField)
                .when().post("/api/v1/targets")
                .then().statusCode(400)
                .body("code", equalTo("UNKNOWN_FIELD"));
        given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON).body("{\"code\":")
                .when().post("/api/v1/targets")
                .then().statusCode(400)
                .contentType("application/problem+json");
        Map<String, Object> badYear = rateBody(newCode());
        badYear.put("deadlineYear", 3000);
        given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON).body(badYear)
                .when().post("/api/v1/targets")
                .then().statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", hasItem("deadlineYear"));
    }
}
