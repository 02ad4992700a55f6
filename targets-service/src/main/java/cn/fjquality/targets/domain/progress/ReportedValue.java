package cn.fjquality.targets.domain.progress;

import java.time.Instant;
import java.time.LocalDate;

/** The latest revision of one unit's value for one period of a target, as the progress method sees it. */
public record ReportedValue(
        String unitCode,
        String period,
        LocalDate start,
        LocalDate end,
        double value,
        Double numerator,
        Double denominator,
        String status,
        Instant reportedAt) {

    public boolean hasRatioParts() {
        return numerator != null && denominator != null;
    }
}
