package cn.fjquality.reports.service;

import cn.fjquality.events.period.Frequency;
import cn.fjquality.events.period.Period;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * When a unit's report for a period arrived: with its value for the period itself, or with values for finer periods
 * that together cover the whole period (2025Q1..Q4; 2025S1 + 202507..202512; any mix). The cover is complete at the
 * latest of the first submissions it needs, choosing among the possible covers the one complete first; a value for the
 * period itself arriving no later than its parts' cover counts as the report. Pure.
 */
public final class PeriodCover {
    public enum ReportedAs { PERIOD, PARTS }

    public record Arrival(Instant at, ReportedAs as) {
    }

    private PeriodCover() {
    }

    /**
     * @param firstSubmitted the first submission of each value (at one place) by period; periods outside
     *                       {@code period} are ignored
     */
    public static Optional<Arrival> arrival(Period period, Map<Period, Instant> firstSubmitted) {
        Instant own = firstSubmitted.get(period);
        Instant parts = partsCovered(period, firstSubmitted);
        if (own != null && (parts == null || !parts.isBefore(own))) {
            return Optional.of(new Arrival(own, ReportedAs.PERIOD));
        }
        return parts == null ? Optional.empty() : Optional.of(new Arrival(parts, ReportedAs.PARTS));
    }

    /** The earliest moment the period was covered, by its own value or its parts; null when it is not. */
    private static Instant covered(Period period, Map<Period, Instant> firstSubmitted) {
        Instant own = firstSubmitted.get(period);
        Instant parts = partsCovered(period, firstSubmitted);
        return own == null ? parts : parts == null || own.isBefore(parts) ? own : parts;
    }

    /**
     * When the next finer periods were all covered; null when one is not. The frequencies nest (a year holds two
     * halves, a half two quarters, a quarter three months), so every cover of a period by strictly finer parts is a
     * cover of each of its next finer periods.
     */
    private static Instant partsCovered(Period period, Map<Period, Instant> firstSubmitted) {
        Frequency finer = period.frequency().finer();
        if (finer == null) {
            return null;
        }
        Instant latest = null;
        for (Period part : period.parts(finer)) {
            Instant t = covered(part, firstSubmitted);
            if (t == null) {
                return null;
            }
            if (latest == null || t.isAfter(latest)) {
                latest = t;
            }
        }
        return latest;
    }
}
