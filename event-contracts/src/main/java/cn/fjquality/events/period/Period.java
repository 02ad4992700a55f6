package cn.fjquality.events.period;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.time.YearMonth;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reporting period in DHIS2 notation (the {@code period} of measurement events): {@code 2025} (year), {@code 2025S1}/{@code 2025S2} (half),
 * {@code 2025Q1}..{@code 2025Q4} (quarter), {@code 202501}..{@code 202512} (month).
 * Years run from 1900 to 2100. Immutable; equal when the ids are equal.
 */
public record Period(Frequency frequency, int year, int index) implements Comparable<Period> {
    private static final Pattern YEAR = Pattern.compile("(\\d{4})");
    private static final Pattern HALF = Pattern.compile("(\\d{4})S([12])");
    private static final Pattern QUARTER = Pattern.compile("(\\d{4})Q([1-4])");
    private static final Pattern MONTH = Pattern.compile("(\\d{4})(0[1-9]|1[0-2])");
    public static final int MIN_YEAR = 1900;
    public static final int MAX_YEAR = 2100;

    public Period {
        if (frequency == null) {
            throw new IllegalArgumentException("frequency is required");
        }
        if (year < MIN_YEAR || year > MAX_YEAR) {
            throw new IllegalArgumentException("year " + year + " is outside " + MIN_YEAR + ".." + MAX_YEAR);
        }
        int max = frequency.perYear();
        if (index < 1 || index > max) {
            throw new IllegalArgumentException("index " + index + " is outside 1.." + max + " for " + frequency);
        }
    }

    /** Parses a period id; empty when it is not one of the four shapes (or the year is out of range). */
    public static Optional<Period> parse(String id) {
        if (id == null) {
            return Optional.empty();
        }
        String s = id.trim();
        try {
            Matcher m;
            if ((m = YEAR.matcher(s)).matches()) {
                return Optional.of(new Period(Frequency.YEAR, Integer.parseInt(m.group(1)), 1));
            }
            if ((m = HALF.matcher(s)).matches()) {
                return Optional.of(new Period(Frequency.HALF, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
            }
            if ((m = QUARTER.matcher(s)).matches()) {
                return Optional.of(new Period(Frequency.QUARTER, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
            }
            if ((m = MONTH.matcher(s)).matches()) {
                return Optional.of(new Period(Frequency.MONTH, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
            }
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    public static Period of(String id) {
        return parse(id).orElseThrow(() -> new IllegalArgumentException("not a period id: " + id));
    }

    /** The id, e.g. {@code 2025Q3}. */
    public String id() {
        return switch (frequency) {
            case YEAR -> Integer.toString(year);
            case HALF -> year + "S" + index;
            case QUARTER -> year + "Q" + index;
            // Years are 1900..2100 (four digits): 2025 and 1 make "202501". String.format here was a quarter of the
            // measurements consumer's CPU on monthly targets (the roll-up keys every figure by its period's id).
            case MONTH -> Integer.toString(year * 100 + index);
        };
    }

    private int monthsLong() {
        return frequency.months();
    }

    /** First day of the period. */
    public LocalDate start() {
        return LocalDate.of(year, (index - 1) * monthsLong() + 1, 1);
    }

    /** Last day of the period (inclusive). */
    public LocalDate end() {
        return YearMonth.of(year, index * monthsLong()).atEndOfMonth();
    }

    public boolean contains(LocalDate day) {
        return !day.isBefore(start()) && !day.isAfter(end());
    }

    /** The period of the same frequency just before this one. */
    public Period previous() {
        return index > 1 ? new Period(frequency, year, index - 1) : new Period(frequency, year - 1, maxIndex());
    }

    /** The period of the same frequency just after this one. */
    public Period next() {
        return index < maxIndex() ? new Period(frequency, year, index + 1) : new Period(frequency, year + 1, 1);
    }

    private int maxIndex() {
        return frequency.perYear();
    }

    /** The period of this frequency that contains the day. */
    public static Period containing(Frequency frequency, LocalDate day) {
        return new Period(frequency, day.getYear(), (day.getMonthValue() - 1) / frequency.months() + 1);
    }

    /** The period of a frequency at least as coarse as this one's that holds this period (2025Q3 at YEAR: 2025). */
    public Period within(Frequency coarser) {
        if (frequency.isCoarserThan(coarser)) {
            throw new IllegalArgumentException(coarser + " is finer than " + frequency);
        }
        return containing(coarser, start());
    }

    /** Whether this period lies within {@code other} (a period lies within itself). */
    public boolean isWithin(Period other) {
        return !start().isBefore(other.start()) && !end().isAfter(other.end());
    }

    /** The periods of a finer (or the same) frequency that make up this one, in order (2025 at QUARTER: Q1..Q4). */
    public List<Period> parts(Frequency finer) {
        if (finer.isCoarserThan(frequency)) {
            throw new IllegalArgumentException(finer + " is coarser than " + frequency);
        }
        List<Period> parts = new ArrayList<>();
        int first = (index - 1) * frequency.months() / finer.months() + 1;
        for (int i = 0; i < frequency.months() / finer.months(); i++) {
            parts.add(new Period(finer, year, first + i));
        }
        return parts;
    }

    /** Orders by start date, then by length (the shorter first). */
    @Override
    public int compareTo(Period o) {
        int c = start().compareTo(o.start());
        return c != 0 ? c : end().compareTo(o.end());
    }

    @Override
    public String toString() {
        return id();
    }
}
