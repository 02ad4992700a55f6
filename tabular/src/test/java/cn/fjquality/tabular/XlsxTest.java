package cn.fjquality.tabular;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class XlsxTest {

    @Test
    void formulaLikeTextIsNeutralisedAndNumbersStayNumbers() throws Exception {
        List<Xlsx.Column> columns = Xlsx.columns("name", "名称", "value", "数值", "year", "年份", "due", "截止日期",
                "at", "时间", "units", "单位", "flag", "标记");
        List<List<?>> rows = List.of(
                Arrays.asList("=HYPERLINK(\"http://x\",\"点击\")", new BigDecimal("-5"), 2025, LocalDate.of(2026, 3, 31),
                        Instant.parse("2025-01-01T00:00:00Z"), List.of("FJ-AMR", "FJ-FUZHOU"), true),
                Arrays.asList("+1", new BigDecimal("98.35"), null, null, null, List.of("-x"), false),
                Arrays.asList("@SUM(A1)", null, null, null, null, null, null),
                Arrays.asList("\tTab", null, null, null, null, null, null),
                Arrays.asList("食品抽检合格率", null, null, null, null, null, null));
        byte[] bytes = Xlsx.bytes("进展", columns, rows);
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(bytes))) {
            XSSFSheet sheet = wb.getSheetAt(0);
            assertEquals("进展", sheet.getSheetName());
            Row header = sheet.getRow(0);
            assertEquals("名称", header.getCell(0).getStringCellValue());
            assertTrue(wb.getFontAt(header.getCell(0).getCellStyle().getFontIndex()).getBold(), "bold header");
            assertEquals(1, sheet.getPaneInformation().getHorizontalSplitPosition(), "the header row is frozen");
            Row first = sheet.getRow(1);
            assertEquals("'=HYPERLINK(\"http://x\",\"点击\")", first.getCell(0).getStringCellValue());
            assertEquals(CellType.STRING, first.getCell(0).getCellType());
            assertEquals(CellType.NUMERIC, first.getCell(1).getCellType());
            assertEquals(-5.0, first.getCell(1).getNumericCellValue());
            assertEquals(2025.0, first.getCell(2).getNumericCellValue());
            assertEquals("0", first.getCell(2).getCellStyle().getDataFormatString());
            assertEquals(LocalDate.of(2026, 3, 31), first.getCell(3).getLocalDateTimeCellValue().toLocalDate());
            assertEquals("yyyy-mm-dd", first.getCell(3).getCellStyle().getDataFormatString());
            assertEquals(8, first.getCell(4).getLocalDateTimeCellValue().getHour(), "timestamps in Asia/Shanghai");
            assertEquals("FJ-AMR;FJ-FUZHOU", first.getCell(5).getStringCellValue());
            assertTrue(first.getCell(6).getBooleanCellValue());
            Row second = sheet.getRow(2);
            assertEquals("'+1", second.getCell(0).getStringCellValue());
            assertEquals(98.35, second.getCell(1).getNumericCellValue());
            assertEquals("'-x", second.getCell(5).getStringCellValue());
            assertEquals(null, second.getCell(2), "null is a blank cell");
            assertEquals("'@SUM(A1)", sheet.getRow(3).getCell(0).getStringCellValue());
            assertEquals("'\tTab", sheet.getRow(4).getCell(0).getStringCellValue());
            assertEquals("食品抽检合格率", sheet.getRow(5).getCell(0).getStringCellValue());
            for (Row row : sheet) {
                for (Cell cell : row) {
                    assertFalse(cell.getCellType() == CellType.FORMULA, "no formula cell anywhere");
                }
            }
        }
    }

    @Test
    void largeExportsStream() throws Exception {
        List<List<?>> rows = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            rows.add(List.of("row " + i, new BigDecimal(i)));
        }
        byte[] bytes = Xlsx.bytes("big", Xlsx.columns("a", "甲", "b", "乙"), rows);
        List<String> last = new ArrayList<>();
        int[] count = {0};
        Path file = Files.createTempFile("big", ".xlsx");
        try {
            Files.write(file, bytes);
            XlsxRows.firstSheet(file.toFile(), (n, cells) -> {
                count[0]++;
                last.clear();
                last.addAll(cells);
            });
        } finally {
            Files.delete(file);
        }
        assertEquals(20_001, count[0]);
        assertEquals(List.of("row 19999", "19999"), last);
    }

    @Test
    void readsTheFirstSheetAsTypedText(@TempDir Path dir) throws Exception {
        File file = dir.resolve("in.xlsx").toFile();
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            XSSFSheet first = wb.createSheet("数据");
            Row h = first.createRow(0);
            h.createCell(0).setCellValue("target");
            h.createCell(1).setCellValue("period");
            h.createCell(3).setCellValue("value");
            Row r = first.createRow(2); // row 2 left empty
            r.createCell(0).setCellValue("OL25-X");
            r.createCell(1).setCellValue(2024);
            r.createCell(3).setCellValue(98.7);
            var pct = wb.createCellStyle();
            pct.setDataFormat(wb.createDataFormat().getFormat("0.00"));
            r.getCell(3).setCellStyle(pct);
            wb.createSheet("other").createRow(0).createCell(0).setCellValue("not read");
            try (var out = Files.newOutputStream(file.toPath())) {
                wb.write(out);
            }
        }
        List<String> seen = new ArrayList<>();
        XlsxRows.firstSheet(file, (n, cells) -> seen.add(n + ":" + String.join("|", cells)));
        assertEquals(List.of("1:target|period||value", "3:OL25-X|2024||98.7"), seen);
    }

    @Test
    void anythingElseIsNotAWorkbook(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("x.xlsx");
        Files.writeString(file, "target,unit,period,value\n");
        assertThrows(XlsxRows.NotAWorkbook.class, () -> XlsxRows.firstSheet(file.toFile(), (n, c) -> { }));
    }

    @Test
    void theRuleIsTheCsvRule() {
        for (String s : List.of("=1", "+1", "-1", "@a", "\tx", "\rx")) {
            assertEquals("'" + s, FormulaSafe.text(s));
        }
        assertEquals("98.5", FormulaSafe.text("98.5"));
        assertEquals("", FormulaSafe.text(""));
        assertEquals(null, FormulaSafe.text(null));
    }
}
