package cn.fjquality.targets.domain.progress;

import cn.fjquality.events.period.Frequency;
import cn.fjquality.events.period.Period;
import cn.fjquality.targets.domain.Aggregation;
import cn.fjquality.targets.domain.DepartmentFigures;
import cn.fjquality.targets.domain.TargetKind;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A small registry: the province with Fuzhou (two districts), Xiamen and Pingtan (a city-level place whose territory is
 * a county of Fuzhou in the national table, but not below Fuzhou here), a provincial department, two customs districts,
 * the Fuzhou market regulation bureau (a unit below a city, not a place), and a county that ceased to exist in 2021.
 */
final class RollUpFixture {
    static final Instant T1 = Instant.parse("2025-01-20T00:00:00Z");
    static final Instant T2 = Instant.parse("2025-02-20T00:00:00Z");
    static final List<String> CITIES = List.of("FJ-FUZHOU", "FJ-XIAMEN", "FJ-PINGTAN");
    static final LocalDate ALWAYS = LocalDate.of(2000, 1, 1);

    static final PlaceTree TREE = new PlaceTree(List.of(
            unit("FJ", "PROVINCE", null, "350000"),
            unit("FJ-AMR", "PROVINCIAL_DEPARTMENT", "FJ", null),
            unit("FZ-CUSTOMS", "CENTRAL_AGENCY_BRANCH", "FJ", null),
            unit("XM-CUSTOMS", "CENTRAL_AGENCY_BRANCH", "FJ", null),
            unit("FJ-FUZHOU", "CITY", "FJ", "350100"),
            unit("FJ-XIAMEN", "CITY", "FJ", "350200"),
            unit("FJ-PINGTAN", "CITY", "FJ", "350128"),
            unit("FZ-AMR", "OTHER", "FJ-FUZHOU", null),
            unit("FJ-FUZHOU-GULOU", "COUNTY", "FJ-FUZHOU", "350102"),
            unit("FJ-FUZHOU-TAIJIANG", "COUNTY", "FJ-FUZHOU", "350103"),
            new PlaceTree.Unit("FJ-FUZHOU-OLD", "COUNTY", "FJ-FUZHOU", "旧县", null, "350199", ALWAYS, LocalDate.of(2020, 12, 31))));

    private RollUpFixture() {
    }

    static PlaceTree.Unit unit(String code, String type, String parent, String division) {
        return new PlaceTree.Unit(code, type, parent, code, code, division, ALWAYS, null);
    }

    static RollUpRules rules(Aggregation aggregation, TargetKind kind, String unit) {
        return rules(aggregation, kind, unit, DepartmentFigures.LEAD_FIGURE);
    }

    static RollUpRules rules(Aggregation aggregation, TargetKind kind, String unit, DepartmentFigures figures) {
        return new RollUpRules(aggregation, kind, unit, Frequency.YEAR, List.of("FJ-AMR"), CITIES, figures, 0.05);
    }

    /** A value reported by {@code unit} for its own place. */
    static ReportedValue v(String unit, String period, double value) {
        return at(unit, unit, period, value, null, null);
    }

    /** A value reported by {@code unit} for {@code place}. */
    static ReportedValue at(String unit, String place, String period, double value, Double num, Double den) {
        return value(unit, place, period, value, num, den, "SUBMITTED", T1);
    }

    static ReportedValue rate(String unit, String period, double num, double den) {
        return at(unit, unit, period, num / den * 100, num, den);
    }

    static ReportedValue value(String unit, String place, String period, double value, Double num, Double den, String status,
                               Instant at) {
        Period p = Period.of(period);
        return new ReportedValue(unit, place, period, p.start(), p.end(), value, num, den, status, at);
    }

    static RollUp rollUp(RollUpRules rules, ReportedValue... values) {
        return RollUp.of(TREE, rules, List.of(values), RollUp.Filter.ALL);
    }
}
