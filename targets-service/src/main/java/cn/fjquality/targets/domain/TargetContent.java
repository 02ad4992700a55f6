package cn.fjquality.targets.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** The columns of a target's content, shared by {@code target} (current revision) and {@code target_revision}. */
@Embeddable
public class TargetContent {
    @Column(name = "plan_code", nullable = false)
    public String planCode;

    @Column(nullable = false)
    public String section;

    @Column(name = "name_zh", nullable = false)
    public String nameZh;

    @Column(name = "name_en", nullable = false)
    public String nameEn;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public TargetKind kind;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Comparator comparator;

    @Column(name = "target_value", nullable = false)
    public BigDecimal targetValue;

    @Column(nullable = false)
    public String unit;

    @Column(name = "deadline_year", nullable = false)
    public int deadlineYear;

    @Column(name = "baseline_year")
    public Integer baselineYear;

    @Column(name = "baseline_value")
    public BigDecimal baselineValue;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Direction direction;

    @Enumerated(EnumType.STRING)
    @Column(name = "reporting_frequency", nullable = false)
    public ReportingFrequency reportingFrequency;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Aggregation aggregation;

    @Column(name = "lower_bound")
    public BigDecimal lowerBound;

    @Column(name = "upper_bound")
    public BigDecimal upperBound;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "lead_units", columnDefinition = "text[]", nullable = false)
    public List<String> leadUnits = new ArrayList<>();

    @Column(name = "lead_units_assigned", nullable = false)
    public boolean leadUnitsAssigned;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "contributing_units", columnDefinition = "text[]", nullable = false)
    public List<String> contributingUnits = new ArrayList<>();

    @Column(name = "source_document")
    public String sourceDocument;

    @Column(name = "source_text", columnDefinition = "text")
    public String sourceText;

    @Enumerated(EnumType.STRING)
    @Column(name = "department_figures", nullable = false)
    public DepartmentFigures departmentFigures = DepartmentFigures.LEAD_FIGURE;

    /** ISO-8601 period after a period's end when its report is due; null: the frequency's default. */
    @Column(name = "report_due_after")
    public String reportDueAfter;

    public static TargetContent of(TargetSpec s) {
        TargetContent c = new TargetContent();
        c.planCode = s.planCode();
        c.section = s.section();
        c.nameZh = s.nameZh();
        c.nameEn = s.nameEn();
        c.kind = s.kind();
        c.comparator = s.comparator();
        c.targetValue = s.targetValue();
        c.unit = s.unit();
        c.deadlineYear = s.deadlineYear();
        c.baselineYear = s.baselineYear();
        c.baselineValue = s.baselineValue();
        c.direction = s.direction();
        c.reportingFrequency = s.reportingFrequency();
        c.aggregation = s.aggregation();
        c.lowerBound = s.lowerBound();
        c.upperBound = s.upperBound();
        c.leadUnits = new ArrayList<>(s.leadUnits());
        c.leadUnitsAssigned = s.leadUnitsAssigned();
        c.contributingUnits = new ArrayList<>(s.contributingUnits());
        c.sourceDocument = s.sourceDocument();
        c.sourceText = s.sourceText();
        c.departmentFigures = s.departmentFigures();
        c.reportDueAfter = s.reportDueAfter();
        return c;
    }

    public TargetSpec spec() {
        return new TargetSpec(planCode, section, nameZh, nameEn, kind, comparator, targetValue, unit, deadlineYear,
                baselineYear, baselineValue, direction, reportingFrequency, aggregation, lowerBound, upperBound,
                leadUnits, leadUnitsAssigned, contributingUnits, sourceDocument, sourceText, departmentFigures,
                reportDueAfter);
    }
}
