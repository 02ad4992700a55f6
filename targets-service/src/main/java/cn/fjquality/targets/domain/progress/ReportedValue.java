package cn.fjquality.targets.domain.progress;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The latest revision of one unit's value for one place and period of a target, as the progress method sees it.
 *
 * @param placeCode the place the value describes (as stored: a place's code, or the reporting unit's own code when its
 *                  place could not be resolved on arrival; {@link PlaceTree#placeOf} resolves it)
 */
public record ReportedValue(
        String unitCode,
        String placeCode,
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
