package cn.fjquality.reports.service;

import cn.fjquality.events.places.Places;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

class PlaceRulesTest {
    /** Code, type, parent, division code. */
    static final String[][] UNITS = {
            {"FJ", "PROVINCE", null, "350000"},
            {"DEPT", "PROVINCIAL_DEPARTMENT", "FJ", null},
            {"CUSTOMS", "CENTRAL_AGENCY_BRANCH", "FJ", null},
            {"FZ", "CITY", "FJ", "350100"},
            {"GL", "COUNTY", "FZ", "350102"},
            {"FZ-AMR", "OTHER", "FZ", null},
            {"XM", "CITY", "FJ", "350200"},
            {"SM", "COUNTY", "XM", "350203"},
            {"LOOSE", "OTHER", null, null},
            {"CYCLE-A", "OTHER", "CYCLE-B", null},
            {"CYCLE-B", "OTHER", "CYCLE-A", null},
    };
    static final Map<String, Places.Node> BY_CODE = Stream.of(UNITS)
            .collect(Collectors.toMap(u -> u[0], u -> new Places.Node(u[0], u[1], u[2])));
    static final Map<String, Places.Node> BY_DIVISION = Stream.of(UNITS).filter(u -> u[3] != null)
            .collect(Collectors.toMap(u -> u[3], u -> BY_CODE.get(u[0])));

    @ParameterizedTest(name = "{0} naming [{1}] -> {2}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            DEPT    | -        | FJ
            DEPT    | ' '      | FJ
            DEPT    | FJ       | FJ
            DEPT    | FZ       | FZ
            DEPT    | ' GL '   | GL
            DEPT    | 350102   | GL
            DEPT    | 350000   | FJ
            CUSTOMS | SM       | SM
            FJ      | -        | FJ
            FJ      | XM       | XM
            FZ      | -        | FZ
            FZ      | FZ       | FZ
            FZ      | GL       | GL
            FZ      | 350102   | GL
            FZ-AMR  | -        | FZ
            FZ-AMR  | GL       | GL
            GL      | -        | GL
            GL      | 350102   | GL
            FZ      | XM       | PLACE_NOT_ALLOWED
            FZ      | SM       | PLACE_NOT_ALLOWED
            FZ      | FJ       | PLACE_NOT_ALLOWED
            FZ      | 350000   | PLACE_NOT_ALLOWED
            GL      | FZ       | PLACE_NOT_ALLOWED
            GL      | 350100   | PLACE_NOT_ALLOWED
            FZ-AMR  | XM       | PLACE_NOT_ALLOWED
            LOOSE   | -        | PLACE_NOT_ALLOWED
            LOOSE   | FJ       | PLACE_NOT_ALLOWED
            CYCLE-A | -        | PLACE_NOT_ALLOWED
            DEPT    | DEPT     | UNKNOWN_PLACE
            FZ      | FZ-AMR   | UNKNOWN_PLACE
            DEPT    | NOPE     | UNKNOWN_PLACE
            DEPT    | 999999   | UNKNOWN_PLACE
            DEPT    | 35010    | UNKNOWN_PLACE
            DEPT    | 3501020  | UNKNOWN_PLACE
            DEPT    | FJ-THIS-CODE-IS-LONGER-THAN-32-CH | UNKNOWN_PLACE
            LOOSE   | DEPT     | UNKNOWN_PLACE
            """)
    void resolvesThePlaceOrSaysWhyNot(String unit, String given, String expected) {
        PlaceRules.Outcome o = PlaceRules.resolve(given, unit, BY_CODE::get, BY_DIVISION::get);
        if (expected.equals("UNKNOWN_PLACE") || expected.equals("PLACE_NOT_ALLOWED")) {
            assertNull(o.place());
            assertNotNull(o.rejection());
            assertEquals(expected, o.rejection().code(), o.rejection().message());
            assertEquals("place", o.rejection().field());
            assertEquals(422, o.rejection().status());
        } else {
            assertNull(o.rejection(), () -> o.rejection().message());
            assertEquals(expected, o.place());
        }
    }

    @ParameterizedTest
    @CsvSource({"350102, true", "000000, true", "35010, false", "3501020, false", "35010a, false", "FJ, false", "' 350102', false"})
    void sixDigitsAreADivisionCode(String s, boolean expected) {
        assertEquals(expected, PlaceRules.isDivisionCode(s));
    }

    @org.junit.jupiter.api.Test
    void aCodeWithControlCharactersIsNotLookedUp() {
        Function<String, Places.Node> failing = c -> {
            throw new AssertionError("looked up " + c);
        };
        assertEquals("UNKNOWN_PLACE", PlaceRules.resolve("FZ\u0000X", "DEPT", c -> c.equals("DEPT") || c.equals("FJ") ? BY_CODE.get(c)
                : failing.apply(c), failing).rejection().code());
    }

    @org.junit.jupiter.api.Test
    void aDivisionCodeIsNotLookedUpAsAUnitCode() {
        Function<String, Places.Node> byCode = c -> c.equals("350102") ? new Places.Node("350102", "COUNTY", "FJ") : BY_CODE.get(c);
        assertEquals("UNKNOWN_PLACE", PlaceRules.resolve("350102", "DEPT", byCode, d -> null).rejection().code());
    }
}
