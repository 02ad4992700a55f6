package cn.fjquality.reports.service;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Set;

/** Reads the numbers of a submission from text (CSV) or JSON, with the stable codes of what can go wrong. */
public final class Numbers {
    /** Values carry at most this many decimals (more are rounded half-up). */
    public static final int MAX_SCALE = 10;
    /** Values must lie strictly within ±10^18. */
    public static final int MAX_INTEGER_DIGITS = 18;
    private static final Set<String> NOT_FINITE = Set.of("nan", "+nan", "-nan", "infinity", "+infinity", "-infinity",
            "inf", "+inf", "-inf", "∞", "+∞", "-∞");

    private Numbers() {
    }

    /** Thrown with the rejection to report for the field. */
    public static final class BadNumber extends Exception {
        public final transient Rejection rejection;

        BadNumber(Rejection rejection) {
            super(rejection.message(), null, false, false);
            this.rejection = rejection;
        }
    }

    /** Parses text; blank is null. */
    public static BigDecimal parse(String field, String text) throws BadNumber {
        if (text == null || text.isBlank()) {
            return null;
        }
        String s = text.trim();
        if (NOT_FINITE.contains(s.toLowerCase(Locale.ROOT))) {
            throw new BadNumber(Rejection.of(field, "VALUE_NOT_FINITE", field + " must be a finite number, not " + s));
        }
        BigDecimal d;
        try {
            if (s.length() > 100) {
                throw new NumberFormatException();
            }
            d = new BigDecimal(s);
        } catch (NumberFormatException e) {
            throw new BadNumber(Rejection.of(field, "VALUE_NOT_NUMERIC", field + " is not a number: " + abbreviate(s)));
        }
        return normalize(field, d);
    }

    /** Reads a JSON node: a number, or a string holding one; null or missing is null. */
    public static BigDecimal parse(String field, JsonNode node) throws BadNumber {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isTextual()) {
            return parse(field, node.asText());
        }
        if (!node.isNumber()) {
            throw new BadNumber(Rejection.of(field, "VALUE_NOT_NUMERIC", field + " must be a number"));
        }
        if ((node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
            throw new BadNumber(Rejection.of(field, "VALUE_NOT_FINITE", field + " must be a finite number"));
        }
        return normalize(field, node.decimalValue());
    }

    private static BigDecimal normalize(String field, BigDecimal d) throws BadNumber {
        if (d.precision() - d.scale() > MAX_INTEGER_DIGITS) {
            throw new BadNumber(Rejection.of(field, "VALUE_OUT_OF_BOUNDS", field + " is beyond ±10^" + MAX_INTEGER_DIGITS));
        }
        if (d.scale() > MAX_SCALE) {
            d = d.setScale(MAX_SCALE, RoundingMode.HALF_UP);
        }
        d = d.stripTrailingZeros();
        return d.scale() < 0 ? d.setScale(0) : d;
    }

    static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
