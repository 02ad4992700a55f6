package cn.fjquality.reports;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import java.util.HashMap;
import java.util.Map;

import static io.restassured.RestAssured.given;

/** Small helpers over the real HTTP API. */
public final class Api {
    private Api() {
    }

    public static Map<String, Object> row(String target, String unit, String period, Object value) {
        Map<String, Object> m = new HashMap<>();
        m.put("target", target);
        m.put("unit", unit);
        m.put("period", period);
        if (value != null) {
            m.put("value", value);
        }
        return m;
    }

    public static ValidatableResponse submit(String auth, Map<String, Object> body) {
        return given().header("Authorization", auth).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/measurements").then();
    }

    public static String submitOk(String auth, Map<String, Object> body) {
        return submit(auth, body).statusCode(201).extract().path("id");
    }

    public static ValidatableResponse importCsv(String auth, String csv, boolean dryRun) {
        return given().header("Authorization", auth).contentType("text/csv; charset=UTF-8")
                .queryParam("dryRun", dryRun).body(csv.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .when().post("/api/v1/imports").then();
    }

    public static ValidatableResponse importCsv(String auth, byte[] csv) {
        return given().header("Authorization", auth).contentType("text/csv")
                .body(csv).when().post("/api/v1/imports").then();
    }
}
