package cn.fjquality.tabular;

import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.util.WorkbookUtil;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.Temporal;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The services' spreadsheet writer ({@code Accept: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet}):
 * one sheet, a bold header row (the columns' Chinese titles) that stays frozen while scrolling and carries an auto-filter,
 * then one row per record. Streaming (POI's SXSSF: {@value #WINDOW} rows in memory, the rest in a temporary file that is
 * deleted after writing), so the largest export costs the heap of a small one.
 *
 * <p>Cells are typed by their Java value, as the CSV exports are: numbers ({@link BigDecimal}, {@link Double}: number
 * format General; integers: {@code 0}) are numeric cells, negative ones included; {@link LocalDate} a date
 * ({@code yyyy-mm-dd}); {@link Instant} and offset/zoned times a date-time in Asia/Shanghai ({@code yyyy-mm-dd hh:mm:ss});
 * booleans boolean cells; lists joined with {@code ;}; everything else text, made safe by {@link FormulaSafe}: a text
 * starting with {@code = + - @}, a tab or a carriage return gets a leading {@code '}.
 */
public final class Xlsx {
    public static final String MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    /** Rows kept in memory while writing. */
    static final int WINDOW = 200;
    private static final ZoneId FUJIAN = ZoneId.of("Asia/Shanghai");
    private static final int SAMPLED_ROWS = 200;
    private static final int MAX_WIDTH = 60;

    private Xlsx() {
    }

    /** A column: its key (what the JSON field or CSV column is called) and the header the sheet shows. */
    public record Column(String key, String title) {
    }

    public static Column column(String key, String title) {
        return new Column(key, title);
    }

    /** Columns from (key, title) pairs: {@code columns("code", "指标代码", "nameZh", "指标名称")}. */
    public static List<Column> columns(String... keysAndTitles) {
        if (keysAndTitles.length % 2 != 0) {
            throw new IllegalArgumentException("keys and titles come in pairs");
        }
        Column[] out = new Column[keysAndTitles.length / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = new Column(keysAndTitles[2 * i], keysAndTitles[2 * i + 1]);
        }
        return List.of(out);
    }

    public static byte[] bytes(String sheetName, List<Column> columns, Iterable<? extends List<?>> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(out, sheetName, columns, rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Writes the workbook to {@code out} (not closed). Each row has one value per column (missing ones are blank). */
    public static void write(OutputStream out, String sheetName, List<Column> columns, Iterable<? extends List<?>> rows)
            throws IOException {
        SXSSFWorkbook wb = new SXSSFWorkbook(WINDOW);
        try {
            wb.setCompressTempFiles(true);
            Styles styles = new Styles(wb);
            SXSSFSheet sheet = wb.createSheet(WorkbookUtil.createSafeSheetName(sheetName == null ? "Sheet1" : sheetName));
            int[] widths = new int[columns.size()];
            Row header = sheet.createRow(0);
            for (int c = 0; c < columns.size(); c++) {
                Cell cell = header.createCell(c);
                cell.setCellValue(FormulaSafe.text(columns.get(c).title()));
                cell.setCellStyle(styles.header);
                widths[c] = width(columns.get(c).title()) + 2;
            }
            sheet.createFreezePane(0, 1);
            int r = 0;
            for (List<?> values : rows) {
                Row row = sheet.createRow(++r);
                for (int c = 0; c < columns.size(); c++) {
                    Object v = c < values.size() ? values.get(c) : null;
                    if (v == null) {
                        continue;
                    }
                    int w = put(row.createCell(c), v, styles);
                    if (r <= SAMPLED_ROWS) {
                        widths[c] = Math.max(widths[c], w);
                    }
                }
            }
            for (int c = 0; c < widths.length; c++) {
                sheet.setColumnWidth(c, Math.min(MAX_WIDTH, Math.max(6, widths[c] + 1)) * 256);
            }
            if (!columns.isEmpty()) {
                sheet.setAutoFilter(new CellRangeAddress(0, Math.max(0, r), 0, columns.size() - 1));
            }
            wb.write(out);
        } finally {
            wb.close(); // also deletes the temporary files (POI 5: close() disposes them)
        }
    }

    /** Sets the cell from a typed value; answers the width its text takes, in characters. */
    private static int put(Cell cell, Object v, Styles styles) {
        if (v instanceof BigDecimal d) {
            cell.setCellValue(d.doubleValue());
            cell.setCellStyle(styles.decimal);
            return d.toPlainString().length();
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof BigInteger) {
            cell.setCellValue(((Number) v).doubleValue());
            cell.setCellStyle(styles.integer);
            return v.toString().length();
        }
        if (v instanceof Number n) {
            double d = n.doubleValue();
            if (Double.isFinite(d)) {
                cell.setCellValue(d);
                cell.setCellStyle(styles.decimal);
                return String.valueOf(d).length();
            }
            return text(cell, String.valueOf(d));
        }
        if (v instanceof Boolean b) {
            cell.setCellValue(b);
            return 5;
        }
        if (v instanceof LocalDate d) {
            cell.setCellValue(d);
            cell.setCellStyle(styles.date);
            return 10;
        }
        if (v instanceof Temporal t && (t instanceof Instant || t instanceof OffsetDateTime || t instanceof ZonedDateTime
                || t instanceof LocalDateTime)) {
            cell.setCellValue(local(t));
            cell.setCellStyle(styles.dateTime);
            return 19;
        }
        if (v instanceof Collection<?> list) {
            return text(cell, list.stream().map(String::valueOf).collect(Collectors.joining(";")));
        }
        if (v instanceof Enum<?> e) {
            return text(cell, e.name());
        }
        return text(cell, v.toString());
    }

    private static int text(Cell cell, String s) {
        String safe = FormulaSafe.text(s);
        // A cell holds at most 32,767 characters.
        cell.setCellValue(safe.length() > 32_767 ? safe.substring(0, 32_767) : safe);
        return width(safe);
    }

    private static LocalDateTime local(Temporal t) {
        if (t instanceof Instant i) {
            return LocalDateTime.ofInstant(i, FUJIAN);
        }
        if (t instanceof OffsetDateTime o) {
            return o.atZoneSameInstant(FUJIAN).toLocalDateTime();
        }
        if (t instanceof ZonedDateTime z) {
            return z.withZoneSameInstant(FUJIAN).toLocalDateTime();
        }
        return (LocalDateTime) t;
    }

    /** Columns a text needs: CJK and other wide characters count twice. */
    static int width(String s) {
        if (s == null) {
            return 0;
        }
        int w = 0;
        for (int i = 0; i < s.length() && w < MAX_WIDTH; i++) {
            w += s.charAt(i) >= 0x1100 ? 2 : 1;
        }
        return w;
    }

    private static final class Styles {
        final CellStyle header, decimal, integer, date, dateTime;

        Styles(SXSSFWorkbook wb) {
            Font bold = wb.createFont();
            bold.setBold(true);
            header = wb.createCellStyle();
            header.setFont(bold);
            header.setFillForegroundColor(IndexedColors.GREY_25_PERCENT.getIndex());
            header.setFillPattern(FillPatternType.SOLID_FOREGROUND);
            header.setBorderBottom(BorderStyle.THIN);
            header.setWrapText(true);
            var format = wb.createDataFormat();
            decimal = wb.createCellStyle();
            decimal.setDataFormat(format.getFormat("General"));
            integer = wb.createCellStyle();
            integer.setDataFormat(format.getFormat("0"));
            date = wb.createCellStyle();
            date.setDataFormat(format.getFormat("yyyy-mm-dd"));
            dateTime = wb.createCellStyle();
            dateTime.setDataFormat(format.getFormat("yyyy-mm-dd hh:mm:ss"));
        }
    }
}
