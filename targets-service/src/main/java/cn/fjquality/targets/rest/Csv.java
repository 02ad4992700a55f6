package cn.fjquality.targets.rest;

import cn.fjquality.tabular.FormulaSafe;
import cn.fjquality.tabular.Xlsx;
import jakarta.ws.rs.core.Response;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;

/**
 * CSV for Excel: UTF-8 with a byte-order mark (so Chinese shows), a header row, RFC 4180 quoting (commons-csv). Cells are
 * typed: a text cell (a String, or a list joined with ';') that starts with {@code = + - @}, a tab or a carriage return
 * gets a leading single quote, so Excel and WPS show it as text and never run it as a formula (the OWASP rule against
 * CSV injection); numbers (negative ones included), dates, timestamps, booleans and enum constants are written as they
 * are. The cell's type decides, not its content.
 */
public final class Csv {
    public static final String MEDIA_TYPE = "text/csv";
    private static final char BOM = '\uFEFF';
    /** Several units in one cell. */
    static final String LIST_SEPARATOR = ";";

    private Csv() {
    }

    public static byte[] write(List<String> header, List<List<Object>> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            w.write(BOM); // before the header row, which the printer writes when it is created
            CSVPrinter printer = new CSVPrinter(w, CSVFormat.RFC4180.builder().setHeader(header.toArray(String[]::new)).get());
            for (List<Object> row : rows) {
                printer.printRecord(row.stream().map(Csv::cell).toList());
            }
            printer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static String cell(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof Collection<?> c) {
            return text(String.join(LIST_SEPARATOR, c.stream().map(String::valueOf).toList()));
        }
        if (v instanceof CharSequence s) {
            return text(s.toString());
        }
        return v.toString();
    }

    /** A text cell that Excel and WPS show as text: a leading ' when it would start a formula ({@link FormulaSafe}). */
    static String text(String s) {
        return FormulaSafe.text(s);
    }

    /**
     * The same table as an .xlsx workbook (the shared writer {@link Xlsx}: the columns' Chinese titles as headers, the
     * header row frozen, numbers as numbers, the same rule for formula-like text), named like the CSV with .xlsx.
     */
    public static Response xlsx(List<String> header, List<List<Object>> rows, String sheet, String csvFilename) {
        List<Xlsx.Column> columns = header.stream().map(k -> Xlsx.column(k, TITLES.getOrDefault(k, k))).toList();
        byte[] body = Xlsx.bytes(sheet, columns, rows);
        return Response.ok(body)
                .type(Xlsx.MEDIA_TYPE)
                .header("Content-Disposition", "attachment; filename=\"" + csvFilename.replaceAll("\\.csv$", ".xlsx") + "\"")
                .build();
    }

    /** The Chinese header of each column the exports have. */
    static final java.util.Map<String, String> TITLES = java.util.Map.ofEntries(
            java.util.Map.entry("code", "指标代码"), java.util.Map.entry("planCode", "规划代码"), java.util.Map.entry("section", "章节"),
            java.util.Map.entry("nameZh", "指标名称"), java.util.Map.entry("nameEn", "英文名称"), java.util.Map.entry("kind", "类型"),
            java.util.Map.entry("unit", "计量单位"), java.util.Map.entry("comparator", "比较方式"), java.util.Map.entry("targetValue", "目标值"),
            java.util.Map.entry("deadlineYear", "目标年份"), java.util.Map.entry("leadUnits", "牵头单位"), java.util.Map.entry("actual", "实际值"),
            java.util.Map.entry("gap", "差距"), java.util.Map.entry("percentOfTarget", "完成目标（%）"), java.util.Map.entry("status", "状态"),
            java.util.Map.entry("forecast", "预测值"), java.util.Map.entry("progressRatio", "进度比 P"),
            java.util.Map.entry("lastReportAt", "最近报送（北京时间）"), java.util.Map.entry("stale", "数据过期"),
            java.util.Map.entry("asOf", "评估时间（北京时间）"), java.util.Map.entry("lastPeriod", "最新期别"),
            java.util.Map.entry("coveredThrough", "数据截至"), java.util.Map.entry("source", "来源"),
            java.util.Map.entry("placesCovered", "已汇总地区数"), java.util.Map.entry("placesTotal", "下级地区数"),
            java.util.Map.entry("flaggedPeriods", "核对差异期数"), java.util.Map.entry("period", "期别"),
            java.util.Map.entry("start", "起始日"), java.util.Map.entry("end", "结束日"), java.util.Map.entry("value", "数值"),
            java.util.Map.entry("numerator", "分子"), java.util.Map.entry("denominator", "分母"), java.util.Map.entry("reportedBy", "报送单位"),
            java.util.Map.entry("rolledUpFrom", "汇总自"), java.util.Map.entry("monthsCovered", "覆盖月数"),
            java.util.Map.entry("monthsTotal", "总月数"), java.util.Map.entry("used", "计入评估"), java.util.Map.entry("flagged", "核对差异"),
            java.util.Map.entry("reconciliation", "核对说明"), java.util.Map.entry("targetCode", "指标代码"),
            java.util.Map.entry("targetNameZh", "指标名称"), java.util.Map.entry("cityCode", "设区市代码"),
            java.util.Map.entry("cityNameZh", "设区市"), java.util.Map.entry("divisionCode", "行政区划代码"), java.util.Map.entry("rank", "排名"),
            java.util.Map.entry("shareOfProvince", "占全省比重"), java.util.Map.entry("provinceValue", "全省数值"),
            java.util.Map.entry("provinceSource", "全省数值来源"));

    public static Response response(byte[] body, String filename) {
        return Response.ok(body)
                .type(MEDIA_TYPE + "; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"" + filename + "\"")
                .build();
    }
}
