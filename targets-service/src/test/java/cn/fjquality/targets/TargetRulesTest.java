package cn.fjquality.targets;

import cn.fjquality.problem.ApiException;
import cn.fjquality.targets.domain.Aggregation;
import cn.fjquality.targets.domain.Comparator;
import cn.fjquality.targets.domain.DepartmentFigures;
import cn.fjquality.targets.domain.Direction;
import cn.fjquality.targets.domain.ReportingFrequency;
import cn.fjquality.targets.domain.TargetKind;
import cn.fjquality.targets.domain.TargetSpec;
import cn.fjquality.targets.service.TargetRules;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TargetRulesTest {
    static final TargetRules.Horizon OUTLINE = new TargetRules.Horizon(2021, 2025);

    static TargetSpec spec(TargetKind kind, String value, String lower, String upper, Integer baselineYear, String baselineValue,
                           List<String> lead, List<String> contributing, int deadline) {
        return new TargetSpec("FJ-OUTLINE-2025", "二、(一)1", "测试", "Test", kind, Comparator.GE, new BigDecimal(value), "%",
                deadline, baselineYear, baselineValue == null ? null : new BigDecimal(baselineValue), Direction.INCREASE,
                ReportingFrequency.YEAR, Aggregation.SUM, lower == null ? null : new BigDecimal(lower),
                upper == null ? null : new BigDecimal(upper), lead, true, contributing, null, null, null, null);
    }

    static TargetSpec simple(TargetKind kind, String value) {
        return spec(kind, value, null, null, null, null, List.of("FJ-AMR"), List.of(), 2025);
    }

    static String codeOf(TargetSpec s, TargetRules.Horizon h) {
        return assertThrows(ApiException.class, () -> TargetRules.check(TargetRules.withNaturalBounds(s), h)).code();
    }

    @Test
    void rateGetsItsNaturalBoundsAndMustStayWithinThem() {
        TargetSpec filled = TargetRules.withNaturalBounds(simple(TargetKind.RATE, "98.5"));
        assertEquals(0, filled.lowerBound().compareTo(BigDecimal.ZERO));
        assertEquals(0, filled.upperBound().compareTo(BigDecimal.valueOf(100)));
        assertDoesNotThrow(() -> TargetRules.check(filled, OUTLINE));
        assertEquals("TARGET_VALUE_OUT_OF_BOUNDS", codeOf(simple(TargetKind.RATE, "100.5"), OUTLINE));
        assertEquals("BOUNDS_OUTSIDE_KIND", codeOf(spec(TargetKind.RATE, "50", "0", "150", null, null, List.of("A"), List.of(), 2025), OUTLINE));
    }

    @Test
    void explicitBoundsAreOrderedAndHoldTheValue() {
        assertEquals("INVALID_BOUNDS", codeOf(spec(TargetKind.LEVEL, "5", "10", "1", null, null, List.of("A"), List.of(), 2025), OUTLINE));
        assertEquals("TARGET_VALUE_OUT_OF_BOUNDS", codeOf(spec(TargetKind.LEVEL, "11", "0", "10", null, null, List.of("A"), List.of(), 2025), OUTLINE));
        assertEquals("TARGET_VALUE_OUT_OF_BOUNDS", codeOf(simple(TargetKind.CUMULATIVE, "-1"), OUTLINE));
        assertDoesNotThrow(() -> TargetRules.check(simple(TargetKind.ANNUAL, "-3"), OUTLINE), "a growth rate may be negative");
    }

    @Test
    void relativeChangeIsAPositiveSizeAgainstABaseline() {
        TargetSpec ok = spec(TargetKind.RELATIVE_CHANGE, "3", null, null, 2020, null, List.of("A"), List.of(), 2025);
        assertDoesNotThrow(() -> TargetRules.check(TargetRules.withNaturalBounds(ok), OUTLINE));
        assertEquals("TARGET_VALUE_OUT_OF_BOUNDS", codeOf(spec(TargetKind.RELATIVE_CHANGE, "-2", null, null, 2020, null, List.of("A"), List.of(), 2025), OUTLINE));
        assertEquals("BASELINE_REQUIRED", codeOf(spec(TargetKind.RELATIVE_CHANGE, "2", null, null, null, null, List.of("A"), List.of(), 2025), OUTLINE));
        assertEquals("INVALID_BASELINE", codeOf(spec(TargetKind.RELATIVE_CHANGE, "2", null, null, 2025, null, List.of("A"), List.of(), 2025), OUTLINE));
        assertEquals("BASELINE_OUT_OF_BOUNDS", codeOf(spec(TargetKind.RATE, "90", null, null, 2020, "120", List.of("A"), List.of(), 2025), OUTLINE));
    }

    @Test
    void planAndDeadline() {
        assertEquals("UNKNOWN_PLAN", codeOf(simple(TargetKind.LEVEL, "1"), null));
        assertEquals("DEADLINE_OUTSIDE_PLAN", codeOf(spec(TargetKind.LEVEL, "1", null, null, null, null, List.of("A"), List.of(), 2026), OUTLINE));
        assertEquals("DEADLINE_OUTSIDE_PLAN", codeOf(spec(TargetKind.LEVEL, "1", null, null, null, null, List.of("A"), List.of(), 2020), OUTLINE));
    }

    @Test
    void unitLists() {
        assertEquals("LEAD_UNIT_REQUIRED", codeOf(spec(TargetKind.LEVEL, "1", null, null, null, null, List.of(), List.of(), 2025), OUTLINE));
        assertEquals("DUPLICATE_UNIT", codeOf(spec(TargetKind.LEVEL, "1", null, null, null, null, List.of("A", "A"), List.of(), 2025), OUTLINE));
        assertEquals("UNIT_BOTH_LEAD_AND_CONTRIBUTING", codeOf(spec(TargetKind.LEVEL, "1", null, null, null, null, List.of("A"), List.of("B", "A"), 2025), OUTLINE));
    }

    @Test
    void numbersAreNormalizedSoEqualValuesAreEqualTargets() {
        assertEquals(simple(TargetKind.LEVEL, "98.50"), simple(TargetKind.LEVEL, "98.5"));
        assertEquals("10000", simple(TargetKind.LEVEL, "1E+4").targetValue().toPlainString());
        assertEquals(List.of("targetValue"), simple(TargetKind.LEVEL, "2").changedFrom(simple(TargetKind.LEVEL, "1")));
    }

    static TargetSpec reporting(Aggregation aggregation, DepartmentFigures figures, String dueAfter) {
        TargetSpec s = simple(TargetKind.LEVEL, "1");
        return new TargetSpec(s.planCode(), s.section(), s.nameZh(), s.nameEn(), s.kind(), s.comparator(), s.targetValue(), s.unit(),
                s.deadlineYear(), null, null, s.direction(), s.reportingFrequency(), aggregation, null, null, s.leadUnits(), true,
                s.contributingUnits(), null, null, figures, dueAfter);
    }

    @Test
    void sharesAddUpOnlyWhereTheTargetAddsUp() {
        assertDoesNotThrow(() -> TargetRules.check(reporting(Aggregation.SUM, DepartmentFigures.SUM_OF_SHARES, null), OUTLINE));
        assertDoesNotThrow(() -> TargetRules.check(reporting(Aggregation.RATIO, DepartmentFigures.SUM_OF_SHARES, null), OUTLINE));
        assertEquals("SHARES_NEED_AGGREGATION", codeOf(reporting(Aggregation.LEAD_UNIT_ONLY, DepartmentFigures.SUM_OF_SHARES, null), OUTLINE));
        assertEquals(DepartmentFigures.LEAD_FIGURE, reporting(Aggregation.SUM, null, null).departmentFigures(), "the default");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(nullValues = "null", value = {
            "P3M,   P3M", "p45d,  P45D", "' ',   null", "P1Y,   P1Y", "P0D,   P0D"})
    void aDueOffsetIsKeptInItsCanonicalForm(String given, String stored) {
        TargetSpec s = reporting(Aggregation.SUM, null, given);
        assertEquals(stored, s.reportDueAfter());
        assertDoesNotThrow(() -> TargetRules.check(s, OUTLINE));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"3 months", "P-1M", "P13M", "P400D", "PT12H"})
    void aDueOffsetThatIsNoneIsRefused(String given) {
        assertEquals("INVALID_REPORT_DUE_AFTER", codeOf(reporting(Aggregation.SUM, null, given), OUTLINE));
    }
}
