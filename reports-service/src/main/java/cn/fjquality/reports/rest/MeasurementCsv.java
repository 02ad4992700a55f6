package cn.fjquality.reports.rest;

import cn.fjquality.reports.domain.Measurement;
import cn.fjquality.tabular.FormulaSafe;
import cn.fjquality.tabular.Xlsx;
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
        return FormulaSafe.text(s);
    }

    /** The same rows as .xlsx (Chinese headers; the rule against formulas is the same: {@link FormulaSafe}). */
    static StreamingOutput xlsx(List<Measurement> rows) {
        return os -> Xlsx.write(os, "数值", XLSX_COLUMNS, () -> rows.stream().<List<?>>map(m -> java.util.Arrays.asList(
                m.id, m.targetCode, m.unitCode, m.placeCode, m.period, m.value, m.numerator, m.denominator, m.status,
                m.followUp, m.revision, m.submittedAt, m.submittedByKey, m.comment)).iterator());
    }

    static final List<Xlsx.Column> XLSX_COLUMNS = Xlsx.columns("id", "编号", "target", "指标代码", "unit", "报送单位",
            "place", "地区", "period", "期别", "value", "数值", "numerator", "分子", "denominator", "分母", "status", "审核状态",
            "followUp", "需核实", "revision", "修订号", "submittedAt", "报送时间（北京时间）", "submittedBy", "报送密钥", "comment", "说明");

    private static String plain(BigDecimal d) {
        return d == null ? "" : d.toPlainString();
    }
}
