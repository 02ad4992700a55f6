package cn.fjquality.targets.domain.progress;

import java.time.LocalDate;
import java.util.List;

/**
 * The value of one period at one scope.
 *
 * @param units  the units whose values were combined (one for a unit scope)
 * @param status the reports' review status when they agree (SUBMITTED, APPROVED), else MIXED
 */
public record PeriodValue(
        String period,
        LocalDate start,
        LocalDate end,
        double value,
        Double numerator,
        Double denominator,
        List<String> units,
        String status) {

    public Observation observation() {
        return new Observation(period, start, end, value);
    }
}
