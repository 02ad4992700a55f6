package cn.fjquality.targets.domain;

import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A DHIS2-style period id and the dates it covers: {@code 2025} (YEAR), {@code 2025S1}/{@code 2025S2} (HALF),
 * {@code 2025Q3} (QUARTER), {@code 202507} (MONTH). Pure; {@link #parse} refuses anything else.
 */
public record Period(String id, ReportingFrequency frequency, LocalDate start, LocalDate end) {
    private static final Pattern YEAR = Pattern.compile("(\\d{4})");
    private static final Pattern HALF = Pattern.compile("(\\d{4})S([12])");
    private static final Pattern QUARTER = Pattern.compile("(\\d{4})Q([1-4])");
    private static final Pattern MONTH = Pattern.compile("(\\d{4})(0[1-9]|1[0-2])");
    static final int MIN_YEAR = 1900;
    static final int MAX_YEAR = 2999;

    /** @throws IllegalArgumentException when {@code id} is not a period id */
    public static Period parse(String id) {
        if (id == null) {
            throw new IllegalArgumentException("period is missing");
        }
        String s = id.trim();
        Matcher m;
        if ((m = YEAR.matcher(s)).matches()) {
            int y = year(m, s);
            return new Period(s, ReportingFrequency.YEAR, LocalDate.of(y, 1, 1), LocalDate.of(y, 12, 31));
        }
        if ((m = HALF.matcher(s)).matches()) {
            int y = year(m, s);
            int h = Integer.parseInt(m.group(2));
            LocalDate start = LocalDate.of(y, h == 1 ? 1 : 7, 1);
            return new Period(s, ReportingFrequency.HALF, start, start.plusMonths(6).minusDays(1));
        }
        if ((m = QUARTER.matcher(s)).matches()) {
            int y = year(m, s);
            int q = Integer.parseInt(m.group(2));
            LocalDate start = LocalDate.of(y, (q - 1) * 3 + 1, 1);
            return new Period(s, ReportingFrequency.QUARTER, start, start.plusMonths(3).minusDays(1));
        }
        if ((m = MONTH.matcher(s)).matches()) {
            int y = year(m, s);
            LocalDate start = LocalDate.of(y, Integer.parseInt(m.group(2)), 1);
            return new Period(s, ReportingFrequency.MONTH, start, start.plusMonths(1).minusDays(1));
        }
        throw new IllegalArgumentException("'" + (s.length() > 20 ? s.substring(0, 20) + "…" : s)
                + "' is not a period (2025, 2025S1, 2025Q3 or 202507)");
    }

    private static int year(Matcher m, String s) {
        int y = Integer.parseInt(m.group(1));
        if (y < MIN_YEAR || y > MAX_YEAR) {
            throw new IllegalArgumentException("period " + s + ": year outside " + MIN_YEAR + ".." + MAX_YEAR);
        }
        return y;
    }
}
