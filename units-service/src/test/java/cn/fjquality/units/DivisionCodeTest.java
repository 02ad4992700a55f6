package cn.fjquality.units;

import cn.fjquality.testsupport.ProblemAssertions;
import cn.fjquality.testsupport.TestCallers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/** Places carry their administrative-division code: seeded, looked up, validated, kept unique. */
@QuarkusTest
class DivisionCodeTest {
    /** Codes no real place has (Fujian's are 35xxxx), distinct within the test JVM. */
    private static final AtomicInteger NEXT_DIVISION = new AtomicInteger(900_000 + ThreadLocalRandom.current().nextInt(50_000));

    static String uniqueDivision() {
        return String.valueOf(NEXT_DIVISION.incrementAndGet());
    }

    static Response create(String code, String type, String parent, String divisionCode) {
        Map<String, Object> body = new HashMap<>(Map.of("code", code, "nameZh", "测试" + code, "nameEn", "Test " + code, "type", type));
        if (parent != null) {
            body.put("parentCode", parent);
        }
        if (divisionCode != null) {
            body.put("divisionCode", divisionCode);
        }
        return given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/units");
    }

    private static Response patch(String code, Map<String, Object> body) {
        return given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON).body(body)
                .when().patch("/api/v1/units/" + code);
    }

    private static JsonPath byDivision(String division) {
        return given().header("Authorization", TestCallers.analyst()).queryParam("division", division)
                .when().get("/api/v1/units").then().statusCode(200).extract().jsonPath();
    }

    private static List<Map<String, Object>> seededCountiesOf(String city) {
        List<Map<String, Object>> items = given().header("Authorization", TestCallers.analyst())
                .queryParam("parent", city).queryParam("type", "COUNTY").queryParam("size", 500)
                .when().get("/api/v1/units").then().statusCode(200).extract().jsonPath().getList("items");
        // Other tests register counties of their own (without a code, or with one outside Fujian's 35xxxx).
        return items.stream().filter(u -> u.get("divisionCode") instanceof String d && d.startsWith("35")).toList();
    }

    @Test
    void theSeededRegistryHasEveryPlaceWithItsDivisionCode() {
        given().header("Authorization", TestCallers.analyst()).when().get("/api/v1/units/FJ")
                .then().statusCode(200).body("divisionCode", equalTo("350000"));
        Map<String, String> cityLevel = new HashMap<>();
        given().header("Authorization", TestCallers.analyst()).queryParam("type", "CITY").queryParam("parent", "FJ")
                .queryParam("size", 500).when().get("/api/v1/units").then().statusCode(200)
                .extract().jsonPath().<Map<String, Object>>getList("items")
                .stream().filter(u -> u.get("divisionCode") != null)
                .forEach(u -> cityLevel.put((String) u.get("code"), (String) u.get("divisionCode")));
        assertThat(cityLevel).containsAllEntriesOf(Map.of(
                "FJ-FUZHOU", "350100", "FJ-XIAMEN", "350200", "FJ-PUTIAN", "350300", "FJ-SANMING", "350400",
                "FJ-QUANZHOU", "350500", "FJ-ZHANGZHOU", "350600", "FJ-NANPING", "350700", "FJ-LONGYAN", "350800",
                "FJ-NINGDE", "350900", "FJ-PINGTAN", "350128"));

        Map<String, Integer> countiesPerCity = new HashMap<>();
        int total = 0;
        for (String city : cityLevel.keySet().stream().filter(c -> cityLevel.get(c).startsWith("35")).toList()) {
            List<Map<String, Object>> counties = seededCountiesOf(city);
            for (Map<String, Object> county : counties) {
                assertThat((String) county.get("divisionCode")).as(county.get("code") + " lies in " + city)
                        .startsWith(cityLevel.get(city).substring(0, 4));
                assertThat((String) county.get("code")).startsWith(city + "-");
            }
            countiesPerCity.put(city, counties.size());
            total += counties.size();
        }
        assertThat(total).isEqualTo(82);
        assertThat(countiesPerCity).containsEntry("FJ-FUZHOU", 12).containsEntry("FJ-QUANZHOU", 11)
                .containsEntry("FJ-PINGTAN", 0);

        given().header("Authorization", TestCallers.analyst()).when().get("/api/v1/units/FJ-FUZHOU-GULOU")
                .then().statusCode(200)
                .body("divisionCode", equalTo("350102"))
                .body("type", equalTo("COUNTY"))
                .body("parentCode", equalTo("FJ-FUZHOU"))
                .body("nameZh", equalTo("鼓楼区"))
                .body("nameEn", equalTo("Gulou District"))
                .body("aliases", contains("鼓楼区"))
                .body("activeFrom", equalTo("2000-01-01"))
                .body("active", equalTo(true));
        given().header("Authorization", TestCallers.analyst()).when().get("/api/v1/units/FJ-XIAMEN-SIMING")
                .then().statusCode(200).body("divisionCode", equalTo("350203")).body("parentCode", equalTo("FJ-XIAMEN"));
        given().header("Authorization", TestCallers.analyst()).when().get("/api/v1/units/FJ-NANPING-WUYISHAN")
                .then().statusCode(200).body("divisionCode", equalTo("350782")).body("parentCode", equalTo("FJ-NANPING"))
                .body("nameEn", equalTo("Wuyishan City"));
        // Pingtan: the zone's own city-level unit, keeping its name; not part of Fuzhou.
        given().header("Authorization", TestCallers.analyst()).when().get("/api/v1/units/FJ-PINGTAN")
                .then().statusCode(200).body("divisionCode", equalTo("350128")).body("parentCode", equalTo("FJ"))
                .body("type", equalTo("CITY")).body("nameZh", equalTo("平潭综合实验区"));
        given().header("Authorization", TestCallers.analyst()).when().get("/api/v1/units/FJ-FUZHOU/subtree")
                .then().statusCode(200).body("code", not(hasItem("FJ-PINGTAN"))).body("divisionCode", not(hasItem("350128")));
        // Jinmen: not registered.
        assertThat(byDivision("350527").getInt("total")).isZero();
        // Departments are not places.
        given().header("Authorization", TestCallers.analyst()).when().get("/api/v1/units/FJ-AMR")
                .then().statusCode(200).body("divisionCode", nullValue());
    }

    @Test
    void unitsAreLookedUpByDivisionCodeCombinedWithTheOtherFilters() {
        JsonPath gulou = byDivision("350102");
        assertThat(gulou.getList("items.code")).containsExactly("FJ-FUZHOU-GULOU");
        assertThat(gulou.getInt("total")).isEqualTo(1);
        assertThat(byDivision("350100").getList("items.code")).containsExactly("FJ-FUZHOU");
        assertThat(byDivision("350128").getList("items.code")).containsExactly("FJ-PINGTAN");
        assertThat(byDivision("999999").getInt("total")).isZero();
        given().header("Authorization", TestCallers.reporter("FJ-FUZHOU"))
                .queryParam("division", "350102").queryParam("parent", "FJ-FUZHOU").queryParam("type", "COUNTY").queryParam("active", true)
                .when().get("/api/v1/units").then().statusCode(200).body("items.code", contains("FJ-FUZHOU-GULOU"));
        given().header("Authorization", TestCallers.analyst())
                .queryParam("division", "350102").queryParam("type", "CITY")
                .when().get("/api/v1/units").then().statusCode(200).body("total", equalTo(0));
        given().header("Authorization", TestCallers.analyst())
                .queryParam("division", "350102").queryParam("parent", "FJ-XIAMEN")
                .when().get("/api/v1/units").then().statusCode(200).body("total", equalTo(0));
        given().header("Authorization", TestCallers.analyst())
                .queryParam("division", "350102").queryParam("q", "鼓楼")
                .when().get("/api/v1/units").then().statusCode(200).body("items.code", contains("FJ-FUZHOU-GULOU"));
        // An empty value is no filter, as with the other filters.
        given().header("Authorization", TestCallers.analyst()).queryParam("division", "").queryParam("size", 1)
                .when().get("/api/v1/units").then().statusCode(200).body("total", org.hamcrest.Matchers.greaterThan(100));
    }

    @Test
    void aDivisionThatIsNotSixAsciiDigitsIsAnInvalidQueryParameter() {
        for (String raw : List.of("35010", "3501020", "35010x", "abcdef", " 350102", "３５０１０２", "٣٥٠١٠٢", "350102%00")) {
            Response r = given().header("Authorization", TestCallers.analyst()).queryParam("division", raw)
                    .when().get("/api/v1/units");
            ProblemAssertions.assertProblem("division=" + raw, r, 400, "INVALID_QUERY_PARAMETER");
            assertThat(r.<List<String>>path("errors.field")).as(raw).containsExactly("division");
        }
    }

    @Test
    void createTakesADivisionCodeForPlacesOnly() {
        String code = UnitResourceTest.uniqueCode("PLACE");
        String division = uniqueDivision();
        create(code, "COUNTY", "FJ-XIAMEN", division).then().statusCode(201)
                .body("divisionCode", equalTo(division));
        assertThat(byDivision(division).getList("items.code")).containsExactly(code);

        // Without a code: null in every answer.
        String plain = UnitResourceTest.uniqueCode("PLAIN");
        create(plain, "COUNTY", "FJ-XIAMEN", null).then().statusCode(201).body("divisionCode", nullValue());

        for (String type : List.of("PROVINCIAL_DEPARTMENT", "CENTRAL_AGENCY_BRANCH", "OTHER")) {
            Response r = create(UnitResourceTest.uniqueCode("DEPT"), type, "FJ", uniqueDivision());
            ProblemAssertions.assertProblem(type + " with a division code", r, 422, "DIVISION_CODE_NOT_APPLICABLE");
        }
        for (String type : List.of("PROVINCE", "CITY")) {
            create(UnitResourceTest.uniqueCode("PLACE"), type, "FJ", uniqueDivision()).then().statusCode(201);
        }
    }

    @Test
    void divisionCodesMustBeSixAsciiDigits() {
        for (String bad : List.of("35010", "3501020", "", "35O102", "３５０１０２", "٣٥٠١٠٢", "350 02", "350102\n", "35010\n")) {
            String code = UnitResourceTest.uniqueCode("SHAPE");
            Response r = create(code, "COUNTY", "FJ-FUZHOU", bad);
            ProblemAssertions.assertProblem("divisionCode '" + bad + "'", r, 400, "VALIDATION_FAILED");
            assertThat(r.<List<String>>path("errors.field")).as(bad).containsExactly("divisionCode");
            given().header("Authorization", TestCallers.analyst()).when().get("/api/v1/units/" + code).then().statusCode(404);

            Response p = patch("FJ-FUZHOU-GULOU", Map.of("divisionCode", bad));
            ProblemAssertions.assertProblem("PATCH divisionCode '" + bad + "'", p, 400, "VALIDATION_FAILED");
            assertThat(p.<List<String>>path("errors.field")).as(bad).containsExactly("divisionCode");
        }
    }

    @Test
    void aDivisionCodeBelongsToOneUnit() {
        Response seeded = create(UnitResourceTest.uniqueCode("TWIN"), "COUNTY", "FJ-FUZHOU", "350102");
        ProblemAssertions.assertProblem("the seed's 350102 again", seeded, 409, "DIVISION_CODE_TAKEN");
        assertThat(seeded.<String>path("detail")).contains("FJ-FUZHOU-GULOU");

        String first = UnitResourceTest.uniqueCode("FIRST");
        String second = UnitResourceTest.uniqueCode("SECOND");
        String division = uniqueDivision();
        create(first, "COUNTY", "FJ-LONGYAN", division).then().statusCode(201);
        ProblemAssertions.assertProblem("duplicate", create(second, "COUNTY", "FJ-LONGYAN", division), 409, "DIVISION_CODE_TAKEN");
        create(second, "COUNTY", "FJ-LONGYAN", null).then().statusCode(201);
        ProblemAssertions.assertProblem("patch to a taken code", patch(second, Map.of("divisionCode", division)), 409, "DIVISION_CODE_TAKEN");
        assertThat(byDivision(division).getList("items.code")).containsExactly(first);
        // A unit's own code again is no change, and no conflict.
        patch(first, Map.of("divisionCode", division)).then().statusCode(200).body("version", equalTo(0));
    }

    @Test
    void patchChangesTheCodeAndKeepsDepartmentsWithoutOne() {
        String code = UnitResourceTest.uniqueCode("MOVE");
        String before = uniqueDivision();
        String after = uniqueDivision();
        create(code, "COUNTY", "FJ-NINGDE", before).then().statusCode(201);
        patch(code, Map.of("divisionCode", after)).then().statusCode(200)
                .body("divisionCode", equalTo(after)).body("version", equalTo(1));
        assertThat(byDivision(before).getInt("total")).isZero();
        assertThat(byDivision(after).getList("items.code")).containsExactly(code);
        // Leaving the field out (or null) keeps it.
        patch(code, Map.of("nameEn", "Renamed")).then().statusCode(200).body("divisionCode", equalTo(after));

        // A unit with a code cannot become a department; the PATCH changes nothing.
        for (String type : List.of("PROVINCIAL_DEPARTMENT", "CENTRAL_AGENCY_BRANCH", "OTHER")) {
            ProblemAssertions.assertProblem("to " + type, patch(code, Map.of("type", type)), 422, "DIVISION_CODE_NOT_APPLICABLE");
        }
        ProblemAssertions.assertProblem("to a department with a new code",
                patch(code, Map.of("type", "OTHER", "divisionCode", uniqueDivision(), "nameEn", "Changed")), 422, "DIVISION_CODE_NOT_APPLICABLE");
        ProblemAssertions.assertProblem("to a department under a new parent",
                patch(code, Map.of("type", "OTHER", "parentCode", "FJ")), 422, "DIVISION_CODE_NOT_APPLICABLE");
        given().header("Authorization", TestCallers.analyst()).when().get("/api/v1/units/" + code).then().statusCode(200)
                .body("type", equalTo("COUNTY")).body("nameEn", equalTo("Renamed")).body("parentCode", equalTo("FJ-NINGDE"))
                .body("divisionCode", equalTo(after)).body("version", equalTo(2));
        // Between place types it may move (a county made a city-level place keeps its code).
        patch(code, Map.of("type", "CITY", "parentCode", "FJ")).then().statusCode(200).body("divisionCode", equalTo(after));

        // A department cannot be given one, nor together with a type change to a department.
        ProblemAssertions.assertProblem("department", patch("FJ-AMR", Map.of("divisionCode", uniqueDivision())), 422, "DIVISION_CODE_NOT_APPLICABLE");
        String plain = UnitResourceTest.uniqueCode("PLAIN");
        create(plain, "COUNTY", "FJ-NINGDE", null).then().statusCode(201);
        ProblemAssertions.assertProblem("type and code together", patch(plain, Map.of("type", "OTHER", "divisionCode", uniqueDivision())),
                422, "DIVISION_CODE_NOT_APPLICABLE");
        // A unit without one may change type freely, and a department made a county may then get one.
        patch(plain, Map.of("type", "OTHER")).then().statusCode(200);
        patch(plain, Map.of("type", "COUNTY", "divisionCode", uniqueDivision())).then().statusCode(200).body("type", equalTo("COUNTY"));
        given().header("Authorization", TestCallers.analyst()).when().get("/api/v1/units/FJ-AMR").then().body("divisionCode", nullValue());
    }

    /** Concurrent writers of one code all pass the read-before-write check; the database decides, and the losers get 409. */
    @Test
    void concurrentClaimsOfOneCodeGiveOneUnitAndConflicts() throws Exception {
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            for (int round = 0; round < 3; round++) {
                String division = uniqueDivision();
                String sharedCode = UnitResourceTest.uniqueCode("RACE");
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Response>> answers = new ArrayList<>();
                for (int i = 0; i < writers; i++) {
                    // Half race for the division code with distinct unit codes, half for one unit code too.
                    String code = i % 2 == 0 ? UnitResourceTest.uniqueCode("RACE") : sharedCode;
                    answers.add(pool.submit(() -> {
                        start.await();
                        return create(code, "COUNTY", "FJ-PUTIAN", division);
                    }));
                }
                start.countDown();
                int created = 0;
                for (Future<Response> answer : answers) {
                    Response r = answer.get();
                    if (r.statusCode() == 201) {
                        created++;
                    } else {
                        ProblemAssertions.assertProblem("loser of round " + round, r, 409, null);
                        assertThat(r.<String>path("code")).isIn("DIVISION_CODE_TAKEN", "UNIT_CODE_TAKEN");
                    }
                }
                assertThat(created).as("round " + round).isEqualTo(1);
                assertThat(byDivision(division).getInt("total")).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
