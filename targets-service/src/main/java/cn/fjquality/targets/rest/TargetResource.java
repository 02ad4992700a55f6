package cn.fjquality.targets.rest;

import cn.fjquality.problem.ApiException;
import cn.fjquality.problem.QueryParams;
import cn.fjquality.security.CallerContext;
import cn.fjquality.security.Roles;
import cn.fjquality.targets.domain.Target;
import cn.fjquality.targets.domain.TargetContent;
import cn.fjquality.targets.domain.TargetKind;
import cn.fjquality.targets.domain.TargetRepository.PageOfTargets;
import cn.fjquality.targets.domain.TargetRepository.TargetFilter;
import cn.fjquality.targets.rest.TargetDtos.CreateTargetRequest;
import cn.fjquality.targets.rest.TargetDtos.RetireRequest;
import cn.fjquality.targets.rest.TargetDtos.RevisionResponse;
import cn.fjquality.targets.rest.TargetDtos.TargetPage;
import cn.fjquality.targets.rest.TargetDtos.TargetResponse;
import cn.fjquality.targets.rest.TargetDtos.UpdateTargetRequest;
import cn.fjquality.targets.service.TargetService;
import cn.fjquality.targets.config.ProgressConfig;
import cn.fjquality.targets.rest.ProgressDtos.ProgressDetailResponse;
import cn.fjquality.targets.service.CityComparison;
import cn.fjquality.targets.service.ProgressMethod;
import cn.fjquality.targets.service.ProgressQueries;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

@Path("/api/v1/targets")
@Tag(name = "Targets", description = "The plans' quantitative targets; every change is a new revision 规划的量化指标，每次修改保留修订")
@SecurityRequirement(name = "callerToken")
@APIResponse(responseCode = "401", description = ApiDocs.UNAUTHENTICATED,
        headers = @Header(name = "WWW-Authenticate", description = ApiDocs.WWW_AUTHENTICATE, schema = @Schema(type = SchemaType.STRING)))
@APIResponse(responseCode = "406", description = ApiDocs.NOT_ACCEPTABLE)
@APIResponse(responseCode = "429", description = ApiDocs.RATE_LIMITED,
        headers = @Header(name = "Retry-After", description = ApiDocs.RETRY_AFTER, schema = @Schema(type = SchemaType.INTEGER)))
@APIResponse(responseCode = "503", description = ApiDocs.DATABASE_UNAVAILABLE,
        headers = @Header(name = "Retry-After", description = ApiDocs.RETRY_AFTER, schema = @Schema(type = SchemaType.INTEGER)))
public class TargetResource {
    static final String READERS_DESC = "Roles: ADMIN, ANALYST, REPORTER, GATEWAY.";

    private final TargetService service;
    private final CallerContext callers;
    private final ObjectMapper mapper;
    private final Validator validator;
    private final ProgressQueries progress;
    private final ProgressConfig progressConfig;
    private final CityComparison cities;

    public TargetResource(TargetService service, CallerContext callers, ObjectMapper mapper, Validator validator,
                          ProgressQueries progress, ProgressConfig progressConfig, CityComparison cities) {
        this.cities = cities;
        this.service = service;
        this.callers = callers;
        this.mapper = mapper;
        this.validator = validator;
        this.progress = progress;
        this.progressConfig = progressConfig;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.ANALYST, Roles.REPORTER, Roles.GATEWAY})
    @Operation(operationId = "listTargets", summary = "查询指标 / List targets",
            description = "Filters combine with AND; section matches a prefix (二、(一) = the whole chapter); "
            + "q matches Chinese or English names and codes, case-insensitively. Ordered by plan, then catalog order. "
            + "Accept: text/csv gives every matching row as CSV (UTF-8 with BOM; page and size ignored, target columns as in "
            + "docs/targets-service.md). 按条件分页查询指标；Accept: text/csv 导出全部匹配行。 " + READERS_DESC)
    @APIResponse(responseCode = "200", description = "一页指标，或 CSV / A page of targets, or CSV", content = {
            @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = TargetPage.class),
                    examples = @ExampleObject(name = "food", summary = "?q=食品抽检", value = ApiDocs.FOOD_TARGET_PAGE)),
            @Content(mediaType = ApiDocs.CSV, schema = @Schema(type = SchemaType.STRING, description = ApiDocs.CSV_ANSWER),
                    examples = @ExampleObject(name = "food", summary = "?q=食品抽检 (targets.csv)", value = ApiDocs.TARGETS_CSV))})
    @APIResponse(responseCode = "400", description = "请求错误 / Bad request: `INVALID_QUERY_PARAMETER` (a kind or includeRetired "
            + "that does not parse, a page or size that is not an integer of the int range), `VALIDATION_FAILED` (page below 0, "
            + "size outside 1..500; JSON only)")
    public TargetPage list(@QueryParam("plan") @Parameter(description = ApiDocs.PLAN_FILTER, example = "FJ-OUTLINE-2025") String plan,
                           @QueryParam("kind") @Parameter(description = "指标类型 / Kind",
                                   schema = @Schema(implementation = TargetKind.class), example = "RATE") String kind,
                           @QueryParam("leadUnit") @Parameter(description = ApiDocs.LEAD_FILTER, example = "FJ-AMR") String leadUnit,
                           @QueryParam("section") @Parameter(description = ApiDocs.SECTION_FILTER, example = "二、(一)") String section,
                           @QueryParam("q") @Parameter(description = "名称或代码 / Part of a Chinese or English name or of a code",
                                   example = "合格率") String q,
                           @QueryParam("includeRetired") @Parameter(description = "含已废止 / Also retired targets: true or false",
                                   schema = @Schema(type = SchemaType.BOOLEAN), example = "false") String includeRetired,
                           @QueryParam("page") @Parameter(description = "页码，从 0 起 / Page number, from 0 (JSON only)")
                           @DefaultValue("0") @Min(0) int page,
                           @QueryParam("size") @Parameter(description = "每页条数 / Page size, 1..500 (JSON only)")
                           @DefaultValue("50") @Min(1) @Max(500) int size) {
        PageOfTargets result = service.search(filter(plan, kind, leadUnit, section, q, includeRetired), page, size);
        return new TargetPage(result.items().stream().map(TargetResponse::of).toList(), page, size, result.total());
    }

    @GET
    @Produces(Csv.MEDIA_TYPE)
    @RolesAllowed({Roles.ADMIN, Roles.ANALYST, Roles.REPORTER, Roles.GATEWAY})
    @Operation(hidden = true) // the text/csv answer of listTargets: one operation in the document
    public Response listCsv(@QueryParam("plan") String plan,
                            @QueryParam("kind") String kind,
                            @QueryParam("leadUnit") String leadUnit,
                            @QueryParam("section") String section,
                            @QueryParam("q") String q,
                            @QueryParam("includeRetired") String includeRetired) {
        PageOfTargets all = service.search(filter(plan, kind, leadUnit, section, q, includeRetired), 0, 0);
        List<List<Object>> rows = new ArrayList<>();
        for (Target t : all.items()) {
            TargetContent c = t.content;
            rows.add(java.util.Arrays.asList(t.code, c.planCode, c.section, c.nameZh, c.nameEn, c.kind, c.comparator,
                    c.targetValue, c.unit, c.deadlineYear, c.baselineYear, c.baselineValue, c.direction,
                    c.reportingFrequency, c.aggregation, c.lowerBound, c.upperBound, c.leadUnits, c.leadUnitsAssigned,
                    c.contributingUnits, c.sourceDocument, c.sourceText, c.departmentFigures, c.reportDueAfter, t.revision,
                    t.retired(), t.updatedAt));
        }
        return Csv.response(Csv.write(List.of("code", "planCode", "section", "nameZh", "nameEn", "kind", "comparator",
                "targetValue", "unit", "deadlineYear", "baselineYear", "baselineValue", "direction",
                "reportingFrequency", "aggregation", "lowerBound", "upperBound", "leadUnits", "leadUnitsAssigned",
                "contributingUnits", "sourceDocument", "sourceText", "departmentFigures", "reportDueAfter", "revision", "retired",
                "updatedAt"), rows), "targets.csv");
    }

    @GET
    @Path("/{code}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.ANALYST, Roles.REPORTER, Roles.GATEWAY})
    @Operation(operationId = "getTarget", summary = "查看指标 / Get one target",
            description = "The current revision; the ETag is the revision number (use it in If-Match on PUT). "
                    + "指标的当前修订版本；ETag 为修订号。 " + READERS_DESC)
    @APIResponse(responseCode = "200", description = "指标 / The target",
            headers = @Header(name = "ETag", description = "The revision, quoted: \"1\"", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = TargetResponse.class),
                    examples = @ExampleObject(name = "food", value = ApiDocs.FOOD_TARGET)))
    @APIResponse(responseCode = "404", description = ApiDocs.TARGET_NOT_FOUND)
    public Response get(@Parameter(description = ApiDocs.TARGET_CODE, example = "OL25-FOOD-SAMPLING-PASS-RATE") @PathParam("code") String code) {
        Target t = service.get(code);
        return Response.ok(TargetResponse.of(t)).tag(etag(t)).build();
    }

    @GET
    @Path("/{code}/revisions")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.ANALYST, Roles.REPORTER, Roles.GATEWAY})
    @Operation(operationId = "listTargetRevisions", summary = "指标修订记录 / Every revision of a target",
            description = "Newest first, with who (API key id, or 'catalog'), when, why, which fields changed and the full content "
                    + "at that revision. 指标的全部修订（新的在前）。 " + READERS_DESC)
    @APIResponse(responseCode = "200", description = "修订，新的在前 / The revisions, newest first",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = RevisionResponse.class),
                    examples = @ExampleObject(name = "food", summary = "a due offset set through the API after the catalog's revision 1",
                            value = ApiDocs.FOOD_REVISIONS)))
    @APIResponse(responseCode = "404", description = ApiDocs.TARGET_NOT_FOUND)
    public List<RevisionResponse> revisions(@Parameter(description = ApiDocs.TARGET_CODE, example = "OL25-FOOD-SAMPLING-PASS-RATE")
                                            @PathParam("code") String code) {
        return service.revisions(code).stream().map(RevisionResponse::of).toList();
    }

    @GET
    @Path("/{code}/progress")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.ANALYST, Roles.REPORTER, Roles.GATEWAY})
    @Operation(operationId = "getTargetProgress", summary = "单个指标进展 / Progress of one target at one scope",
            description = "The assessment recomputed from the stored values "
            + "(as of today, or as of asOf: values reported by the end of that day whose period had started), with the series "
            + "(per period: the figure, its source and coverage, the reconciliations, the other reports, the review status, "
            + "whether it was used), the method in words and the thresholds. scope = PROVINCE (default), a place (a city or "
            + "county, by unit code or division code: its figure, reported or rolled up from the places below), or a "
            + "reporting unit's code (its own values for the place they describe). Accept: text/csv gives the series as CSV "
            + "(<code>-progress.csv), the .xlsx media type as a workbook (<code>-progress.xlsx). 单个指标在某一范围（全省、地区或报送单位）的进展与序列。 " + ProgressResource.METHOD_DESC + " "
            + READERS_DESC)
    @APIResponse(responseCode = "200", description = "进展与序列，或 CSV / The assessment with its series, or the series as CSV", content = {
            @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ProgressDetailResponse.class),
                    examples = @ExampleObject(name = "food", summary = "食品抽检合格率 for the province, rolled up from 福州市 and 厦门市",
                            value = ApiDocs.FOOD_PROGRESS_DETAIL)),
            @Content(mediaType = ApiDocs.CSV, schema = @Schema(type = SchemaType.STRING, description = ApiDocs.CSV_ANSWER),
                    examples = @ExampleObject(name = "food", summary = "the same series as CSV", value = ApiDocs.FOOD_SERIES_CSV)),
            @Content(mediaType = ApiDocs.XLSX, schema = @Schema(type = SchemaType.STRING, format = "binary", description = ApiDocs.XLSX_ANSWER))})
    @APIResponse(responseCode = "400", description = "请求错误 / Bad request: `INVALID_QUERY_PARAMETER` (a scope that is neither "
            + "PROVINCE nor a unit or division code, an asOf that is not yyyy-MM-dd)")
    @APIResponse(responseCode = "403", description = "超出范围 / Forbidden: `UNIT_OUT_OF_SCOPE` (a REPORTER key asking for a county "
            + "or a reporting unit outside its own unit and subtree; the province and the cities are readable by every key)")
    @APIResponse(responseCode = "404", description = ApiDocs.TARGET_NOT_FOUND)
    public ProgressDetailResponse progress(@Parameter(description = ApiDocs.TARGET_CODE, example = "OL25-FOOD-SAMPLING-PASS-RATE")
                                           @PathParam("code") String code,
                                           @QueryParam("scope") @Parameter(description = "范围 / PROVINCE (default), a place's unit code "
                                                   + "or division code (FJ-FUZHOU, 350100, 350102), or a reporting unit's code (its own values)",
                                                   example = "PROVINCE") String scope,
                                           @QueryParam("asOf") @Parameter(description = ApiDocs.AS_OF,
                                                   schema = @Schema(type = SchemaType.STRING, format = "date"), example = "2025-12-31") String asOf) {
        return ProgressDetailResponse.of(progress.detail(code, scope(scope), ProgressResource.date("asOf", asOf), callers.caller()),
                progressConfig.approvedOnly(), progressConfig.reconciliation().tolerance());
    }

    @GET
    @Path("/{code}/progress")
    @Produces(Csv.MEDIA_TYPE)
    @RolesAllowed({Roles.ADMIN, Roles.ANALYST, Roles.REPORTER, Roles.GATEWAY})
    @Operation(hidden = true) // the text/csv answer of getTargetProgress: one operation in the document
    public Response progressCsv(@PathParam("code") String code, @QueryParam("scope") String scope, @QueryParam("asOf") String asOf) {
        return Csv.response(Csv.write(SERIES_HEADER, seriesRows(code, scope, asOf)), code + "-progress.csv");
    }

    @GET
    @Path("/{code}/progress")
    @Produces(ApiDocs.XLSX)
    @RolesAllowed({Roles.ADMIN, Roles.ANALYST, Roles.REPORTER, Roles.GATEWAY})
    @Operation(hidden = true) // the .xlsx answer of getTargetProgress: one operation in the document
    public Response progressXlsx(@PathParam("code") String code, @QueryParam("scope") String scope, @QueryParam("asOf") String asOf) {
        return Csv.xlsx(SERIES_HEADER, seriesRows(code, scope, asOf), "序列", code + "-progress.csv");
    }

    static final List<String> SERIES_HEADER = List.of("period", "start", "end", "coveredThrough", "value", "numerator", "denominator",
            "source", "reportedBy", "rolledUpFrom", "placesCovered", "placesTotal", "monthsCovered", "monthsTotal", "status",
            "used", "flagged", "reconciliation");

    private List<List<Object>> seriesRows(String code, String scope, String asOf) {
        ProgressDetailResponse d = progress(code, scope, asOf);
        List<List<Object>> rows = new ArrayList<>();
        for (ProgressDtos.FigureResponse p : d.series()) {
            rows.add(java.util.Arrays.asList(p.period(), p.start(), p.end(), p.coveredThrough(), p.value(), p.numerator(),
                    p.denominator(), p.source(), p.reportedBy(), p.rolledUpFrom(), p.placesCovered(), p.placesTotal(),
                    p.monthsCovered(), p.monthsTotal(), p.status(), p.used(), p.flagged(),
                    String.join(" | ", p.checks().stream().map(ProgressDtos.CheckResponse::note).toList())));
        }
        return rows;
    }

    @GET
    @Path("/{code}/cities")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.ANALYST, Roles.REPORTER, Roles.GATEWAY})
    @Operation(operationId = "getTargetCityComparison", summary = "单个指标的设区市对比 / City comparison of one target",
            description = ProgressResource.CITIES_DESC + " Accept: text/csv gives one row per city (<code>-cities.csv), the .xlsx media type the same as a workbook "
            + "(<code>-cities.xlsx). " + READERS_DESC)
    @APIResponse(responseCode = "200", description = "设区市对比，或 CSV / The comparison, or CSV", content = {
            @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = CityDtos.TargetCitiesResponse.class),
                    examples = @ExampleObject(name = "food2024", summary = "食品抽检合格率 2024 (3 of the 10 cities shown)",
                            value = ApiDocs.FOOD_CITIES)),
            @Content(mediaType = ApiDocs.CSV, schema = @Schema(type = SchemaType.STRING, description = ApiDocs.CSV_ANSWER),
                    examples = @ExampleObject(name = "food2024", summary = "the cities with a figure", value = ApiDocs.CITIES_CSV)),
            @Content(mediaType = ApiDocs.XLSX, schema = @Schema(type = SchemaType.STRING, format = "binary", description = ApiDocs.XLSX_ANSWER))})
    @APIResponse(responseCode = "400", description = "请求错误 / Bad request: `INVALID_QUERY_PARAMETER` (a period that is not a "
            + "period id, an asOf that is not yyyy-MM-dd)")
    @APIResponse(responseCode = "404", description = ApiDocs.TARGET_NOT_FOUND)
    public CityDtos.TargetCitiesResponse cities(@Parameter(description = ApiDocs.TARGET_CODE, example = "OL25-FOOD-SAMPLING-PASS-RATE")
                                                @PathParam("code") String code,
                                                @QueryParam("period") @Parameter(description = ApiDocs.PERIOD, example = "2024") String period,
                                                @QueryParam("asOf") @Parameter(description = ApiDocs.AS_OF,
                                                        schema = @Schema(type = SchemaType.STRING, format = "date"), example = "2025-12-31") String asOf) {
        LocalDate day = ProgressResource.date("asOf", asOf);
        return CityDtos.TargetCitiesResponse.of(cities.forTarget(code, ProgressResource.period("period", period),
                day == null ? null : ProgressQueries.endOf(day), callers.caller()));
    }

    @GET
    @Path("/{code}/cities")
    @Produces(Csv.MEDIA_TYPE)
    @RolesAllowed({Roles.ADMIN, Roles.ANALYST, Roles.REPORTER, Roles.GATEWAY})
    @Operation(hidden = true) // the text/csv answer of getTargetCityComparison: one operation in the document
    public Response citiesCsv(@PathParam("code") String code, @QueryParam("period") String period, @QueryParam("asOf") String asOf) {
        return Csv.response(Csv.write(CityDtos.CSV_HEADER, CityDtos.csvRows(List.of(cities(code, period, asOf)))),
                code + "-cities.csv");
    }

    @GET
    @Path("/{code}/cities")
    @Produces(ApiDocs.XLSX)
    @RolesAllowed({Roles.ADMIN, Roles.ANALYST, Roles.REPORTER, Roles.GATEWAY})
    @Operation(hidden = true) // the .xlsx answer of getTargetCityComparison: one operation in the document
    public Response citiesXlsx(@PathParam("code") String code, @QueryParam("period") String period, @QueryParam("asOf") String asOf) {
        return Csv.xlsx(CityDtos.CSV_HEADER, CityDtos.csvRows(List.of(cities(code, period, asOf))), "设区市对比", code + "-cities.csv");
    }

    /** PROVINCE (default), or a unit code or a six-digit division code. */
    static String scope(String raw) {
        if (raw == null || raw.isBlank()) {
            return ProgressMethod.PROVINCE;
        }
        String s = raw.trim();
        if (ProgressMethod.PROVINCE.equalsIgnoreCase(s)) {
            return ProgressMethod.PROVINCE;
        }
        if (!s.matches(TargetDtos.UNIT_CODE_PATTERN)) {
            throw QueryParams.invalid("scope", raw, "PROVINCE, a unit code or a division code");
        }
        return s;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "createTarget", summary = "新建指标 / Create a target",
            description = "Revision 1 of a new target; publishes TargetPublished on targets.v1. A catalog entry can be posted as it "
                    + "is. ADMIN only. 新建指标（修订 1），发布 TargetPublished 事件。")
    @RequestBody(required = true, content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = CreateTargetRequest.class),
            examples = @ExampleObject(name = "food", summary = "the catalog entry of 食品抽检合格率 (seeded already: posting it again is 409)",
                    value = ApiDocs.FOOD_CREATE)))
    @APIResponse(responseCode = "201", description = "已创建 / Created",
            headers = {@Header(name = "Location", description = "/api/v1/targets/{code} of the new target", schema = @Schema(type = SchemaType.STRING)),
                    @Header(name = "ETag", description = "The revision, quoted: \"1\"", schema = @Schema(type = SchemaType.STRING))},
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = TargetResponse.class),
                    examples = @ExampleObject(name = "food", value = ApiDocs.FOOD_TARGET)))
    @APIResponse(responseCode = "400", description = "请求错误 / Bad request: " + ApiDocs.BAD_JSON_BODY + ", " + ApiDocs.VALIDATION_BODY
            + ", " + ApiDocs.INVALID_TEXT)
    @APIResponse(responseCode = "403", description = ApiDocs.FORBIDDEN_ADMIN)
    @APIResponse(responseCode = "409", description = "冲突 / Conflict: `TARGET_CODE_TAKEN` (a target has this code)")
    @APIResponse(responseCode = "413", description = ApiDocs.PAYLOAD_TOO_LARGE)
    @APIResponse(responseCode = "415", description = ApiDocs.UNSUPPORTED_MEDIA_TYPE)
    @APIResponse(responseCode = "422", description = "无法处理 / Unprocessable: `UNKNOWN_PLAN` (no plan has the planCode), "
            + ApiDocs.TARGET_RULES)
    public Response create(@Valid @NotNull CreateTargetRequest request) {
        Target t = service.create(request.code(), request.spec(), callers.caller());
        return Response.created(URI.create("/api/v1/targets/" + t.code)).tag(etag(t)).entity(TargetResponse.of(t)).build();
    }

    @PUT
    @Path("/{code}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "reviseTarget", summary = "修订指标 / Revise a target",
            description = "The body is the full new content; it becomes a new revision (the old one is kept) "
            + "and publishes TargetRevised. A body equal to the current content creates no revision (200, same revision). "
            + "Optional If-Match: \"<revision>\" refuses the change (412 REVISION_MISMATCH) when the target moved on. ADMIN only. "
            + "以完整内容修订指标，生成新修订并保留旧修订。")
    @RequestBody(required = true, content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = UpdateTargetRequest.class),
            examples = @ExampleObject(name = "food", summary = "食品抽检合格率 with its own due offset (45 days)", value = ApiDocs.FOOD_REVISE)))
    @APIResponse(responseCode = "200", description = "新（或未变）修订 / The target at its new (or unchanged) revision",
            headers = @Header(name = "ETag", description = "The revision, quoted: \"2\"", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = TargetResponse.class),
                    examples = @ExampleObject(name = "food", value = ApiDocs.FOOD_REVISED)))
    @APIResponse(responseCode = "400", description = "请求错误 / Bad request: " + ApiDocs.BAD_JSON_BODY + " (also code in the body), "
            + ApiDocs.VALIDATION_BODY + ", `INVALID_IF_MATCH` (If-Match is not a quoted revision number), " + ApiDocs.INVALID_TEXT)
    @APIResponse(responseCode = "403", description = ApiDocs.FORBIDDEN_ADMIN)
    @APIResponse(responseCode = "404", description = ApiDocs.TARGET_NOT_FOUND)
    @APIResponse(responseCode = "409", description = "冲突 / Conflict: `TARGET_RETIRED` (a retired target cannot be revised)")
    @APIResponse(responseCode = "412", description = "前提条件不满足 / Precondition failed: `REVISION_MISMATCH` (If-Match names a "
            + "revision that is no longer current)")
    @APIResponse(responseCode = "413", description = ApiDocs.PAYLOAD_TOO_LARGE)
    @APIResponse(responseCode = "415", description = ApiDocs.UNSUPPORTED_MEDIA_TYPE)
    @APIResponse(responseCode = "422", description = "无法处理 / Unprocessable: `PLAN_CHANGE_NOT_ALLOWED` (the body names another "
            + "plan), " + ApiDocs.TARGET_RULES)
    public Response update(@Parameter(description = ApiDocs.TARGET_CODE, example = "OL25-FOOD-SAMPLING-PASS-RATE") @PathParam("code") String code,
                           @HeaderParam("If-Match") @Parameter(description = "期望的修订 / The revision the change is based on, "
                                   + "as the ETag gave it (\"1\"); * or absent: any", example = "\"1\"") String ifMatch,
                           @Valid @NotNull UpdateTargetRequest request) {
        Target t = service.revise(code, request.spec(), request.changeNote(), expectedRevision(ifMatch), callers.caller());
        return Response.ok(TargetResponse.of(t)).tag(etag(t)).build();
    }

    @POST
    @Path("/{code}/retire")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "retireTarget", summary = "废止指标 / Retire a target",
            description = "A new revision marked retired; publishes TargetRetired. Retiring again changes nothing. "
            + "Retired targets are left out of lists unless includeRetired=true, and cannot be revised. The body is optional "
            + "(any Content-Type). ADMIN only. 废止指标（生成新修订），发布 TargetRetired 事件。")
    @APIResponse(responseCode = "200", description = "已废止的指标 / The target, retired",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = TargetResponse.class)))
    @APIResponse(responseCode = "400", description = "请求错误 / Bad request: " + ApiDocs.BAD_JSON_BODY + ", `VALIDATION_FAILED` "
            + "(a reason over 500 characters), " + ApiDocs.INVALID_TEXT)
    @APIResponse(responseCode = "403", description = ApiDocs.FORBIDDEN_ADMIN)
    @APIResponse(responseCode = "404", description = ApiDocs.TARGET_NOT_FOUND)
    @APIResponse(responseCode = "413", description = ApiDocs.PAYLOAD_TOO_LARGE)
    public TargetResponse retire(@Parameter(description = ApiDocs.TARGET_CODE, example = "OL25-FOOD-SAMPLING-PASS-RATE") @PathParam("code") String code,
                                 @RequestBody(required = false, content = @Content(mediaType = ApiDocs.JSON,
                                         schema = @Schema(implementation = RetireRequest.class),
                                         examples = @ExampleObject(name = "superseded", summary = "why",
                                                 value = "{\"reason\": \"由2026年工作要点的新指标取代\"}"))) String body) throws JsonProcessingException {
        // The body is optional, so a bare POST (no Content-Type) must work too: read it as text, then as JSON.
        RetireRequest request = body == null || body.isBlank() ? null : mapper.readValue(body, RetireRequest.class);
        if (request != null) {
            Set<ConstraintViolation<RetireRequest>> violations = validator.validate(request);
            if (!violations.isEmpty()) {
                throw new ConstraintViolationException(violations);
            }
        }
        return TargetResponse.of(service.retire(code, request == null ? null : request.reason(), callers.caller()));
    }

    static TargetFilter filter(String plan, String kind, String leadUnit, String section, String q, String includeRetired) {
        return new TargetFilter(blankToNull(plan), QueryParams.enumValue("kind", kind, TargetKind.class), blankToNull(leadUnit),
                blankToNull(section), blankToNull(q), Boolean.TRUE.equals(QueryParams.booleanValue("includeRetired", includeRetired)));
    }

    private static Integer expectedRevision(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return null;
        }
        String v = ifMatch.trim();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        v = v.replace("\"", "");
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("INVALID_IF_MATCH", "If-Match must be the quoted revision number from the ETag, e.g. \"3\"");
        }
    }

    private static EntityTag etag(Target t) {
        return new EntityTag(Integer.toString(t.revision));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
