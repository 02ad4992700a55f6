package cn.fjquality.targets.domain.progress;

import cn.fjquality.events.period.Frequency;
import cn.fjquality.targets.domain.Aggregation;
import cn.fjquality.targets.domain.DepartmentFigures;
import cn.fjquality.targets.domain.TargetKind;

import java.util.List;

/**
 * What the roll-up needs to know of a target.
 *
 * @param aggregation       how places combine: SUM (Σ), RATIO (Σnumerator/Σdenominator of the figures that carry both),
 *                          LEAD_UNIT_ONLY (a level reported only for the province: no roll-up)
 * @param frequency         the target's reporting frequency: the series' periods
 * @param departmentFigures how several reporters' figures for one place combine
 * @param tolerance         the share by which a reported figure and its complete roll-up may differ before the
 *                          period is flagged
 * @param placesRollUp      false to read a place's own values only (one reporting unit's series)
 */
public record RollUpRules(Aggregation aggregation, TargetKind kind, String unit, Frequency frequency,
                          List<String> leadUnits, List<String> contributingUnits, DepartmentFigures departmentFigures,
                          double tolerance, boolean placesRollUp) {

    /** How finer periods make up a coarser one. */
    public enum Temporal {
        /** Σnumerator / Σdenominator of the parts that carry both (a pass rate over the year's samples). */
        RATIO,
        /** Amounts within the period add up (CUMULATIVE, ANNUAL). */
        FLOW,
        /** A level at a point in time: the latest part's (RATE, INDEX, LEVEL, RELATIVE_CHANGE without parts). */
        STOCK
    }

    public RollUpRules {
        leadUnits = List.copyOf(leadUnits);
        contributingUnits = List.copyOf(contributingUnits);
        if (departmentFigures == null) {
            departmentFigures = DepartmentFigures.LEAD_FIGURE;
        }
    }

    public RollUpRules(Aggregation aggregation, TargetKind kind, String unit, Frequency frequency, List<String> leadUnits,
                       List<String> contributingUnits, DepartmentFigures departmentFigures, double tolerance) {
        this(aggregation, kind, unit, frequency, leadUnits, contributingUnits, departmentFigures, tolerance, true);
    }

    /** Whether a place without its own figure takes the roll-up of the places below it. */
    public boolean rollsUp() {
        return placesRollUp && aggregation != Aggregation.LEAD_UNIT_ONLY;
    }

    /** Reporters' figures for one place add up (SUM_OF_SHARES of an additive target). */
    public boolean sharesAddUp() {
        return departmentFigures == DepartmentFigures.SUM_OF_SHARES && aggregation != Aggregation.LEAD_UNIT_ONLY;
    }

    public Temporal temporal() {
        if (aggregation == Aggregation.RATIO) {
            return Temporal.RATIO;
        }
        return kind == TargetKind.CUMULATIVE || kind == TargetKind.ANNUAL ? Temporal.FLOW : Temporal.STOCK;
    }

    /** Σnumerator/Σdenominator is a share of 100 for a % unit. */
    public double scale() {
        return "%".equals(unit) ? 100.0 : 1.0;
    }

    /** The same target read for one reporting unit's own values: no roll-up, one reporter. */
    public RollUpRules ownValuesOnly() {
        return new RollUpRules(aggregation, kind, unit, frequency, leadUnits, contributingUnits,
                DepartmentFigures.LEAD_FIGURE, tolerance, false);
    }
}
