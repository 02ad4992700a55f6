package cn.fjquality.support;

import cn.fjquality.tabular.Csv;
import cn.fjquality.tabular.Xlsx;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import java.util.List;

/**
 * The answers of the CSV and xlsx exports, one way in every service: a resource declares one visible operation
 * producing JSON and, beside it, one hidden method per spreadsheet type ({@code @Produces(Csv.MEDIA_TYPE)},
 * {@code @Produces(Xlsx.MEDIA_TYPE)}, {@code @Operation(hidden = true)}), so JAX-RS chooses by the Accept header and its
 * q-values; the hidden methods answer through here. Rows are written by tabular's {@link Csv} and {@link Xlsx} (typed
 * cells, the formula-safe text rule) and stream to the client as they are written.
 */
public final class Downloads {
    private Downloads() {
    }

    /** A CSV attachment (UTF-8 with BOM) named {@code filename}. */
    public static Response csv(List<String> header, Iterable<? extends List<?>> rows, String filename) {
        StreamingOutput body = out -> Csv.write(out, header, rows);
        return attachment(body, Csv.MEDIA_TYPE + "; charset=UTF-8", filename);
    }

    /** An .xlsx attachment: one sheet named {@code sheet}, the columns' titles as its header row. */
    public static Response xlsx(String sheet, List<Xlsx.Column> columns, Iterable<? extends List<?>> rows, String filename) {
        StreamingOutput body = out -> Xlsx.write(out, sheet, columns, rows);
        return attachment(body, Xlsx.MEDIA_TYPE, filename);
    }

    /** An .xlsx attachment already built (a workbook with more than one table, say). */
    public static Response xlsx(byte[] workbook, String filename) {
        return attachment(workbook, Xlsx.MEDIA_TYPE, filename);
    }

    private static Response attachment(Object body, String type, String filename) {
        return Response.ok(body, type).header("Content-Disposition", "attachment; filename=\"" + filename + "\"").build();
    }
}
