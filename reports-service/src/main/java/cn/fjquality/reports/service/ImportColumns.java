package cn.fjquality.reports.service;

import cn.fjquality.problem.ApiException;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** The columns of an import: the CSV header's, the .xlsx first row's and the fields of a JSON row. */
final class ImportColumns {
    static final List<String> ALL = List.of("target", "unit", "place", "period", "value", "numerator", "denominator", "comment");
    static final Set<String> REQUIRED = Set.of("target", "unit", "period", "value");

    private ImportColumns() {
    }

    /** 400 CSV_HEADER_INVALID when a required column is missing; {@code header} names the header in the message. */
    static void requireAll(Map<String, Integer> columns, String header) {
        for (String required : REQUIRED) {
            if (!columns.containsKey(required)) {
                throw ApiException.badRequest("CSV_HEADER_INVALID", header + " lacks the column '" + required + "'");
            }
        }
    }

    /** A row from its cells as text by column (null for an empty one); a number that does not parse rejects it. */
    static SubmissionRow row(int index, Map<String, String> text) {
        try {
            return new SubmissionRow(index, text.get("target"), text.get("unit"), text.get("place"), text.get("period"),
                    Numbers.parse("value", text.get("value")), Numbers.parse("numerator", text.get("numerator")),
                    Numbers.parse("denominator", text.get("denominator")), text.get("comment"), null);
        } catch (Numbers.BadNumber e) {
            return SubmissionRow.rejected(index, e.rejection);
        }
    }
}
