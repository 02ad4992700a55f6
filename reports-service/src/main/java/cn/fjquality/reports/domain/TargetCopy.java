package cn.fjquality.reports.domain;

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

    public boolean isRatio() {
        return RATIO.equalsIgnoreCase(aggregation);
    }

    /** Whether the shares of units below a contributing unit add up (SUM) or combine as Σnum/Σden (RATIO). */
    public boolean sharesRollUp() {
        return SUM.equalsIgnoreCase(aggregation) || RATIO.equalsIgnoreCase(aggregation);
    }

    public boolean isLead(String unit) {
        return leadUnits.contains(unit);
    }
}
