package cn.fjquality.reports;

import cn.fjquality.security.Caller;
import cn.fjquality.security.Roles;
import cn.fjquality.testsupport.TestCallers;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static cn.fjquality.reports.Api.row;
import static cn.fjquality.reports.Api.submit;
import static cn.fjquality.reports.Api.submitOk;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/**
 * The four-eyes rule of review (issue "[2/6] Security", self-approval): no key approves or returns a value whose current
 * revision it submitted (ADMIN keys included), and no lead unit reviews what its own unit reported or submitted: its own
 * values (REVIEW_NOT_ALLOWED, as before) and a descendant's values that a key of the lead unit submitted (a subtree key),
 * SELF_REVIEW_NOT_ALLOWED. The probe's case: a city leads the target, its county contributes, the city's subtree key
 * submitted the county's value and approved it itself (200 before).
 */
@QuarkusTest
class ReviewFourEyesApiTest {
    static World w;
    /** A quarterly rate led by city1, county1 contributing: the probe's shape. */
    static String cityLed;
    /** The same, monthly: enough periods for an import that writes set-based (32 rows or more). */
    static String cityLedMonthly;

    @Inject
    EntityManager em;

    @BeforeAll
    static void world() {
        w = World.create();
        cityLed = TestEvents.code("T-CITYLED");
        new TestEvents.Target(cityLed).lead(w.city1).contributing(w.county1).publish();
        cityLedMonthly = TestEvents.code("T-CITYLED-M");
        new TestEvents.Target(cityLedMonthly).frequency("MONTH").plan(2020, 2025).lead(w.city1).contributing(w.county1).publish();
        World.awaitTarget(cityLed, 1);
        World.awaitTarget(cityLedMonthly, 1);
    }

    static String reporterKey(String keyId, String unit, boolean subtree) {
        return TestCallers.bearer(new Caller(keyId, Roles.REPORTER, unit, subtree));
    }

    static String adminKey(String keyId) {
        return TestCallers.bearer(new Caller(keyId, Roles.ADMIN, null, false));
    }

    static ValidatableResponse approve(String auth, String id) {
        return given().header("Authorization", auth).post("/api/v1/measurements/" + id + "/approve").then();
    }

    static ValidatableResponse giveBack(String auth, String id) {
        return given().header("Authorization", auth).contentType(ContentType.JSON).body(Map.of("reason", "请核实"))
                .post("/api/v1/measurements/" + id + "/return").then();
    }

    static ValidatableResponse refused(ValidatableResponse r, String code) {
        return r.statusCode(403).contentType("application/problem+json").body("code", equalTo(code));
    }

    /** Nothing was decided: still SUBMITTED, no reviewer recorded. */
    static void undecided(String id) {
        given().header("Authorization", TestCallers.admin()).get("/api/v1/measurements/" + id).then().statusCode(200)
                .body("status", equalTo("SUBMITTED")).body("reviewedBy", nullValue());
    }

    @Test
    void aSubtreeKeyDoesNotReviewWhatItSubmittedForItsCounty() {
        String cityKey = reporterKey("k-city1-subtree-" + UUID.randomUUID(), w.city1, true);
        String id = submit(cityKey, row(cityLed, w.county1, "2024Q1", 97)).statusCode(201)
                .body("unit", equalTo(w.county1)).body("submittedByUnit", equalTo(w.city1)).extract().path("id");

        refused(approve(cityKey, id), "SELF_REVIEW_NOT_ALLOWED");
        refused(giveBack(cityKey, id), "SELF_REVIEW_NOT_ALLOWED");
        undecided(id);
    }

    /** The unit of the submitting key is kept by imports too, by the set-based writes (40 rows) as by single statements. */
    @Test
    void anImportBySubtreeKeyIsNotReviewedByItsUnit() {
        String subtreeKey = reporterKey("k-city1-import-" + UUID.randomUUID(), w.city1, true);
        StringBuilder csv = new StringBuilder("target,unit,period,value\n");
        for (int m = 0; m < 40; m++) {
            csv.append(cityLedMonthly).append(',').append(w.county1).append(',')
                    .append(String.format("%d%02d", 2021 + m / 12, m % 12 + 1)).append(",9").append(m % 10).append('\n');
        }
        Api.importCsv(subtreeKey, csv.toString(), false).statusCode(200).body("counts.imported", equalTo(40));
        String small = "target,unit,period,value\n" + cityLedMonthly + "," + w.county1 + ",202501,95\n";
        Api.importCsv(subtreeKey, small, false).statusCode(200).body("counts.imported", equalTo(1));
        for (String period : new String[]{"202101", "202404", "202501"}) {
            String id = given().header("Authorization", TestCallers.analyst()).queryParam("target", cityLedMonthly)
                    .queryParam("from", period).queryParam("to", period).get("/api/v1/measurements").then().statusCode(200)
                    .body("items[0].submittedByUnit", equalTo(w.city1)).extract().path("items[0].id");
            given().header("Authorization", TestCallers.analyst()).get("/api/v1/measurements/" + id + "/revisions").then()
                    .statusCode(200).body("submittedByUnit[0]", equalTo(w.city1));
            refused(approve(subtreeKey, id), "SELF_REVIEW_NOT_ALLOWED");
            refused(approve(TestCallers.reporter(w.city1), id), "SELF_REVIEW_NOT_ALLOWED");
            undecided(id);
        }
    }

    @Test
    void noKeyOfTheLeadUnitReviewsWhatItsUnitSubmittedForADescendant() {
        String subtreeKey = reporterKey("k-city1-subtree-" + UUID.randomUUID(), w.city1, true);
        String otherCityKey = reporterKey("k-city1-other-" + UUID.randomUUID(), w.city1, false);
        String id = submitOk(subtreeKey, row(cityLed, w.county1, "2024Q2", 96));

        refused(approve(otherCityKey, id), "SELF_REVIEW_NOT_ALLOWED");
        refused(giveBack(otherCityKey, id), "SELF_REVIEW_NOT_ALLOWED");
        undecided(id);

        // The county itself submits the next revision: the rule follows the current revision, so now the city reviews,
        // even with the key that submitted the revision before.
        submit(TestCallers.reporter(w.county1), row(cityLed, w.county1, "2024Q2", 96.5)).statusCode(201).body("revision", equalTo(2));
        approve(subtreeKey, id).statusCode(200).body("status", equalTo("APPROVED"));
    }

    @Test
    void theLeadUnitReviewsWhatItsContributingUnitSubmitted() {
        String cityKey = reporterKey("k-city1-" + UUID.randomUUID(), w.city1, false);
        String id = submitOk(TestCallers.reporter(w.county1), row(cityLed, w.county1, "2024Q3", 95));
        giveBack(cityKey, id).statusCode(200).body("status", equalTo("RETURNED"));
        submitOk(TestCallers.reporter(w.county1), row(cityLed, w.county1, "2024Q3", 95.5));
        approve(cityKey, id).statusCode(200).body("status", equalTo("APPROVED"));
    }

    @Test
    void aLeadUnitsOwnValueIsReviewedByAnAdminWhicheverKeyOfTheUnitSubmittedIt() {
        String one = reporterKey("k-city1-a-" + UUID.randomUUID(), w.city1, false);
        String two = reporterKey("k-city1-b-" + UUID.randomUUID(), w.city1, true);
        String id = submitOk(one, row(cityLed, w.city1, "2024Q1", 97));
        refused(approve(two, id), "REVIEW_NOT_ALLOWED");
        refused(giveBack(two, id), "REVIEW_NOT_ALLOWED");
        refused(approve(one, id), "REVIEW_NOT_ALLOWED");
        undecided(id);
        approve(TestCallers.admin(), id).statusCode(200).body("status", equalTo("APPROVED"));
    }

    @Test
    void anAdminKeyDoesNotReviewWhatItSubmittedOnBehalf() {
        String first = adminKey("k-admin-1-" + UUID.randomUUID());
        String second = adminKey("k-admin-2-" + UUID.randomUUID());
        String id = submit(first, row(cityLed, w.county1, "2023Q4", 94)).statusCode(201)
                .body("onBehalf", equalTo(true)).extract().path("id");

        refused(approve(first, id), "SELF_REVIEW_NOT_ALLOWED");
        refused(giveBack(first, id), "SELF_REVIEW_NOT_ALLOWED");
        undecided(id);

        approve(second, id).statusCode(200).body("status", equalTo("APPROVED"));
        // Approved, the current revision is still the first admin's: it may not return it either; the second may.
        refused(giveBack(first, id), "SELF_REVIEW_NOT_ALLOWED");
        giveBack(second, id).statusCode(200).body("status", equalTo("RETURNED"));
        // A lead-unit reporter may review a value an admin submitted for another unit.
        submitOk(first, row(cityLed, w.county1, "2023Q4", 94.5));
        approve(reporterKey("k-city1-" + UUID.randomUUID(), w.city1, false), id).statusCode(200);
    }

    /**
     * A value stored before the submitting key's unit was recorded (migration V4): who submitted it for the county is
     * unknown, so the city (whose subtree key may have) does not review it; a lead unit the county does not lie below
     * still does.
     */
    @Test
    void aValueOfUnknownSubmitterUnitIsNotReviewedByALeadUnitAboveIt() {
        String id = submitOk(TestCallers.reporter(w.county1), row(cityLed, w.county1, "2023Q3", 93));
        String other = submitOk(TestCallers.reporter(w.city2), row(w.ratio, w.city2, "2023Q3", 93));
        forgetSubmitterUnit(id);
        forgetSubmitterUnit(other);

        refused(approve(TestCallers.reporter(w.city1), id), "SELF_REVIEW_NOT_ALLOWED");
        approve(TestCallers.admin(), id).statusCode(200);
        // The department leads the world's rate; city2 is not below it.
        approve(TestCallers.reporter(w.dept), other).statusCode(200);
    }

    private void forgetSubmitterUnit(String id) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                        "UPDATE measurement SET submitted_by_unit = NULL WHERE id = :id")
                .setParameter("id", UUID.fromString(id)).executeUpdate());
    }
}
