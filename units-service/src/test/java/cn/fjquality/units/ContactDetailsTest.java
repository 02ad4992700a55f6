package cn.fjquality.units;

import cn.fjquality.events.Topics;
import cn.fjquality.security.Caller;
import cn.fjquality.security.Roles;
import cn.fjquality.testsupport.TestCallers;
import cn.fjquality.testsupport.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * A unit's contact details (contactName, contactEmail, contactPhone) are read only by ADMIN keys and by REPORTER keys
 * that may act for the unit (its own key, or a subtree key of a unit above it); for everyone else they are null, in
 * the single view, the list and the subtree. Units events never carry them.
 *
 * <p>The tree: city C (FJ) with counties U and S, and G below U; each with contact details of its own.
 */
@QuarkusTest
class ContactDetailsTest {
    private String city;
    private String county;
    private String sibling;
    private String below;
    private final Map<String, Map<String, String>> contacts = new LinkedHashMap<>();

    @BeforeEach
    void tree() {
        city = UnitResourceTest.uniqueCode("CC");
        county = UnitResourceTest.uniqueCode("CU");
        sibling = UnitResourceTest.uniqueCode("CS");
        below = UnitResourceTest.uniqueCode("CG");
        create(city, "FJ", "CITY");
        create(county, city, "COUNTY");
        create(sibling, city, "COUNTY");
        create(below, county, "OTHER");
    }

    private void create(String code, String parent, String type) {
        Map<String, String> own = Map.of(
                "contactName", "联系人" + code,
                "contactEmail", "contact-" + code.toLowerCase() + "@example.cn",
                "contactPhone", "0591-" + ThreadLocalRandom.current().nextInt(10_000_000, 99_999_999));
        contacts.put(code, own);
        Map<String, Object> body = new HashMap<>(own);
        body.putAll(Map.of("code", code, "nameZh", "联系测试" + code, "nameEn", "Contact test " + code, "type", type,
                "parentCode", parent));
        given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/units")
                .then().statusCode(201)
                .body("contactEmail", equalTo(own.get("contactEmail")))
                .body("contactPhone", equalTo(own.get("contactPhone")));
    }

    private static String reporter(String unit, boolean subtree) {
        return TestCallers.bearer(new Caller("test-reporter-" + unit.toLowerCase(), Roles.REPORTER, unit, subtree));
    }

    @Test
    void adminsSeeEveryUnitsContactDetails() {
        assertSees(TestCallers.admin(), Set.of(city, county, sibling, below));
    }

    @Test
    void aReporterSeesItsOwnUnitsOnly() {
        assertSees(reporter(county, false), Set.of(county));
    }

    @Test
    void aSubtreeReporterAlsoSeesTheUnitsBelowItsUnitAtAnyDepth() {
        assertSees(reporter(city, true), Set.of(city, county, sibling, below));
        assertSees(reporter(county, true), Set.of(county, below));
    }

    @Test
    void aReporterWithoutSubtreeDoesNotSeeTheUnitsBelow() {
        assertSees(reporter(city, false), Set.of(city));
    }

    @Test
    void analystsTheGatewayAndOtherUnitsReportersSeeNone() {
        assertSees(TestCallers.analyst(), Set.of());
        assertSees(TestCallers.gateway(), Set.of());
        assertSees(reporter("FJ-XIAMEN", true), Set.of());
        assertSees(reporter(sibling, false), Set.of(sibling));
    }

    @Test
    void unitEventsNeverCarryContactDetails() {
        given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON)
                .body(Map.of("contactPhone", "0591-00000000", "nameEn", "Renamed " + county))
                .when().patch("/api/v1/units/" + county)
                .then().statusCode(200).body("contactPhone", equalTo("0591-00000000"));
        try (TopicProbe probe = new TopicProbe(Topics.UNITS)) {
            probe.pollUntil(rs -> ofUnit(rs, county).size() >= 2, Duration.ofSeconds(30));
            List<ConsumerRecord<String, String>> events = ofUnit(probe.drain(Duration.ofSeconds(1)), county);
            assertThat(events).hasSize(2);
            for (ConsumerRecord<String, String> event : events) {
                Map<String, Object> payload = JsonPath.from(event.value()).getMap("payload");
                assertThat(payload).as(event.value()).doesNotContainKeys("contactName", "contactEmail", "contactPhone");
                assertThat(event.value()).doesNotContain(contacts.get(county).get("contactEmail"))
                        .doesNotContain(contacts.get(county).get("contactPhone"))
                        .doesNotContain("0591-00000000")
                        .doesNotContain(contacts.get(county).get("contactName"));
            }
        }
    }

    private static List<ConsumerRecord<String, String>> ofUnit(List<ConsumerRecord<String, String>> records, String code) {
        return records.stream().filter(r -> code.equals(r.key())).toList();
    }

    /**
     * The caller reads every unit of the tree through each read endpoint: the units in {@code visible} with all three
     * contact fields, every other one with none of them (null in the JSON, and the values nowhere in the body).
     */
    private void assertSees(String caller, Set<String> visible) {
        Map<String, String> bodies = new LinkedHashMap<>();
        for (String code : contacts.keySet()) {
            bodies.put("GET /api/v1/units/" + code, given().header("Authorization", caller)
                    .when().get("/api/v1/units/" + code).then().statusCode(200).extract().asString());
        }
        bodies.put("GET /api/v1/units/" + city + "/subtree", given().header("Authorization", caller)
                .when().get("/api/v1/units/" + city + "/subtree").then().statusCode(200).extract().asString());
        bodies.put("GET /api/v1/units?parent=" + city, given().header("Authorization", caller)
                .queryParam("parent", city).when().get("/api/v1/units").then().statusCode(200).extract().asString());
        bodies.put("GET /api/v1/units?q=联系测试", given().header("Authorization", caller)
                .queryParam("q", "联系测试").queryParam("size", 500).when().get("/api/v1/units").then().statusCode(200).extract().asString());

        Map<String, Integer> seenIn = new HashMap<>();
        bodies.forEach((request, body) -> {
            JsonPath json = JsonPath.from(body);
            List<Map<String, Object>> units = body.startsWith("[") ? json.getList("")
                    : body.contains("\"items\"") ? json.getList("items") : List.of(json.getMap(""));
            for (Map<String, Object> unit : units) {
                String code = (String) unit.get("code");
                if (!contacts.containsKey(code)) {
                    continue;
                }
                seenIn.merge(code, 1, Integer::sum);
                Map<String, String> expected = contacts.get(code);
                for (String field : expected.keySet()) {
                    if (visible.contains(code)) {
                        assertThat(unit.get(field)).as(request + ": " + field + " of " + code).isEqualTo(expected.get(field));
                    } else {
                        assertThat(unit.get(field)).as(request + ": " + field + " of " + code + " must be hidden").isNull();
                    }
                }
            }
            contacts.forEach((code, own) -> {
                if (!visible.contains(code)) {
                    own.values().forEach(value -> assertThat(body).as(request + ": " + code + "'s contact details").doesNotContain(value));
                }
            });
        });
        assertThat(seenIn).as("each unit was read through several endpoints").containsOnlyKeys(contacts.keySet());
    }
}
