package cn.fjquality.tabular;

/**
 * The rule against formula (CSV) injection, for every CSV and xlsx export of the services: a text cell that starts with
 * {@code = + - @}, a tab or a carriage return gets a leading single quote, so Excel and WPS show it as text and never run
 * it as a formula (the OWASP rule). Only text cells: numbers, negative ones included, are written as numbers, so the
 * cell's type decides, not its content.
 */
public final class FormulaSafe {
    private FormulaSafe() {
    }

    /** The text as a spreadsheet shows it safely; null stays null. */
    public static String text(String s) {
        if (s == null || s.isEmpty()) {
            return s;
        }
        return startsFormula(s) ? "'" + s : s;
    }

    /** Whether a spreadsheet would read the text as the start of a formula. */
    public static boolean startsFormula(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        return switch (s.charAt(0)) {
            case '=', '+', '-', '@', '\t', '\r' -> true;
            default -> false;
        };
    }
}
