package cn.fjquality.reports.rest;

import cn.fjquality.reports.domain.Measurement;
import cn.fjquality.support.Downloads;
import cn.fjquality.tabular.Xlsx;
import jakarta.ws.rs.core.Response;

import java.util.Arrays;
import java.util.List;

/**
 * The measurements export, as CSV (UTF-8 with a BOM, RFC 4180) and as .xlsx (Chinese headers), written by the shared
 * tabular writers through {@link Downloads}: text cells (codes, status, key id, comment) that could start a formula in
 * Excel or WPS get a leading single quote; numbers, booleans and timestamps are written as they are, negative numbers
 * included: the column's type decides, not the content.
 */
final class MeasurementCsv {
    static final List<String> HEADER = List.of("id", "target", "unit", "place", "period", "value", "numerator", "denominator",
            "status", "followUp", "revision", "submittedAt", "submittedBy", "comment");

    static final List<Xlsx.Column> XLSX_COLUMNS = Xlsx.columns("id", "编号", "target", "指标代码", "unit", "报送单位",
            "place", "地区", "period", "期别", "value", "数值", "numerator", "分子", "denominator", "分母", "status", "审核状态",
            "followUp", "需核实", "revision", "修订号", "submittedAt", "报送时间（北京时间）", "submittedBy", "报送密钥", "comment", "说明");

    private MeasurementCsv() {
    }

    static Response csv(List<Measurement> rows) {
        return Downloads.csv(HEADER, rows(rows), "measurements.csv");
    }

    static Response xlsx(List<Measurement> rows) {
        return Downloads.xlsx("数值", XLSX_COLUMNS, rows(rows), "measurements.xlsx");
    }

    /** One row per measurement, in the columns of {@link #HEADER}, read lazily while the export is written. */
    private static Iterable<List<?>> rows(List<Measurement> rows) {
        return () -> rows.stream().<List<?>>map(m -> Arrays.asList(m.id, m.targetCode, m.unitCode, m.placeCode, m.period,
                m.value, m.numerator, m.denominator, m.status, m.followUp, m.revision, m.submittedAt, m.submittedByKey,
                m.comment)).iterator();
    }
}
