package cn.fjquality.reports.rest;

import cn.fjquality.reports.domain.Measurement;
import jakarta.ws.rs.core.StreamingOutput;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The measurements export for Excel: UTF-8 with a BOM, RFC 4180. Text cells (codes, status, key id, comment) that could
 * start a formula in Excel or WPS ({@code = + - @}, a tab or a carriage return first) get a leading single quote (the
 * OWASP rule against CSV injection); numbers, booleans and timestamps are written as they are, negative numbers included:
 * the column decides, not the content.
 */
final class MeasurementCsv {
    static final String[] HEADER = {"id", "target", "unit", "place", "period", "value", "numerator", "denominator", "status",
            "followUp", "revision", "submittedAt", "submittedBy", "comment"};

    private MeasurementCsv() {
    }

    static StreamingOutput of(List<Measurement> rows) {
        return os -> {
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8));
            w.write('\uFEFF');
            try (CSVPrinter printer = new CSVPrinter(w, CSVFormat.RFC4180.builder().setHeader(HEADER).get())) {
                for (Measurement m : rows) {
                    printer.printRecord(m.id, text(m.targetCode), text(m.unitCode), text(m.placeCode), text(m.period),
                            plain(m.value), plain(m.numerator), plain(m.denominator), text(m.status), m.followUp, m.revision,
                            m.submittedAt, text(m.submittedByKey), text(m.comment));
                }
            }
        };
    }

    /** A text cell as Excel and WPS will show it, never as a formula. */
    static String text(String s) {
        if (s == null || s.isEmpty()) {
            return s;
        }
        return switch (s.charAt(0)) {
            case '=', '+', '-', '@', '\t', '\r' -> "'" + s;
            default -> s;
        };
    }

    private static String plain(BigDecimal d) {
        return d == null ? "" : d.toPlainString();
    }
}
