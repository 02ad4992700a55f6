package cn.fjquality.reports.service;

import cn.fjquality.reports.domain.TargetCopy;
import cn.fjquality.reports.domain.UnitCopy;
import cn.fjquality.reports.service.Verdict.Valid;
import cn.fjquality.security.Caller;
import cn.fjquality.security.Roles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * {@link SubmissionRules}, one table per rule, against units and targets held in maps. Each table's rows pass every
 * rule before the one under test, so a row's verdict is that rule's. Expected: the rejection's code and field, or
 * {@code VALID} with the resolved place and value.
 */
class SubmissionRulesTest {
    /** Today in Asia/Shanghai: 2025Q1 and 202505 are over, 2025Q2, 202506 and 2025 are not. */
    static final LocalDate TODAY = LocalDate.of(2025, 6, 1);

    static final Map<String, UnitCopy> UNITS = new HashMap<>();
    static final Map<String, TargetCopy> TARGETS = new HashMap<>();

    static {
        unit("FJ", "PROVINCE", null, "350000", null);
        unit("DEPT", "PROVINCIAL_DEPARTMENT", "FJ", null, null);
        unit("FZ", "CITY", "FJ", "350100", null);
        unit("GL", "COUNTY", "FZ", "350102", null);
        unit("XM", "CITY", "FJ", "350200", null);
        unit("SM", "COUNTY", "XM", "350203", null);
        unit("MERGED", "COUNTY", "FZ", "350199", LocalDate.of(2021, 12, 31)).activeFrom = LocalDate.of(2020, 1, 1);
        unit("LOOSE", "OTHER", null, null, null);
        // YEAR, lead figure only, 2021-2025 with base year 2020, a percentage between 0 and 100
        target("RATE", "YEAR", "LEAD_UNIT_ONLY", "%", 0, 100, List.of("DEPT"), List.of("FZ", "XM", "MERGED", "LOOSE"));
        // QUARTER, shares of units below a contributing one add up, no bounds, no base year
        target("SUM", "QUARTER", "SUM", "件", null, null, List.of("DEPT"), List.of("FZ")).baselineYear = null;
        // a percentage given as numerator and denominator
        target("PCT", "YEAR", "RATIO", "%", 0, 100, List.of("DEPT"), List.of("FZ"));
        // a ratio that is no percentage: patents per 10,000 people, the numerator may be the larger
        target("PER", "YEAR", "RATIO", "件/万人", null, null, List.of("DEPT"), List.of("FZ"));
        target("GONE", "YEAR", "LEAD_UNIT_ONLY", "%", null, null, List.of("DEPT"), List.of()).retired = true;
    }

    static final Map<String, Caller> CALLERS = Map.of(
            "admin", new Caller("k-admin", Roles.ADMIN, null, false),
            "fz", new Caller("k-fz", Roles.REPORTER, "FZ", false),
            "fz+", new Caller("k-fz-subtree", Roles.REPORTER, "FZ", true),
            "gl", new Caller("k-gl", Roles.REPORTER, "GL", false),
            "analyst", new Caller("k-analyst", Roles.ANALYST, null, false));

    @ParameterizedTest(name = "[{0}|{1}|{2}] -> {3} {4}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            -      | FZ  | 2024 | MISSING_FIELD | target
            ' '    | FZ  | 2024 | MISSING_FIELD | target
            RATE   | -   | 2024 | MISSING_FIELD | unit
            RATE   | ''  | 2024 | MISSING_FIELD | unit
            RATE   | FZ  | -    | MISSING_FIELD | period
            RATE   | FZ  | ' '  | MISSING_FIELD | period
            -      | -   | -    | MISSING_FIELD | target
            RATE   | FZ  | 2024 | VALID         | FZ
            """)
    void requiredFields(String target, String unit, String period, String expected, String detail) {
        assertVerdict(expected, detail, check("admin", row(target, unit, null, period, "90")));
    }

    @Test
    void aRowThatCouldNotBeReadKeepsItsRejection() {
        Rejection bad = Rejection.of("value", "VALUE_NOT_NUMERIC", "value is not a number: abc");
        assertEquals(bad, check("admin", SubmissionRow.rejected(7, bad)));
    }

    @ParameterizedTest(name = "[{0}] -> {1} {2}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            NOPE     | UNKNOWN_TARGET | target
            rate     | UNKNOWN_TARGET | target
            GONE     | TARGET_RETIRED | target
            ' RATE ' | VALID          | FZ
            """)
    void target(String target, String expected, String detail) {
        assertVerdict(expected, detail, check("admin", row(target, "FZ", null, "2024", "90")));
    }

    @ParameterizedTest(name = "{0} for [{2}] of {1} -> {3} {4}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            admin   | RATE | NOPE   | UNKNOWN_UNIT      | unit
            admin   | RATE | ' FZ ' | VALID             | FZ
            fz      | RATE | FZ     | VALID             | FZ
            fz      | RATE | XM     | UNIT_OUT_OF_SCOPE | unit
            fz      | SUM  | GL     | UNIT_OUT_OF_SCOPE | unit
            fz+     | SUM  | GL     | VALID             | GL
            gl      | SUM  | FZ     | UNIT_OUT_OF_SCOPE | unit
            analyst | RATE | FZ     | UNIT_OUT_OF_SCOPE | unit
            admin   | RATE | DEPT   | VALID             | FJ
            admin   | RATE | GL     | UNIT_NOT_ALLOWED  | unit
            admin   | SUM  | XM     | UNIT_NOT_ALLOWED  | unit
            admin   | SUM  | SM     | UNIT_NOT_ALLOWED  | unit
            admin   | SUM  | GL     | VALID             | GL
            admin   | PCT  | GL     | VALID             | GL
            """)
    void unitAndScope(String caller, String target, String unit, String expected, String detail) {
        String period = target.equals("SUM") ? "2024Q1" : "2024";
        assertVerdict(expected, detail, check(caller, row(target, unit, null, period, "90")));
    }

    @Test
    void aKeyOutOfScopeIsForbiddenNotUnprocessable() {
        Rejection r = assertInstanceOf(Rejection.class, check("fz", row("RATE", "XM", null, "2024", "90")));
        assertEquals(403, r.status());
        assertEquals(422, assertInstanceOf(Rejection.class, check("admin", row("RATE", "GL", null, "2024", "90"))).status());
    }

    /** The place rules themselves are PlaceRulesTest's; here: the row's place reaches them, resolved by the lookups. */
    @ParameterizedTest(name = "{0} naming [{1}] -> {2} {3}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            FZ    | -      | VALID             | FZ
            FZ    | GL     | VALID             | GL
            FZ    | 350102 | VALID             | GL
            FZ    | 350200 | PLACE_NOT_ALLOWED | place
            FZ    | 999999 | UNKNOWN_PLACE     | place
            FZ    | DEPT   | UNKNOWN_PLACE     | place
            DEPT  | SM     | VALID             | SM
            LOOSE | -      | PLACE_NOT_ALLOWED | place
            """)
    void place(String unit, String place, String expected, String detail) {
        assertVerdict(expected, detail, check("admin", row("RATE", unit, place, "2024", "90")));
    }

    @ParameterizedTest(name = "{0} {1} by {2} -> {3} {4}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            RATE | 2024Q5  | FZ     | MALFORMED_PERIOD    | period
            RATE | 24      | FZ     | MALFORMED_PERIOD    | period
            SUM  | 2024    | FZ     | WRONG_FREQUENCY     | period
            SUM  | 2024S1  | FZ     | WRONG_FREQUENCY     | period
            SUM  | 2024Q3  | FZ     | VALID               | FZ
            SUM  | 202407  | FZ     | VALID               | FZ
            RATE | 2024Q3  | FZ     | VALID               | FZ
            RATE | 2025    | FZ     | FUTURE_PERIOD       | period
            SUM  | 2025Q2  | FZ     | FUTURE_PERIOD       | period
            SUM  | 2025Q1  | FZ     | VALID               | FZ
            SUM  | 202505  | FZ     | VALID               | FZ
            SUM  | 202506  | FZ     | FUTURE_PERIOD       | period
            RATE | 2019    | FZ     | PERIOD_OUTSIDE_PLAN | period
            RATE | 2020    | FZ     | VALID               | FZ
            RATE | 2020Q4  | FZ     | VALID               | FZ
            SUM  | 2020Q4  | FZ     | PERIOD_OUTSIDE_PLAN | period
            RATE | 2021    | MERGED | VALID               | MERGED
            RATE | 2022    | MERGED | UNIT_INACTIVE       | unit
            """)
    void period(String target, String period, String unit, String expected, String detail) {
        assertVerdict(expected, detail, check("admin", row(target, unit, null, period, "90")));
    }

    @ParameterizedTest(name = "{0} characters -> {1} {2}")
    @CsvSource(delimiter = '|', textBlock = """
            0    | VALID            | FZ
            1000 | VALID            | FZ
            1001 | COMMENT_TOO_LONG | comment
            """)
    void comment(int length, String expected, String detail) {
        SubmissionRow row = new SubmissionRow(1, "RATE", "FZ", null, "2024", new BigDecimal("90"), null, null, "备".repeat(length), null);
        assertVerdict(expected, detail, check("admin", row));
    }

    @ParameterizedTest(name = "{0}: value {1}, {2}/{3} -> {4} {5}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            RATE | -     | 987   | 1000  | RATIO_NOT_APPLICABLE          | numerator
            RATE | 90    | -     | 1000  | RATIO_NOT_APPLICABLE          | denominator
            PCT  | -     | 987   | -     | RATIO_INCOMPLETE              | denominator
            PCT  | -     | -     | 1000  | RATIO_INCOMPLETE              | numerator
            PCT  | -     | 987   | 0     | DENOMINATOR_NOT_POSITIVE      | denominator
            PCT  | -     | 987   | -1    | DENOMINATOR_NOT_POSITIVE      | denominator
            PCT  | -     | -1    | 1000  | VALUE_OUT_OF_BOUNDS           | numerator
            PCT  | -     | 1001  | 1000  | NUMERATOR_EXCEEDS_DENOMINATOR | numerator
            PER  | -     | 1001  | 1000  | VALID                         | 1.001
            PCT  | -     | 987   | 1000  | VALID                         | 98.7
            PCT  | -     | 1     | 3     | VALID                         | 33.333333
            PCT  | -     | 0     | 1000  | VALID                         | 0
            PCT  | -     | 1000  | 1000  | VALID                         | 100
            PCT  | 98.7  | 987   | 1000  | VALID                         | 98.7
            PCT  | 33.33 | 1     | 3     | VALID                         | 33.33
            PCT  | 33    | 1     | 3     | VALID                         | 33
            PCT  | 33.4  | 1     | 3     | RATIO_MISMATCH                | value
            PCT  | 0.987 | 987   | 1000  | RATIO_MISMATCH                | value
            PER  | 1.001 | 1001  | 1000  | VALID                         | 1.001
            """)
    void ratio(String target, String value, String numerator, String denominator, String expected, String detail) {
        SubmissionRow row = new SubmissionRow(1, target, "FZ", null, "2024", decimal(value), decimal(numerator), decimal(denominator),
                null, null);
        Verdict verdict = check("admin", row);
        if (expected.equals("VALID")) {
            assertEquals(new BigDecimal(detail), assertInstanceOf(Valid.class, verdict).value());
        } else {
            assertVerdict(expected, detail, verdict);
        }
    }

    @ParameterizedTest(name = "{0} {1} -> {2} {3}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            RATE | -     | MISSING_FIELD       | value
            PCT  | -     | MISSING_FIELD       | value
            RATE | 100   | VALID               | FZ
            RATE | 0     | VALID               | FZ
            RATE | 100.1 | VALUE_OUT_OF_BOUNDS | value
            RATE | -0.01 | VALUE_OUT_OF_BOUNDS | value
            PER  | -5    | VALID               | FZ
            """)
    void valueAndBounds(String target, String value, String expected, String detail) {
        assertVerdict(expected, detail, check("admin", row(target, "FZ", null, "2024", value)));
    }

    /** The rules run in the documented order: a row breaking several gets the first one's rejection. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            unknown target before unknown unit            | admin | NOPE | NOPE | -      | 2024   | 90  | UNKNOWN_TARGET
            retired target before scope                   | fz    | GONE | XM   | -      | 2024   | 90  | TARGET_RETIRED
            scope before a unit the target does not take  | gl    | SUM  | XM   | -      | 2024Q1 | 90  | UNIT_OUT_OF_SCOPE
            a unit the target does not take before place  | admin | RATE | GL   | 999999 | 2024   | 90  | UNIT_NOT_ALLOWED
            place before period                           | admin | RATE | FZ   | 999999 | 2024Q5 | 90  | UNKNOWN_PLACE
            frequency before future                       | admin | SUM  | FZ   | -      | 2026   | 90  | WRONG_FREQUENCY
            future before plan                            | admin | RATE | FZ   | -      | 2030   | 90  | FUTURE_PERIOD
            plan before activity                          | admin | RATE | MERGED | -    | 2019   | 90  | PERIOD_OUTSIDE_PLAN
            activity before bounds                        | admin | RATE | MERGED | -    | 2022   | 500 | UNIT_INACTIVE
            """)
    void order(String name, String caller, String target, String unit, String place, String period, String value, String expected) {
        assertVerdict(expected, null, check(caller, row(target, unit, place, period, value)));
    }

    // ---------------------------------------------------------------- the table's world

    static Verdict check(String caller, SubmissionRow row) {
        return new SubmissionRules(new MapLookup(), CALLERS.get(caller), TODAY).check(row);
    }

    static SubmissionRow row(String target, String unit, String place, String period, String value) {
        return new SubmissionRow(1, target, unit, place, period, decimal(value), null, null, null, null);
    }

    /** {@code detail}: the rejection's field, or a valid row's place (null: not checked). */
    static void assertVerdict(String expected, String detail, Verdict verdict) {
        if (expected.equals("VALID")) {
            Valid valid = assertInstanceOf(Valid.class, verdict, () -> "rejected: " + verdict);
            if (detail != null) {
                assertEquals(detail, valid.place());
            }
            return;
        }
        Rejection r = assertInstanceOf(Rejection.class, verdict, "expected " + expected);
        assertEquals(expected, r.code(), r::message);
        if (detail != null) {
            assertEquals(detail, r.field(), r::message);
        }
    }

    static BigDecimal decimal(String s) {
        return s == null ? null : new BigDecimal(s);
    }

    static UnitCopy unit(String code, String type, String parent, String division, LocalDate activeTo) {
        UnitCopy u = new UnitCopy();
        u.code = code;
        u.nameZh = code;
        u.type = type;
        u.parentCode = parent;
        u.divisionCode = division;
        u.activeFrom = LocalDate.of(2000, 1, 1);
        u.activeTo = activeTo;
        UNITS.put(code, u);
        return u;
    }

    static TargetCopy target(String code, String frequency, String aggregation, String unitOfMeasure, Integer lower, Integer upper,
                             List<String> lead, List<String> contributing) {
        TargetCopy t = new TargetCopy();
        t.code = code;
        t.reportingFrequency = frequency;
        t.aggregation = aggregation;
        t.unitOfMeasure = unitOfMeasure;
        t.lowerBound = lower == null ? null : BigDecimal.valueOf(lower);
        t.upperBound = upper == null ? null : BigDecimal.valueOf(upper);
        t.planStartYear = 2021;
        t.planEndYear = 2025;
        t.baselineYear = 2020;
        t.leadUnits = lead;
        t.contributingUnits = contributing;
        TARGETS.put(code, t);
        return t;
    }

    /** The lookups as maps: what the service's cached copies answer, without a database. */
    static final class MapLookup implements ReferenceLookup {
        @Override
        public Optional<TargetCopy> target(String code) {
            return Optional.ofNullable(TARGETS.get(code));
        }

        @Override
        public Optional<UnitCopy> unit(String code) {
            return Optional.ofNullable(UNITS.get(code));
        }

        @Override
        public Optional<UnitCopy> division(String divisionCode) {
            return UNITS.values().stream().filter(u -> divisionCode.equals(u.divisionCode)).findFirst();
        }
    }
}
