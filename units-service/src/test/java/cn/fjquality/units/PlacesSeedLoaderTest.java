package cn.fjquality.units;

import cn.fjquality.events.Topics;
import cn.fjquality.testsupport.TestCallers;
import cn.fjquality.testsupport.TopicProbe;
import cn.fjquality.units.service.UnitSeedLoader;
import cn.fjquality.units.service.UnitSeedLoader.SeedResult;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.apache.commons.codec.digest.DigestUtils;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

/**
 * The seed with the places folded in: idempotent, applied once per changed entry (a registry seeded before places
 * had codes gets them with one UnitUpdated each, departments untouched), and loud about a code taken through the API.
 */
@QuarkusTest
class PlacesSeedLoaderTest {
    /** units-v1.json's 84 units plus places-v1.json's 82 counties. */
    static final int SEED_ENTRIES = 84 + 82;

    @Inject
    UnitSeedLoader seed;
    @Inject
    ObjectMapper mapper;
    @Inject
    AgroalDataSource db;

    /** A unit seed entry as the release before division codes had it: its JSON form is what that release hashed. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record PreviousSeedUnit(String code, String nameZh, String nameEn, String type, String parentCode,
                            LocalDate activeFrom, LocalDate activeTo, List<String> aliases, String note, String contactEmail) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record PreviousSeedFile(int version, List<PreviousSeedUnit> units) {
    }

    private String previousHash(String code) throws Exception {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("seed/units-v1.json")) {
            PreviousSeedUnit entry = mapper.readValue(in, PreviousSeedFile.class).units().stream()
                    .filter(u -> u.code().equals(code)).findFirst().orElseThrow();
            return DigestUtils.sha256Hex(mapper.writeValueAsBytes(entry));
        }
    }

    private Object single(String sql, Object... params) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getObject(1) : null;
            }
        }
    }

    private int update(String sql, Object... params) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate();
        }
    }

    private long lastOutboxId() throws Exception {
        Object id = single("SELECT coalesce(max(id), 0) FROM outbox_event");
        return ((Number) id).longValue();
    }

    @Test
    void loadingTheSeedAgainChangesNothingAndPublishesNothing() throws Exception {
        long before = lastOutboxId();
        for (int i = 0; i < 2; i++) {
            SeedResult again = seed.load();
            assertThat(again).isEqualTo(new SeedResult(0, 0, SEED_ENTRIES));
        }
        assertThat(lastOutboxId()).as("no new event").isEqualTo(before);
    }

    @Test
    void departmentsHashAsTheyDidBeforePlacesHadCodes() throws Exception {
        // So the first start of this release updates the places only, not every unit of the seed.
        for (String department : List.of("FJ-AMR", "FJ-AGRI", "FJ-HEALTH")) {
            assertThat(single("SELECT seed_hash FROM unit WHERE code = ?", department)).as(department)
                    .isEqualTo(previousHash(department));
        }
        assertThat(single("SELECT seed_hash FROM unit WHERE code = 'FJ-NINGDE'")).as("a place's entry now includes its code")
                .isNotEqualTo(previousHash("FJ-NINGDE"));
    }

    @Test
    void aRegistrySeededBeforePlacesHadCodesGetsThemOnceWithAnEvent() throws Exception {
        // The state the previous release left: the city without a code, hashed without one; no counties.
        update("UPDATE unit SET division_code = NULL, seed_hash = ? WHERE code = 'FJ-NINGDE'", previousHash("FJ-NINGDE"));
        update("DELETE FROM unit WHERE code = 'FJ-NINGDE-ZHERONG'");
        long before = lastOutboxId();

        assertThat(seed.load()).isEqualTo(new SeedResult(1, 1, SEED_ENTRIES - 2));
        given().header("Authorization", TestCallers.analyst()).when().get("/api/v1/units/FJ-NINGDE")
                .then().statusCode(200).body("divisionCode", equalTo("350900")).body("nameZh", equalTo("宁德市"));
        given().header("Authorization", TestCallers.analyst()).when().get("/api/v1/units/FJ-NINGDE-ZHERONG")
                .then().statusCode(200).body("divisionCode", equalTo("350926")).body("parentCode", equalTo("FJ-NINGDE"))
                .body("nameEn", equalTo("Zherong County"));
        assertThat(lastOutboxId() - before).as("one event each").isEqualTo(2);
        assertThat(seed.load()).as("and only once").isEqualTo(new SeedResult(0, 0, SEED_ENTRIES));
        assertThat(lastOutboxId() - before).isEqualTo(2);

        try (TopicProbe probe = new TopicProbe(Topics.UNITS)) {
            probe.pollUntil(rs -> last(rs, "FJ-NINGDE-ZHERONG") != null && "UnitUpdated".equals(type(last(rs, "FJ-NINGDE"))),
                    Duration.ofSeconds(30));
            List<ConsumerRecord<String, String>> seen = probe.drain(Duration.ofMillis(500));
            JsonNode city = mapper.readTree(last(seen, "FJ-NINGDE").value());
            assertThat(city.get("type").asText()).isEqualTo("UnitUpdated");
            assertThat(city.at("/payload/divisionCode").asText()).isEqualTo("350900");
            JsonNode county = mapper.readTree(last(seen, "FJ-NINGDE-ZHERONG").value());
            assertThat(county.get("type").asText()).isEqualTo("UnitRegistered");
            assertThat(county.at("/payload/divisionCode").asText()).isEqualTo("350926");
        }
    }

    @Test
    void aSeedCodeTakenThroughTheApiStopsTheLoadUntilAHumanDecides() throws Exception {
        update("DELETE FROM unit WHERE code = 'FJ-NINGDE-XIAPU'");
        String squatter = UnitResourceTest.uniqueCode("SQUAT");
        DivisionCodeTest.create(squatter, "COUNTY", "FJ-NINGDE", "350921").then().statusCode(201);
        try {
            assertThatThrownBy(() -> seed.load()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("FJ-NINGDE-XIAPU").hasMessageContaining("350921").hasMessageContaining(squatter);
            assertThat(single("SELECT count(*) FROM unit WHERE code = 'FJ-NINGDE-XIAPU'")).as("nothing half-applied")
                    .isEqualTo(0L);
        } finally {
            given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON)
                    .body(Map.of("divisionCode", DivisionCodeTest.uniqueDivision())).when().patch("/api/v1/units/" + squatter)
                    .then().statusCode(200);
        }
        assertThat(seed.load().inserted()).isEqualTo(1);
        given().header("Authorization", TestCallers.analyst()).queryParam("division", "350921").when().get("/api/v1/units")
                .then().statusCode(200).body("items.code", org.hamcrest.Matchers.contains("FJ-NINGDE-XIAPU"));
    }

    private static ConsumerRecord<String, String> last(List<ConsumerRecord<String, String>> records, String key) {
        ConsumerRecord<String, String> found = null;
        for (ConsumerRecord<String, String> r : records) {
            if (key.equals(r.key())) {
                found = r;
            }
        }
        return found;
    }

    private String type(ConsumerRecord<String, String> record) {
        try {
            return record == null ? null : mapper.readTree(record.value()).get("type").asText();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
