package cn.fjquality.tabular;

import org.apache.poi.ooxml.util.SAXHelper;
import org.apache.poi.openxml4j.exceptions.InvalidFormatException;
import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Reads the first sheet of an .xlsx file row by row, as text, without building the sheet in memory (POI's SAX event
 * API): a cell's text is what was typed for a text cell, the number as written for a number cell (never rounded to a
 * display format: 98.7 stays "98.7", 2024 stays "2024"), the cached result of a formula, TRUE/FALSE for booleans.
 * Rows with no cell are not reported; missing cells are empty strings.
 */
public final class XlsxRows {
    private XlsxRows() {
    }

    /** Called per row that has a cell; {@code rowNumber} is the sheet's row number (1 = the first row). */
    @FunctionalInterface
    public interface RowHandler {
        void row(int rowNumber, List<String> cells);
    }

    /** The file is not an .xlsx workbook (or is damaged, or has no sheet). */
    public static final class NotAWorkbook extends Exception {
        public NotAWorkbook(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Reads the first sheet (in the workbook's order). Exceptions the handler throws (unchecked) pass through as they
     * are.
     */
    public static void firstSheet(File file, RowHandler handler) throws NotAWorkbook, IOException {
        OPCPackage pkg;
        try {
            pkg = OPCPackage.open(file, PackageAccess.READ);
        } catch (InvalidFormatException | IllegalArgumentException e) {
            throw new NotAWorkbook("not an .xlsx workbook: " + e.getMessage(), e);
        }
        try {
            XSSFReader reader = new XSSFReader(pkg);
            ReadOnlySharedStringsTable strings = new ReadOnlySharedStringsTable(pkg, false);
            StylesTable styles = reader.getStylesTable();
            Iterator<InputStream> sheets = reader.getSheetsData();
            if (!sheets.hasNext()) {
                throw new NotAWorkbook("the workbook has no sheet", null);
            }
            try (InputStream sheet = sheets.next()) {
                XMLReader parser = SAXHelper.newXMLReader();
                parser.setContentHandler(new XSSFSheetXMLHandler(styles, null, strings, new Collector(handler),
                        new RawNumbers(), false));
                parser.parse(new InputSource(sheet));
            }
        } catch (SAXException | OpenXML4JException | javax.xml.parsers.ParserConfigurationException
                 | org.apache.poi.ooxml.POIXMLException e) {
            throw new NotAWorkbook("the workbook cannot be read: " + e.getMessage(), e);
        } finally {
            pkg.revert(); // opened read-only: close without saving
        }
    }

    private static final class Collector implements XSSFSheetXMLHandler.SheetContentsHandler {
        private final RowHandler handler;
        private final List<String> cells = new ArrayList<>();
        private boolean any;

        Collector(RowHandler handler) {
            this.handler = handler;
        }

        @Override
        public void startRow(int rowNum) {
            cells.clear();
            any = false;
        }

        @Override
        public void endRow(int rowNum) {
            if (any) {
                handler.row(rowNum + 1, List.copyOf(cells));
            }
        }

        @Override
        public void cell(String ref, String value, XSSFComment comment) {
            int col = ref == null ? cells.size() : new CellReference(ref).getCol();
            while (cells.size() < col) {
                cells.add("");
            }
            String v = value == null ? "" : value;
            if (col < cells.size()) {
                cells.set(col, v);
            } else {
                cells.add(v);
            }
            any |= !v.isBlank();
        }
    }

    /** Numbers as written, never through a display format. */
    private static final class RawNumbers extends DataFormatter {
        @Override
        public String formatRawCellContents(double value, int formatIndex, String formatString, boolean use1904Windowing) {
            if (!Double.isFinite(value)) {
                return String.valueOf(value);
            }
            return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
        }
    }
}
