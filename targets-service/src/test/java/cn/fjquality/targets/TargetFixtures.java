package cn.fjquality.targets;

import cn.fjquality.testsupport.TestCallers;
import io.restassured.http.ContentType;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Request bodies and calls shared by the API tests. Test targets live in FJ-OUTLINE-2025 with fresh codes. */
final class TargetFixtures {
    static final String LEAD = "FJ-AMR";
    static final String CITY_A = "FJ-FUZHOU";
    static final String CITY_B = "FJ-XIAMEN";
    /** Counties under CITY_A (neither lead nor contributing units of the fixture targets). */
    static final String COUNTY = "FJ-FUZHOU-GULOU";
    static final String OTHER_COUNTY = "FJ-FUZHOU-TAIJIANG";

    private TargetFixtures() {
    }

    static String newCode() {
        return "TST-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    }

    /** A valid RATE target: 食品抽检合格率-like, lead FJ-AMR, two contributing cities. */
    static Map<String, Object> rateBody(String code) {
        Map<String, Object> b = new HashMap<>();
        b.put("code", code);
        b.put("planCode", "FJ-OUTLINE-2025");
        b.put("section", "二、(一)9");
        b.put("nameZh", "测试合格率" + code);
        b.put("nameEn", "Test pass rate " + code);
        b.put("kind", "RATE");
        b.put("comparator", "GE");
        b.put("targetValue", 97.5);
        b.put("unit", "%");
        b.put("deadlineYear", 2025);
        b.put("direction", "INCREASE");
        b.put("reportingFrequency", "YEAR");
        b.put("aggregation", "RATIO");
        b.put("leadUnits", List.of(LEAD));
        b.put("contributingUnits", List.of(CITY_A, CITY_B));
        b.put("sourceDocument", "001_bbe6214b5f05588b.txt");
        b.put("sourceText", "测试条款 97.5%");
        return b;
    }

    /** The PUT body for a create body: everything but the code. */
    static Map<String, Object> updateBody(Map<String, Object> create) {
        Map<String, Object> b = new HashMap<>(create);
        b.remove("code");
        return b;
    }

    static void create(Map<String, Object> body) {
        UnitEventsFixture.ensureActive(LEAD, CITY_A, CITY_B);
        given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/targets")
                .then().statusCode(201);
    }
}
