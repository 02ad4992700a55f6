package cn.fjquality.reports.domain;

import cn.fjquality.events.period.DueDates;
import cn.fjquality.events.period.Frequency;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** This service's copy of a target, kept from targets.v1 (highest revision wins). */
@Entity
@Table(name = "target_copy")
public class TargetCopy {
    public static final String SUM = "SUM";
    public static final String RATIO = "RATIO";
    public static final String LEAD_UNIT_ONLY = "LEAD_UNIT_ONLY";

    @Id
    public String code;

    @Column(nullable = false)
    public int revision;

    @Column(name = "plan_code")
    public String planCode;

    @Column(name = "plan_start_year", nullable = false)
    public int planStartYear;

    @Column(name = "plan_end_year", nullable = false)
    public int planEndYear;

    @Column(name = "name_zh")
    public String nameZh;

    @Column(name = "name_en")
    public String nameEn;

    public String kind;

    @Column(name = "unit_of_measure")
    public String unitOfMeasure;

    @Column(name = "reporting_frequency", nullable = false)
    public String reportingFrequency;

    @Column(nullable = false)
    public String aggregation;

    /** The year the target's base value belongs to (比2020年提高…: 2020); values for it are taken even before the plan starts. */
    @Column(name = "baseline_year")
    public Integer baselineYear;

    /** LEAD_FIGURE or SUM_OF_SHARES (null: LEAD_FIGURE); kept for completeness of the copy, not used by the rules here. */
    @Column(name = "department_figures")
    public String departmentFigures;

    /** The target's own due offset after a period's last day (ISO-8601, e.g. P45D); null: the frequency's default. */
    @Column(name = "report_due_after")
    public String reportDueAfter;

    @Column(name = "lower_bound")
    public BigDecimal lowerBound;

    @Column(name = "upper_bound")
    public BigDecimal upperBound;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "lead_units", columnDefinition = "text[]", nullable = false)
    public List<String> leadUnits = new ArrayList<>();

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "contributing_units", columnDefinition = "text[]", nullable = false)
    public List<String> contributingUnits = new ArrayList<>();

    @Column(nullable = false)
    public boolean retired;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public Frequency frequency() {
        return Frequency.of(reportingFrequency);
    }

    /** The due offset of this target's reports; null for the frequency's default (also for a value that does not parse). */
    public java.time.Period dueAfter() {
        try {
            return DueDates.parseAfter(reportDueAfter).orElse(null);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public boolean isRatio() {
        return RATIO.equalsIgnoreCase(aggregation);
    }

    /**
     * A RATIO target's value from its parts: a percentage (unit %) is 100 × numerator / denominator and cannot exceed
     * the whole; any other unit is numerator / denominator as it stands (high-value patents per 10,000 people:
     * patents / population in 10,000s), where the numerator may well be the larger. targets-service rolls up with the
     * same scale (RollUpRules.scale).
     */
    public boolean isPercentage() {
        return "%".equals(unitOfMeasure);
    }

    /** Whether the shares of units below a contributing unit add up (SUM) or combine as Σnum/Σden (RATIO). */
    public boolean sharesRollUp() {
        return SUM.equalsIgnoreCase(aggregation) || RATIO.equalsIgnoreCase(aggregation);
    }

    public boolean isLead(String unit) {
        return leadUnits.contains(unit);
    }
}
