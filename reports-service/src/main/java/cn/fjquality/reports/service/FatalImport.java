package cn.fjquality.reports.service;

/**
 * The body cannot be read on from here (CSV or JSON broken mid-way, a body cut off): the rows before stand, and the
 * import ends with a conflict of this code. Unchecked, so the row readers can throw it from {@link java.util.Iterator}.
 */
final class FatalImport extends RuntimeException {
    final String code;

    FatalImport(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }
}
