package cn.fjquality.events.period;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * When a period's report is due: its last day plus an offset, the target's own ({@code reportDueAfter}) or the
 * default of its frequency, the deadlines a statistics office works to: a year's figures by 31 March of the next
 * year (P3M), a half-year's and a quarter's within 30 days (P30D), a month's within 15 days (P15D). A report
 * submitted on the due day (Asia/Shanghai) is on time; from the day after it is late, and missing ones are overdue.
 */
public final class DueDates {
    /** The longest offset in days alone; with months, at most a year (P1Y, P12M, P11M30D). */
    public static final int MAX_DAYS = 366;

    private DueDates() {
    }

    /** The default offset of a frequency. */
    public static java.time.Period defaultAfter(Frequency frequency) {
        return switch (frequency) {
            case YEAR -> java.time.Period.ofMonths(3);
            case HALF, QUARTER -> java.time.Period.ofDays(30);
            case MONTH -> java.time.Period.ofDays(15);
        };
    }

    /** The due day of a period's report: its last day plus the offset (null: the frequency's default). */
    public static LocalDate due(Period period, java.time.Period after) {
        return period.end().plus(after != null ? after : defaultAfter(period.frequency()));
    }

    /**
     * The latest period of the frequency whose report was due before {@code today} (its due day is over), so a
     * missing report for it is overdue today.
     */
    public static Period latestDue(Frequency frequency, java.time.Period after, LocalDate today) {
        Period p = Period.containing(frequency, today);
        while (!due(p, after).isBefore(today)) {
            p = p.previous();
        }
        return p;
    }

    /**
     * Parses a target's {@code reportDueAfter}: an ISO-8601 period of years, months and days ({@code P3M},
     * {@code P45D}, {@code P1M15D}), none negative, at most a year (a report due later than that is no deadline);
     * null or blank is empty (the default).
     *
     * @throws IllegalArgumentException when it is not one
     */
    public static Optional<java.time.Period> parseAfter(String iso) {
        if (iso == null || iso.isBlank()) {
            return Optional.empty();
        }
        java.time.Period p;
        try {
            p = java.time.Period.parse(iso.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not an ISO-8601 period such as P3M or P30D: " + iso);
        }
        if (p.isNegative() || p.getDays() < 0 || p.getMonths() < 0 || p.getYears() < 0) {
            throw new IllegalArgumentException("a due offset cannot be negative: " + iso);
        }
        // Counting a month as 31 days, a year is 372.
        if (p.getDays() > MAX_DAYS || p.toTotalMonths() * 31 + p.getDays() > 12 * 31) {
            throw new IllegalArgumentException("a due offset of at most a year: " + iso);
        }
        return Optional.of(p);
    }
}
