package cn.fjquality.reports.service;

import java.math.BigDecimal;

/**
 * One submitted row as parsed from JSON or CSV: codes as given, numbers already parsed; when the row
 * could not even be read (bad number, bad encoding, unknown field) {@code preRejection} says why.
 *
 * @param row   1-based data row (1 for a single submission)
 * @param place the place the value describes as given (unit code or division code); null: the unit's default place
 */
public record SubmissionRow(int row, String target, String unit, String place, String period, BigDecimal value,
                            BigDecimal numerator, BigDecimal denominator, String comment, Rejection preRejection) {

    public static SubmissionRow rejected(int row, Rejection rejection) {
        return new SubmissionRow(row, null, null, null, null, null, null, null, null, rejection);
    }
}
