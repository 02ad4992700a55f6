package cn.fjquality.targets.service;

import cn.fjquality.targets.domain.Aggregation;
import cn.fjquality.targets.domain.Comparator;
import cn.fjquality.targets.domain.DepartmentFigures;
import cn.fjquality.targets.domain.Direction;
import cn.fjquality.targets.domain.ReportingFrequency;
import cn.fjquality.targets.domain.TargetKind;
import cn.fjquality.targets.domain.TargetSpec;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** The versioned catalog file (src/main/resources/catalog/catalog-v1.json); unknown fields are an error. */
public record CatalogFile(int version, List<CatalogPlan> plans, List<CatalogTarget> targets) {

    public record CatalogPlan(String code, String titleZh, String titleEn, String issuer, LocalDate issuedDate,
                              int startYear, int endYear, String sourceDocument, List<Chapter> chapters) {
    }

    /**
     * A chapter or sub-chapter of the plan's document as its targets' sections number it ({@code 二、}, {@code 二、(一)},
     * or an item number {@code 4} of a work-points list), with its heading in the seed document, word for word.
     */
    public record Chapter(String section, String titleZh) {
    }

    public record Baseline(Integer year, BigDecimal value) {
    }

    public record CatalogTarget(String code, String planCode, String section, String nameZh, String nameEn,
                                TargetKind kind, Comparator comparator, BigDecimal targetValue, String unit,
                                int deadlineYear, Baseline baseline, Direction direction,
                                ReportingFrequency reportingFrequency, Aggregation aggregation,
                                BigDecimal lowerBound, BigDecimal upperBound, List<String> leadUnits,
                                boolean leadUnitsAssigned, List<String> contributingUnits, String sourceDocument,
                                String sourceText, DepartmentFigures departmentFigures, String reportDueAfter) {

        public TargetSpec spec() {
            return new TargetSpec(planCode, section, nameZh, nameEn, kind, comparator, targetValue, unit, deadlineYear,
                    baseline == null ? null : baseline.year(), baseline == null ? null : baseline.value(), direction,
                    reportingFrequency == null ? ReportingFrequency.YEAR : reportingFrequency, aggregation, lowerBound,
                    upperBound, leadUnits, leadUnitsAssigned, contributingUnits, sourceDocument, sourceText,
                    departmentFigures, reportDueAfter);
        }
    }
}
