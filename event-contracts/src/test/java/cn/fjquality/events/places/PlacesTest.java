package cn.fjquality.events.places;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PlacesTest {
    private static final Map<String, Places.Node> UNITS = Map.of(
            "FJ", new Places.Node("FJ", "PROVINCE", null),
            "FJ-AMR", new Places.Node("FJ-AMR", "PROVINCIAL_DEPARTMENT", "FJ"),
            "FJ-FUZHOU", new Places.Node("FJ-FUZHOU", "CITY", "FJ"),
            "FJ-FUZHOU-GULOU", new Places.Node("FJ-FUZHOU-GULOU", "COUNTY", "FJ-FUZHOU"),
            "FZ-AMR", new Places.Node("FZ-AMR", "OTHER", "FJ-FUZHOU"),
            "FZ-AMR-LAB", new Places.Node("FZ-AMR-LAB", "OTHER", "FZ-AMR"),
            "ORPHAN", new Places.Node("ORPHAN", "OTHER", "GONE"),
            "LOOP-A", new Places.Node("LOOP-A", "OTHER", "LOOP-B"),
            "LOOP-B", new Places.Node("LOOP-B", "OTHER", "LOOP-A"));

    @ParameterizedTest(name = "{0} describes {1}")
    @CsvSource(nullValues = "null", value = {
            "FJ,              FJ",
            "FJ-FUZHOU,       FJ-FUZHOU",
            "FJ-FUZHOU-GULOU, FJ-FUZHOU-GULOU",
            "FJ-AMR,          FJ",
            "FZ-AMR,          FJ-FUZHOU",
            "FZ-AMR-LAB,      FJ-FUZHOU",
            "ORPHAN,          null",
            "LOOP-A,          null",
            "UNKNOWN,         null",
    })
    void defaultPlace(String unit, String place) {
        assertEquals(place, Places.defaultPlace(unit, UNITS::get));
    }

    @ParameterizedTest(name = "{0} at or below {1}: {2}")
    @CsvSource({
            "FJ-FUZHOU-GULOU, FJ-FUZHOU,       true",
            "FJ-FUZHOU-GULOU, FJ,              true",
            "FJ-FUZHOU,       FJ-FUZHOU,       true",
            "FJ,              FJ-FUZHOU,       false",
            "FJ-FUZHOU,       FJ-FUZHOU-GULOU, false",
            "UNKNOWN,         FJ,              false",
    })
    void atOrBelow(String place, String ancestor, boolean expected) {
        assertEquals(expected, Places.isAtOrBelow(place, ancestor, UNITS::get));
    }
}
