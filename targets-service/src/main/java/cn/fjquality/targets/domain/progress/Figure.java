package cn.fjquality.targets.domain.progress;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * One place's figure for one period, and where it comes from.
 *
 * @param coveredThrough the last day the figure speaks for: the period's end, or the end of the latest finer period
 *                       it was derived from (a year so far from Q1..Q3: 30 September)
 * @param reportedBy     the units whose values were used at this place (REPORTED, DERIVED)
 * @param rolledUpFrom   the child places whose figures were combined (ROLLED_UP)
 * @param places         ROLLED_UP: child places with a figure that was used, of the active child places
 * @param months         DERIVED: months of the period the finer values cover
 * @param checks         reconciliations of a reported figure with its roll-up or its finer periods
 * @param otherReports   values for the same place and period the figure did not use (precedence)
 * @param status         the review status of the values used: SUBMITTED, APPROVED, or MIXED
 * @param lastReportAt   when the latest value used was reported
 */
public record Figure(String place, String period, LocalDate start, LocalDate end, LocalDate coveredThrough,
                     double value, Double numerator, Double denominator, FigureSource source,
                     List<String> reportedBy, List<String> rolledUpFrom, Coverage places, Coverage months,
                     List<Check> checks, List<OtherReport> otherReports, String status, Instant lastReportAt) {

    public Observation observation() {
        return new Observation(period, start, coveredThrough, value);
    }

    public boolean hasRatioParts() {
        return numerator != null && denominator != null;
    }

    public boolean flagged() {
        return checks.stream().anyMatch(Check::flagged);
    }

    /** Months of the period this figure speaks for (all of them when reported for the period itself). */
    int monthsCovered() {
        if (months != null) {
            return months.covered();
        }
        return monthsBetween(start, coveredThrough);
    }

    /** Whole months from the first day {@code from} through the last day {@code through}. */
    static int monthsBetween(LocalDate from, LocalDate through) {
        return (int) ChronoUnit.MONTHS.between(from.withDayOfMonth(1), through.plusDays(1));
    }

    Figure withCheck(Check check) {
        List<Check> all = new ArrayList<>(checks);
        all.add(check);
        return new Figure(place, period, start, end, coveredThrough, value, numerator, denominator, source, reportedBy,
                rolledUpFrom, places, months, List.copyOf(all), otherReports, status, lastReportAt);
    }
}
