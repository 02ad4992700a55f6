package cn.fjquality.reports.rest;

import cn.fjquality.reports.rest.MeasurementDtos.ImportRequest;
import cn.fjquality.reports.rest.MeasurementDtos.ImportSummary;
import cn.fjquality.reports.service.DeclaredLengthBody;
import cn.fjquality.reports.service.ImportService;
import cn.fjquality.security.CallerContext;
import cn.fjquality.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.InputStream;

@Path("/api/v1/imports")
@Tag(name = "Imports", description = "Bulk submission of measurements, JSON or CSV 批量导入数值")
@SecurityRequirement(name = "callerToken")
@APIResponse(responseCode = "401", description = ApiDocs.UNAUTHENTICATED,
        headers = @Header(name = "WWW-Authenticate", description = ApiDocs.WWW_AUTHENTICATE, schema = @Schema(type = SchemaType.STRING)))
@APIResponse(responseCode = "406", description = ApiDocs.NOT_ACCEPTABLE)
@APIResponse(responseCode = "429", description = ApiDocs.RATE_LIMITED,
        headers = @Header(name = "Retry-After", description = ApiDocs.RETRY_AFTER, schema = @Schema(type = SchemaType.INTEGER)))
@APIResponse(responseCode = "503", description = ApiDocs.DATABASE_UNAVAILABLE,
        headers = @Header(name = "Retry-After", description = ApiDocs.RETRY_AFTER, schema = @Schema(type = SchemaType.INTEGER)))
public class ImportResource {
    private final ImportService imports;
    private final cn.fjquality.reports.service.CompletenessService completeness;
    private final CallerContext callers;

    public ImportResource(ImportService imports, cn.fjquality.reports.service.CompletenessService completeness, CallerContext callers) {
        this.imports = imports;
        this.completeness = completeness;
        this.callers = callers;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.REPORTER})
    @Operation(operationId = "importMeasurements", summary = "批量导入数值 / Import measurements (JSON or CSV)",
            description = "Content-Type application/json: {\"measurements\": [{target, unit, place, period, value, numerator, "
            + "denominator, comment}, ...]} (place optional: the unit's own place; period and place may be JSON integers). "
            + "Content-Type text/csv (or application/csv): a header row target,unit,period,value[,place,numerator,denominator,comment] "
            + "in any order (an empty place is the unit's own place), UTF-8 with or without BOM, RFC 4180 quoting. Content-Type "
            + "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet: an .xlsx workbook, its first sheet with the CSV's "
            + "columns (headers like 数值 (value) count by the name in brackets, headers starting with # are ignored; a conflict's "
            + "row is the sheet row minus one; a file that is no workbook: XLSX_UNREADABLE). The body is "
            + "read as a stream and stored 1000 rows per transaction: valid rows are stored even when others are rejected, and "
            + "the answer lists one conflict per rejected row (the validation codes of submitMeasurement, COLUMN_COUNT, "
            + "INVALID_ENCODING, a row cut off: BODY_INCOMPLETE). A body that breaks off stores nothing after the last committed "
            + "chunk. dryRun=true validates everything and stores nothing. Rows identical to the current revision are ignored, "
            + "so a file can be sent again. Roles: ADMIN, REPORTER (rows of other units are rejected with UNIT_OUT_OF_SCOPE). "
            + "批量导入数值（JSON 或 CSV），每 1000 行一个事务；有效行照常保存，拒绝的行逐行列出。")
    @RequestBody(required = true, content = {
            @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ImportRequest.class),
                    examples = @ExampleObject(name = "fuzhou2024", summary = "福州市 and 鼓楼区 for 2024, and a row with a bad period",
                            value = ApiDocs.IMPORT_JSON)),
            @Content(mediaType = ApiDocs.CSV, schema = @Schema(type = SchemaType.STRING, description = "CSV with a header row"),
                    examples = @ExampleObject(name = "fuzhou2024", summary = "the same rows as CSV", value = ApiDocs.IMPORT_CSV)),
            @Content(mediaType = "application/csv", schema = @Schema(type = SchemaType.STRING, description = "CSV with a header row"),
                    examples = @ExampleObject(name = "fuzhou2024", summary = "the same rows as CSV", value = ApiDocs.IMPORT_CSV))})
    // The .xlsx request body (application/vnd.openxmlformats-officedocument.spreadsheetml.sheet) is described in the
    // operation's description rather than listed here: the bad-input fuzz suite (system-tests) generates JSON and CSV bodies
    // only and requires a generator for every listed body type.
    @APIResponse(responseCode = "200", description = "导入结果 / Import summary: status SUCCESS (nothing rejected or flagged), WARNING "
            + "(some rows rejected or flagged for follow-up) or ERROR (every row rejected, or the file could not be read to the end)",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ImportSummary.class),
                    examples = @ExampleObject(name = "fuzhou2024", value = ApiDocs.IMPORT_SUMMARY)))
    @APIResponse(responseCode = "400", description = "文件错误（首行之前）/ Bad file, before the first row: `MALFORMED_JSON` (not JSON, "
            + "or not an object), `MISSING_FIELD` (no measurements array), `UNKNOWN_FIELD` (a field besides measurements), "
            + "`WRONG_TYPE` (measurements is not an array), `INVALID_ENCODING` (bytes that are not UTF-8), `CSV_HEADER_MISSING` "
            + "(an empty CSV), `CSV_HEADER_INVALID` (an unknown, duplicate or missing column), `MALFORMED_CSV` (the CSV cannot be "
            + "read), `XLSX_UNREADABLE` (an .xlsx body that is not a workbook that can be read), `UNREADABLE_BODY` (the body cannot "
            + "be read), `BODY_INCOMPLETE` (the body broke off before a row was read); "
            + "and, for a row, " + ApiDocs.INVALID_TEXT + ": the import stops there, chunks committed before stay)")
    @APIResponse(responseCode = "403", description = "无权限 / Forbidden: " + ApiDocs.FORBIDDEN_WRITE)
    @APIResponse(responseCode = "413", description = ApiDocs.PAYLOAD_TOO_LARGE)
    @APIResponse(responseCode = "415", description = "不支持的媒体类型 / Unsupported media type: `UNSUPPORTED_MEDIA_TYPE` "
            + "(Content-Type is neither application/json nor text/csv nor application/csv nor the .xlsx media type)")
    public ImportSummary importJson(InputStream body,
                                    @Parameter(description = "试导入 / Validate only (true); store nothing. Anything but true is false")
                                    @QueryParam("dryRun") boolean dryRun,
                                    @Parameter(hidden = true) @HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength) {
        return imports.importJson(body, DeclaredLengthBody.parseLength(contentLength), callers.caller(), dryRun);
    }

    @POST
    @Consumes({"text/csv", "application/csv"})
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.REPORTER})
    @Operation(hidden = true) // the text/csv request body of importMeasurements: one operation in the document
    public ImportSummary importCsv(InputStream body,
                                   @Parameter(description = "Validate only; store nothing") @QueryParam("dryRun") boolean dryRun,
                                   @Parameter(hidden = true) @HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength) {
        return imports.importCsv(body, DeclaredLengthBody.parseLength(contentLength), callers.caller(), dryRun);
    }

    @POST
    @Consumes(ApiDocs.XLSX)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.REPORTER})
    @Operation(hidden = true) // the .xlsx request body of importMeasurements: one operation in the document
    public ImportSummary importXlsx(InputStream body,
                                    @Parameter(description = "Validate only; store nothing") @QueryParam("dryRun") boolean dryRun,
                                    @Parameter(hidden = true) @HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength) {
        return imports.importXlsx(body, DeclaredLengthBody.parseLength(contentLength), callers.caller(), dryRun);
    }

    @GET
    @Path("/template")
    @Produces(ApiDocs.XLSX)
    @RolesAllowed({Roles.ADMIN, Roles.ANALYST, Roles.REPORTER})
    @Operation(operationId = "getImportTemplate", summary = "导入模板 / The .xlsx template of what a unit reports for a period",
            description = "An .xlsx workbook to fill and send back to importMeasurements: one row per (target, unit) the caller's "
            + "units owe for the period (getCompleteness) and, below, the shares they may report without owing them (a county below "
            + "a contributing city; #应报 says 否), with target, unit, place and period filled in and value, numerator, denominator "
            + "and comment to fill. The headers read 指标代码 (target) …: the importer takes the name in brackets. The columns whose "
            + "header starts with # are for the person filling it in and are ignored by the importer: #指标名称, #计量单位, "
            + "#填报方式 (数值 or 分子/分母), #下限, #上限, #截止日期, #应报, #当前数值, #审核状态, #退回理由. A REPORTER gets its unit "
            + "(and subtree); an ADMIN or ANALYST names a unit (without one: every owing unit). Roles: ADMIN, ANALYST, REPORTER. "
            + "下载某一期应报（及可报）数值的 .xlsx 导入模板，填写后按原样上传。")
    @APIResponse(responseCode = "200", description = "模板 / The template (import-template-<period>.xlsx)",
            content = @Content(mediaType = ApiDocs.XLSX, schema = @Schema(type = SchemaType.STRING, format = "binary",
                    description = "An .xlsx workbook: sheet 填报 with the header row frozen")))
    @APIResponse(responseCode = "400", description = "请求错误 / Bad request: `PERIOD_REQUIRED` (no period), `MALFORMED_PERIOD` "
            + "(period is not a period id)")
    @APIResponse(responseCode = "403", description = "无权限 / Forbidden: " + ApiDocs.FORBIDDEN_ROLE + ", `UNIT_OUT_OF_SCOPE` "
            + "(a REPORTER key asking for a unit outside its scope)")
    public jakarta.ws.rs.core.Response template(
            @Parameter(description = "期别 / The period: 2025, 2025S1, 2025Q3 or 202507", required = true, example = "2025")
            @QueryParam("period") String period,
            @Parameter(description = "单位代码 / Only this unit", example = "FJ-FUZHOU-GULOU") @QueryParam("unit") String unit) {
        if (period == null || period.isBlank()) {
            throw cn.fjquality.problem.ApiException.badRequest("PERIOD_REQUIRED", "Query parameter period is required, e.g. 2025");
        }
        cn.fjquality.events.period.Period p = cn.fjquality.events.period.Period.parse(period).orElseThrow(() ->
                cn.fjquality.problem.ApiException.badRequest("MALFORMED_PERIOD", "period is not one of YYYY, YYYYS1..S2, YYYYQ1..Q4, YYYYMM"));
        MeasurementDtos.CompletenessReport report = completeness.report(p, null, unit, true, callers.caller());
        byte[] body = ImportTemplate.xlsx(report);
        return jakarta.ws.rs.core.Response.ok(body, ApiDocs.XLSX)
                .header("Content-Disposition", "attachment; filename=\"import-template-" + p.id() + ".xlsx\"").build();
    }
}
