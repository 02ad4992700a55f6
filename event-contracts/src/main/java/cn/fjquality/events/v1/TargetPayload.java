package cn.fjquality.events.v1;

import java.math.BigDecimal;
import java.util.List;

/** The state of a target at one revision, with what reports-service needs to validate measurements. */
public record TargetPayload(
        String code,
        int revision,
        String planCode,
        int planStartYear,
        int planEndYear,
        String section,
        String nameZh,
        String nameEn,
        String kind,
        String comparator,
        BigDecimal targetValue,
        String unit,
        int deadlineYear,
        Integer baselineYear,
        BigDecimal baselineValue,
        String direction,
        String reportingFrequency,
        String aggregation,
        BigDecimal lowerBound,
        BigDecimal upperBound,
        List<String> leadUnits,
        List<String> contributingUnits,
        boolean retired) {
}
