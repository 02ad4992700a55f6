package cn.fjquality.units;

import cn.fjquality.security.Caller;
import cn.fjquality.security.CallerTokens;
import cn.fjquality.security.Roles;
import cn.fjquality.testsupport.ProblemAssertions;
import cn.fjquality.testsupport.TestCallers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The caller token's audience and key set (docs/gateway.md, "Caller tokens"): units-service takes only tokens minted
 * for units-service, and verifies them against a key set holding two keys (as during a rotation), picking the key by
 * the token's kid.
 */
@QuarkusTest
class CallerTokenTest {
    private static final Caller ANALYST = new Caller("aud-analyst", Roles.ANALYST, null, false);
    private static final Caller GATEWAY = new Caller("gateway", Roles.GATEWAY, null, false);

    @Test
    void theServiceKnowsItsAudience() {
        assertThat(TestCallers.audience()).isEqualTo(CallerTokens.UNITS_SERVICE);
    }

    @Test
    void aTokenForUnitsServiceIsTaken() {
        given().header("Authorization", TestCallers.bearer(ANALYST, CallerTokens.UNITS_SERVICE))
                .when().get("/api/v1/units").then().statusCode(200);
    }

    @Test
    void aTokenForAnotherServiceIsRefused() {
        for (String other : new String[] {CallerTokens.REPORTS_SERVICE, CallerTokens.TARGETS_SERVICE, "gateway", "units"}) {
            ProblemAssertions.assertProblem("aud=" + other,
                    given().header("Authorization", TestCallers.bearer(ANALYST, other)).when().get("/api/v1/units"),
                    401, "UNAUTHENTICATED");
        }
        // The gateway's own key check too: a GATEWAY token captured on its way to reports-service verifies nothing here.
        ProblemAssertions.assertProblem("GATEWAY token for reports-service",
                given().header("Authorization", TestCallers.bearer(GATEWAY, CallerTokens.REPORTS_SERVICE)).contentType(ContentType.JSON)
                        .body(Map.of("apiKey", "fjq_aaaaaaaaaaaa_" + "A".repeat(43)))
                        .when().post("/internal/v1/api-keys/verify"),
                401, "UNAUTHENTICATED");
    }

    @Test
    void aTokenWithoutAudienceIsRefused() {
        ProblemAssertions.assertProblem("no aud",
                given().header("Authorization", TestCallers.withoutAudience(ANALYST)).when().get("/api/v1/units"),
                401, "UNAUTHENTICATED");
    }

    @Test
    void bothKeysOfTheKeySetVerifyAndAnUnknownKeyUnderATrustedIdDoesNot() {
        given().header("Authorization", TestCallers.bearer(ANALYST)).when().get("/api/v1/units").then().statusCode(200);
        given().header("Authorization", TestCallers.signedWithNextKey(ANALYST)).when().get("/api/v1/units").then().statusCode(200);
        ProblemAssertions.assertProblem("forged under the current kid",
                given().header("Authorization", TestCallers.forged()).when().get("/api/v1/units"), 401, "UNAUTHENTICATED");
    }
}
