package cn.fjquality.reports.service;

import cn.fjquality.problem.ApiException;
import cn.fjquality.tabular.XlsxRows;

import java.io.File;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rows of an .xlsx import: the first sheet, with the CSV's columns. The header row names them (a header may also be
 * written {@code 指标代码 (target)}: the name in the closing brackets counts, so the import template's headers work), a
 * column whose header starts with {@code #} is informational and ignored (the template's {@code #指标名称} …), blank
 * rows are skipped, and so are rows without value, numerator and denominator (template rows not filled in). A row's
 * number is its sheet row number minus the header's (the first data row below the header is 1). Streamed row by row
 * by the shared {@link XlsxRows}, which pushes rows: hence a consumer, where CSV and JSON rows are pulled.
 */
final class SheetRows {
    private static final Pattern BRACKETED = Pattern.compile("[(（]\\s*([A-Za-z]+)\\s*[)）]$");

    private Map<String, Integer> header;
    private int headerRow;

    private SheetRows() {
    }

    /**
     * Hands each data row of the workbook's first sheet to {@code rows}; a sheet without a header row is a 400 problem.
     *
     * @throws XlsxRows.NotAWorkbook the file is no .xlsx workbook that can be read
     */
    static void read(File workbook, Consumer<SubmissionRow> rows) throws XlsxRows.NotAWorkbook, IOException {
        SheetRows sheet = new SheetRows();
        XlsxRows.firstSheet(workbook, (rowNumber, cells) -> {
            if (sheet.header == null) {
                sheet.header = columns(cells);
                sheet.headerRow = rowNumber;
            } else if (!unfilled(cells, sheet.header)) {
                rows.accept(row(rowNumber - sheet.headerRow, cells, sheet.header));
            }
        });
        if (sheet.header == null) {
            throw ApiException.badRequest("CSV_HEADER_MISSING", "The first sheet is empty; its first row must be the header "
                    + String.join(",", ImportColumns.ALL));
        }
    }

    /** The column a header cell names: {@code value}, {@code 数值 (value)}, {@code 数值（value）}; null for an informational one. */
    static String column(String header) {
        String h = header.replace("\uFEFF", "").trim();
        if (h.startsWith("#")) {
            return null;
        }
        Matcher m = BRACKETED.matcher(h);
        return (m.find() ? m.group(1) : h).toLowerCase(Locale.ROOT);
    }

    private static Map<String, Integer> columns(List<String> cells) {
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < cells.size(); i++) {
            if (cells.get(i).isBlank()) {
                continue;
            }
            String name = column(cells.get(i));
            if (name == null) {
                continue;
            }
            if (!ImportColumns.ALL.contains(name)) {
                throw ApiException.badRequest("CSV_HEADER_INVALID", "Unknown column '" + Numbers.abbreviate(cells.get(i))
                        + "' in the first row; the columns are " + String.join(",", ImportColumns.ALL)
                        + " (place, numerator, denominator, comment optional; a header starting with # is ignored)");
            }
            if (columns.put(name, i) != null) {
                throw ApiException.badRequest("CSV_HEADER_INVALID", "Column '" + name + "' appears twice");
            }
        }
        ImportColumns.requireAll(columns, "The first row");
        return columns;
    }

    /** A template row nobody filled in: no value, numerator or denominator. Left out, not rejected. */
    static boolean unfilled(List<String> cells, Map<String, Integer> columns) {
        for (String name : List.of("value", "numerator", "denominator")) {
            Integer c = columns.get(name);
            if (c != null && c < cells.size() && !cells.get(c).isBlank()) {
                return false;
            }
        }
        return true;
    }

    static SubmissionRow row(int index, List<String> cells, Map<String, Integer> columns) {
        Map<String, String> text = new HashMap<>();
        for (Map.Entry<String, Integer> c : columns.entrySet()) {
            String v = c.getValue() < cells.size() ? cells.get(c.getValue()).trim() : "";
            text.put(c.getKey(), v.isEmpty() ? null : v);
        }
        return ImportColumns.row(index, text);
    }
}
