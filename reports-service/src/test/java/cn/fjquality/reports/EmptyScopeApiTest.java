package cn.fjquality.reports;

import cn.fjquality.security.Caller;
import cn.fjquality.security.Roles;
import cn.fjquality.testsupport.TestCallers;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static cn.fjquality.reports.Api.row;
import static cn.fjquality.reports.Api.submitOk;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A REPORTER whose scope is empty (a token without a unit) sees nothing: an empty answer, or 403 when it names a unit,
 * never a 5xx. The list filter used to bind "\u0000" as the one unit code of an empty scope, which PostgreSQL refuses
 * in text.
 */
@QuarkusTest
class EmptyScopeApiTest {
    static World w;

    /** Tokens live 60 s: made when used. */
    static String noUnit() {
        return TestCallers.bearer(new Caller("k-reporter-without-unit", Roles.REPORTER, null, false));
    }

    static String noUnitSubtree() {
        return TestCallers.bearer(new Caller("k-reporter-without-unit-2", Roles.REPORTER, null, true));
    }

    static boolean seeded;

    @BeforeAll
    static void world() {
        w = World.create();
    }

    /** One value of city1 (over HTTP: REST Assured knows the port from the first test on). */
    @BeforeEach
    void seed() {
        if (!seeded) {
            submitOk(TestCallers.reporter(w.city1), row(w.ratio, w.city1, "2024Q1", 97));
            seeded = true;
        }
    }

    @Test
    void theListIsEmpty() {
        for (String key : new String[]{noUnit(), noUnitSubtree()}) {
            given().header("Authorization", key).get("/api/v1/measurements").then().statusCode(200)
                    .body("items", empty()).body("total", equalTo(0));
            given().header("Authorization", key).queryParam("target", w.ratio).queryParam("followUp", false)
                    .queryParam("status", "SUBMITTED").get("/api/v1/measurements").then().statusCode(200)
                    .body("items", empty()).body("total", equalTo(0));
            given().header("Authorization", key).queryParam("place", w.city1Division).get("/api/v1/measurements").then()
                    .statusCode(200).body("total", equalTo(0));
        }
    }

    @Test
    void theCsvExportHasTheHeaderOnly() {
        byte[] csv = given().header("Authorization", noUnit()).accept("text/csv").get("/api/v1/measurements").then().statusCode(200)
                .extract().asByteArray();
        String text = new String(csv, 3, csv.length - 3, StandardCharsets.UTF_8);
        assertEquals(1, text.split("\r\n").length, text);
    }

    @Test
    void namingAUnitIsOutOfScope() {
        given().header("Authorization", noUnit()).queryParam("unit", w.city1).get("/api/v1/measurements").then().statusCode(403)
                .contentType("application/problem+json").body("code", equalTo("UNIT_OUT_OF_SCOPE"));
        given().header("Authorization", noUnit()).queryParam("unit", w.city1).queryParam("period", "2024Q1")
                .get("/api/v1/completeness").then().statusCode(403).body("code", equalTo("UNIT_OUT_OF_SCOPE"));
    }

    @Test
    void completenessAndSingleReadsShowNothing() {
        given().header("Authorization", noUnit()).queryParam("period", "2024Q1").queryParam("target", w.ratio)
                .get("/api/v1/completeness").then().statusCode(200).body("items", empty()).body("owed", equalTo(0));
        String id = given().header("Authorization", TestCallers.analyst()).queryParam("target", w.ratio).get("/api/v1/measurements")
                .then().statusCode(200).extract().path("items[0].id");
        given().header("Authorization", noUnit()).get("/api/v1/measurements/" + id).then().statusCode(404);
        given().header("Authorization", noUnit()).get("/api/v1/measurements/" + id + "/revisions").then().statusCode(404);
        given().header("Authorization", noUnit()).post("/api/v1/measurements/" + id + "/approve").then().statusCode(403)
                .body("code", equalTo("REVIEW_NOT_ALLOWED"));
        Api.submit(noUnit(), row(w.ratio, w.city1, "2024Q2", 97)).statusCode(403).body("code", equalTo("UNIT_OUT_OF_SCOPE"));
    }
}
