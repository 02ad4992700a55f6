package cn.fjquality.reports.service;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the numbers of a submission from text (CSV, JSON strings) or JSON numbers, with the stable codes of what can go
 * wrong. Exact: only ASCII digits make a number ({@code "９８"} is not one), and a value is stored as written or refused,
 * never rounded: more than {@link #MAX_SCALE} significant decimals is {@code VALUE_TOO_PRECISE}, a magnitude of 10^18 or
 * more {@code VALUE_OUT_OF_BOUNDS}. Both are decided from the digits and the exponent as written, before any
 * {@link BigDecimal} is made, so {@code 1e-2000000} or {@code 1e99999999999} cost nothing.
 */
public final class Numbers {
    /** Values are stored with at most this many decimals; a value with more significant decimals is refused. */
    public static final int MAX_SCALE = 10;
    /** Values must lie strictly within ±10^18. */
    public static final int MAX_INTEGER_DIGITS = 18;
    /** Text longer than this is not read as a number. */
    static final int MAX_TEXT = 100;
    private static final Set<String> NOT_FINITE = Set.of("nan", "+nan", "-nan", "infinity", "+infinity", "-infinity",
            "inf", "+inf", "-inf", "∞", "+∞", "-∞");
    /** sign, integer digits, fraction digits, exponent; ASCII only ([0-9], not \d's Unicode cousins). */
    private static final Pattern DECIMAL = Pattern.compile("([+-]?)([0-9]*)(?:\\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?");
    /** An exponent beyond this is "far out of range" whatever the digits (at most a few thousand of them). */
    private static final long FAR = 1_000_000_000_000L;

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

    /** Parses text (a CSV cell, a JSON string); blank is null. */
    public static BigDecimal parse(String field, String text) throws BadNumber {
        if (text == null || text.isBlank()) {
            return null;
        }
        String s = text.trim();
        if (NOT_FINITE.contains(s.toLowerCase(Locale.ROOT))) {
            throw new BadNumber(Rejection.of(field, "VALUE_NOT_FINITE", field + " must be a finite number, not " + abbreviate(s)));
        }
        if (s.length() > MAX_TEXT) {
            throw notNumeric(field, s);
        }
        return exact(field, s);
    }

    /**
     * Reads a JSON node: a number, or a string holding one; null or missing is null. Numbers read by {@link JsonNumbers}
     * keep their spelling and are read exactly; a JSON number beyond the range of a double is {@code VALUE_NOT_FINITE}
     * (as it always was: {@code 1e400}).
     */
    public static BigDecimal parse(String field, JsonNode node) throws BadNumber {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node instanceof JsonNumbers.Literal literal) {
            if (literal.isFloatingPointNumber() && Double.isInfinite(literal.doubleValue())) {
                throw notFinite(field);
            }
            return exact(field, literal.asText());
        }
        if (node.isTextual()) {
            return parse(field, node.asText());
        }
        if (!node.isNumber()) {
            throw new BadNumber(Rejection.of(field, "VALUE_NOT_NUMERIC", field + " must be a number"));
        }
        if ((node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
            throw notFinite(field);
        }
        return exact(field, node.decimalValue().toString());
    }

    /** The number the ASCII text spells, if it is stored as it is. */
    private static BigDecimal exact(String field, String s) throws BadNumber {
        Matcher m = DECIMAL.matcher(s);
        if (!m.matches()) {
            throw notNumeric(field, s);
        }
        String integer = m.group(2);
        String fraction = m.group(3) == null ? "" : m.group(3);
        if (integer.isEmpty() && fraction.isEmpty()) {
            throw notNumeric(field, s);
        }
        String digits = integer + fraction;
        int first = 0;
        while (first < digits.length() && digits.charAt(first) == '0') {
            first++;
        }
        if (first == digits.length()) {
            return BigDecimal.ZERO; // zero, whatever the exponent says
        }
        int last = digits.length() - 1;
        while (digits.charAt(last) == '0') {
            last--;
        }
        long exponent = exponent(m.group(4));
        // value = digits × 10^(exponent − fraction length); the powers of ten of its most and least significant digits:
        long shift = exponent - fraction.length();
        long mostSignificant = (digits.length() - 1 - first) + shift;
        long leastSignificant = (digits.length() - 1 - last) + shift;
        if (mostSignificant >= MAX_INTEGER_DIGITS) {
            throw new BadNumber(Rejection.of(field, "VALUE_OUT_OF_BOUNDS", field + " is beyond ±10^" + MAX_INTEGER_DIGITS));
        }
        if (leastSignificant < -MAX_SCALE) {
            throw new BadNumber(Rejection.of(field, "VALUE_TOO_PRECISE", field + " " + abbreviate(s) + " has more than "
                    + MAX_SCALE + " decimals; values are stored with at most " + MAX_SCALE + " decimals and never rounded: "
                    + "round it before sending"));
        }
        // At most 28 significant digits, scale within -17..10: small and exact.
        BigDecimal d = new BigDecimal(new BigInteger(digits.substring(first, last + 1)), (int) -leastSignificant);
        if ("-".equals(m.group(1))) {
            d = d.negate();
        }
        return d.scale() < 0 ? d.setScale(0) : d;
    }

    /** The exponent as written, saturated at ±{@link #FAR} (enough to decide bounds and precision). */
    private static long exponent(String e) {
        if (e == null) {
            return 0;
        }
        boolean negative = e.startsWith("-");
        String digits = e.startsWith("-") || e.startsWith("+") ? e.substring(1) : e;
        int i = 0;
        while (i < digits.length() - 1 && digits.charAt(i) == '0') {
            i++;
        }
        digits = digits.substring(i);
        long v = digits.length() > 13 ? FAR : Math.min(Long.parseLong(digits), FAR);
        return negative ? -v : v;
    }

    private static BadNumber notNumeric(String field, String s) {
        boolean ascii = s.chars().allMatch(c -> c < 128);
        return new BadNumber(Rejection.of(field, "VALUE_NOT_NUMERIC", field + " is not a number: " + abbreviate(s)
                + (ascii ? "" : " (only the ASCII digits 0-9 make a number)")));
    }

    private static BadNumber notFinite(String field) {
        return new BadNumber(Rejection.of(field, "VALUE_NOT_FINITE", field + " must be a finite number"));
    }

    static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
