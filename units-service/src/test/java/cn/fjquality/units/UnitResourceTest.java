package cn.fjquality.units;

import cn.fjquality.testsupport.TestCallers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
class UnitResourceTest {

    static String uniqueCode(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    }

    static void createUnit(String code, String parent, String type) {
        given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON)
                .body(Map.of("code", code, "nameZh", "测试单位" + code, "nameEn", "Test unit " + code,
                        "type", type, "parentCode", parent))
                .when().post("/api/v1/units")
                .then().statusCode(201);
    }

    @Test
    void seedHasTheProvinceTheCitiesAndTheLeadDepartments() {
        given().header("Authorization", TestCallers.analyst())
                .when().get("/api/v1/units/FJ")
                .then().statusCode(200)
                .body("nameZh", equalTo("福建省"))
                .body("type", equalTo("PROVINCE"));
        given().header("Authorization", TestCallers.analyst())
                .queryParam("type", "CITY").queryParam("parent", "FJ").queryParam("size", 100)
                .when().get("/api/v1/units")
                .then().statusCode(200)
                .body("items.code", hasItems("FJ-FUZHOU", "FJ-XIAMEN", "FJ-ZHANGZHOU", "FJ-QUANZHOU", "FJ-SANMING",
                        "FJ-PUTIAN", "FJ-NANPING", "FJ-LONGYAN", "FJ-NINGDE", "FJ-PINGTAN"))
                .body("total", greaterThanOrEqualTo(10));
        given().header("Authorization", TestCallers.reporter("FJ-FUZHOU"))
                .queryParam("q", "市场监督管理局")
                .when().get("/api/v1/units")
                .then().statusCode(200)
                .body("items.code", hasItem("FJ-AMR"));
    }

    @Test
    void createGetPatchDeactivate() {
        String code = uniqueCode("T");
        given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON)
                .body(Map.of("code", code, "nameZh", "鼓楼区", "nameEn", "Gulou District", "type", "COUNTY",
                        "parentCode", "FJ-FUZHOU", "activeFrom", "2024-01-01", "contactEmail", "stats@gulou.example.cn"))
                .when().post("/api/v1/units")
                .then().statusCode(201)
                .header("Location", endsWith("/api/v1/units/" + code))
                .body("code", equalTo(code))
                .body("active", equalTo(true))
                .body("parentCode", equalTo("FJ-FUZHOU"));

        given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON)
                .body(Map.of("nameEn", "Gulou District, Fuzhou"))
                .when().patch("/api/v1/units/" + code)
                .then().statusCode(200)
                .body("nameEn", equalTo("Gulou District, Fuzhou"))
                .body("nameZh", equalTo("鼓楼区"))
                .body("version", equalTo(1));

        given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON)
                .body(Map.of("activeTo", "2024-06-30"))
                .when().post("/api/v1/units/" + code + "/deactivate")
                .then().statusCode(200)
                .body("activeTo", equalTo("2024-06-30"))
                .body("active", equalTo(false));

        given().header("Authorization", TestCallers.analyst())
                .queryParam("active", false).queryParam("q", code).when().get("/api/v1/units")
                .then().statusCode(200).body("items.code", contains(code));
        given().header("Authorization", TestCallers.analyst())
                .queryParam("active", true).queryParam("q", code).when().get("/api/v1/units")
                .then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void duplicateCodeIsAConflict() {
        String code = uniqueCode("DUP");
        createUnit(code, "FJ", "OTHER");
        given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON)
                .body(Map.of("code", code, "nameZh", "重复", "nameEn", "Duplicate", "type", "OTHER"))
                .when().post("/api/v1/units")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("code", equalTo("UNIT_CODE_TAKEN"));
    }

    @Test
    void unknownParentIsUnprocessable() {
        given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON)
                .body(Map.of("code", uniqueCode("ORPHAN"), "nameZh", "孤儿", "nameEn", "Orphan", "type", "COUNTY",
                        "parentCode", "NO-SUCH-PARENT"))
                .when().post("/api/v1/units")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo("UNKNOWN_PARENT"));
    }

    @Test
    void unknownUnitIsNotFound() {
        given().header("Authorization", TestCallers.analyst())
                .when().get("/api/v1/units/NO-SUCH-UNIT")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("code", equalTo("UNIT_NOT_FOUND"))
                .body("status", equalTo(404));
    }

    @Test
    void subtreeReturnsDescendantsAtAnyDepthAndRefusesCycles() {
        String city = uniqueCode("CITY");
        String county = uniqueCode("COUNTY");
        String town = uniqueCode("TOWN");
        createUnit(city, "FJ", "CITY");
        createUnit(county, city, "COUNTY");
        createUnit(town, county, "OTHER");
        given().header("Authorization", TestCallers.analyst())
                .when().get("/api/v1/units/" + city + "/subtree")
                .then().statusCode(200)
                .body("code", contains(county, town))
                .body("code", not(hasItem(city)));
        given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON)
                .body(Map.of("parentCode", town))
                .when().patch("/api/v1/units/" + city)
                .then().statusCode(422)
                .body("code", equalTo("PARENT_CYCLE"));
    }

    @Test
    void pagingIsStableAndBounded() {
        given().header("Authorization", TestCallers.analyst())
                .queryParam("size", 5).queryParam("page", 1)
                .when().get("/api/v1/units")
                .then().statusCode(200)
                .body("items.size()", equalTo(5))
                .body("page", equalTo(1))
                .body("total", greaterThanOrEqualTo(20))
                .body("items.code", everyItem(notNullValue()));
        given().header("Authorization", TestCallers.analyst())
                .queryParam("size", 5000)
                .when().get("/api/v1/units")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("VALIDATION_FAILED"));
    }
}
