package cn.fjquality.reports.rest;

import cn.fjquality.problem.ApiException;
import cn.fjquality.reports.domain.Measurement;
import cn.fjquality.reports.domain.MeasurementRepository;
import cn.fjquality.reports.rest.MeasurementDtos.MeasurementPage;
import cn.fjquality.reports.rest.MeasurementDtos.MeasurementResponse;
import cn.fjquality.reports.rest.MeasurementDtos.ReviewRequest;
import cn.fjquality.reports.rest.MeasurementDtos.RevisionResponse;
import cn.fjquality.reports.rest.MeasurementDtos.SubmitMeasurementRequest;
import cn.fjquality.reports.service.MeasurementQueryService;
import cn.fjquality.reports.service.ReviewService;
import cn.fjquality.reports.service.SubmissionService;
import cn.fjquality.security.CallerContext;
import cn.fjquality.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.util.List;
import java.util.UUID;

@Path("/api/v1/measurements")
@Tag(name = "Measurements", description = "Values units report for (target, place, period), every revision kept 报送数值（保留全部修订）")
@SecurityRequirement(name = "callerToken")
@APIResponse(responseCode = "401", description = ApiDocs.UNAUTHENTICATED,
        headers = @Header(name = "WWW-Authenticate", description = ApiDocs.WWW_AUTHENTICATE, schema = @Schema(type = SchemaType.STRING)))
@APIResponse(responseCode = "406", description = ApiDocs.NOT_ACCEPTABLE)
@APIResponse(responseCode = "429", description = ApiDocs.RATE_LIMITED,
        headers = @Header(name = "Retry-After", description = ApiDocs.RETRY_AFTER, schema = @Schema(type = SchemaType.INTEGER)))
@APIResponse(responseCode = "503", description = ApiDocs.DATABASE_UNAVAILABLE,
        headers = @Header(name = "Retry-After", description = ApiDocs.RETRY_AFTER, schema = @Schema(type = SchemaType.INTEGER)))
public class MeasurementResource {
    public static final String TEXT_CSV = "text/csv";

    private final SubmissionService submissions;
    private final MeasurementQueryService queries;
    private final ReviewService reviews;
    private final CallerContext callers;

    public MeasurementResource(SubmissionService submissions, MeasurementQueryService queries, ReviewService reviews, CallerContext callers) {
        this.submissions = submissions;
        this.queries = queries;
        this.reviews = reviews;
        this.callers = callers;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.REPORTER})
    @Operation(operationId = "submitMeasurement", summary = "提交一个数值 / Submit one value",
            description = "Creates the measurement of (target, unit, place, period) or a new revision of it and publishes "
            + "MeasurementRecorded. With an Idempotency-Key, a replay by the same caller returns the first answer (status and body, "
            + "with Idempotent-Replayed: true) and stores nothing; send one with every submission and repeat the request with the "
            + "same key on 502, 503, 504 or a lost connection. Numbers are stored as sent, never rounded. Roles: ADMIN (on behalf "
            + "of any unit), REPORTER (its unit and, with a subtree key, the units below). "
            + "提交一个数值（新建或新修订），发布 MeasurementRecorded 事件；带 Idempotency-Key 可安全重试。")
    @RequestBody(required = true, content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = SubmitMeasurementRequest.class),
            examples = {@ExampleObject(name = "fuzhouFood2024", summary = "福州市's food sampling pass rate for 2024",
                    value = ApiDocs.FUZHOU_FOOD_2024),
                    @ExampleObject(name = "amrStandards2024", summary = "the lead department's province-wide figure (省市场监管局)",
                            value = ApiDocs.AMR_STANDARDS_2024),
                    @ExampleObject(name = "gulouFood2024", summary = "福州市 reporting for 鼓楼区 by its division code (value computed)",
                            value = ApiDocs.GULOU_FOOD_2024)}))
    @APIResponse(responseCode = "201", description = "已保存（新修订）/ Stored (a new revision), or the first answer replayed",
            headers = {@Header(name = "Location", description = "/api/v1/measurements/{id} of the measurement",
                    schema = @Schema(type = SchemaType.STRING)),
                    @Header(name = "Idempotent-Replayed", description = "true when this is the stored answer to an earlier request "
                            + "with the same Idempotency-Key (nothing was stored now)", schema = @Schema(type = SchemaType.BOOLEAN))},
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = MeasurementResponse.class),
                    examples = @ExampleObject(name = "fuzhouFood2024", value = ApiDocs.FUZHOU_FOOD_2024_STORED)))
    @APIResponse(responseCode = "400", description = "请求错误 / Bad request: " + ApiDocs.BAD_JSON_BODY + ", `MISSING_BODY` (no body, "
            + "or null), `INVALID_IDEMPOTENCY_KEY` (an Idempotency-Key that is empty or longer than 200 characters), "
            + ApiDocs.INVALID_TEXT)
    @APIResponse(responseCode = "403", description = "无权限 / Forbidden: " + ApiDocs.FORBIDDEN_WRITE + ", `UNIT_OUT_OF_SCOPE` "
            + "(the key may not act for the unit)")
    @APIResponse(responseCode = "409", description = "冲突 / Conflict: `VALUE_LOCKED` (the value is approved; it must be returned "
            + "first), `CONCURRENT_SUBMISSION` (another request created the same measurement at the same moment; retry), "
            + "`IDEMPOTENCY_KEY_IN_USE` (the same key is being processed; retry)")
    @APIResponse(responseCode = "413", description = ApiDocs.PAYLOAD_TOO_LARGE)
    @APIResponse(responseCode = "415", description = ApiDocs.UNSUPPORTED_MEDIA_TYPE)
    @APIResponse(responseCode = "422", description = "无法处理 / Unprocessable: " + ApiDocs.VALIDATION_CODES
            + "; `IDEMPOTENCY_KEY_REUSED` (the same Idempotency-Key with a different body)")
    public Response submit(SubmitMeasurementRequest request,
                           @Parameter(description = "幂等键 / Client-chosen key (1..200 characters, e.g. a UUID), per API key: "
                                   + "the same request sent again with it returns the first answer and stores nothing",
                                   schema = @Schema(type = SchemaType.STRING, minLength = 1, maxLength = 200),
                                   example = "3f0c9a3e-8a3c-4c1e-9b0e-2d6f5a7b8c9d")
                           @HeaderParam("Idempotency-Key") String idempotencyKey) {
        if (request == null) {
            throw ApiException.badRequest("MISSING_BODY", "The request needs a JSON body");
        }
        SubmissionService.Answer answer = submissions.submit(request, callers.caller(), idempotencyKey);
        Response.ResponseBuilder r = Response.status(answer.status()).type(MediaType.APPLICATION_JSON).entity(answer.body());
        if (answer.measurementId() != null) {
            r.location(URI.create("/api/v1/measurements/" + answer.measurementId()));
        }
        if (answer.replayed()) {
            r.header("Idempotent-Replayed", "true");
        }
        return r.build();
    }

    @GET
    @Produces({MediaType.APPLICATION_JSON, TEXT_CSV, ApiDocs.XLSX})
    @RolesAllowed({Roles.ADMIN, Roles.ANALYST, Roles.REPORTER})
    @Operation(operationId = "listMeasurements", summary = "查询数值 / List measurements (current revisions)",
            description = "Filters combine with AND; from/to are period ids "
            + "(periods that start at or after from's start and end at or before to's end); place is the unit code or the 6-digit "
            + "division code of the place the values describe. A REPORTER sees its unit (and subtree). "
            + "A page past the last match is empty (with the total). Accept: text/csv gives all matching rows (up to 200,000, paging "
            + "ignored) as UTF-8 CSV with a BOM (measurements.csv); a text cell starting with = + - @, a tab or a carriage return "
            + "gets a leading '. Accept: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet gives the same rows as "
            + "an .xlsx workbook (measurements.xlsx: Chinese headers, frozen header row, numbers as numbers, the same rule for "
            + "formula-like text). reviewable=true lists the review queue: values waiting for review (SUBMITTED) that this key "
            + "may approve or return under the four-eyes rule (a REPORTER: of the targets its unit leads; an ADMIN: every "
            + "SUBMITTED value another key submitted; an ANALYST: none). Roles: ADMIN, ANALYST, REPORTER. "
            + "按条件分页查询数值的当前修订；Accept: text/csv 或 xlsx 导出；reviewable=true 为待审核队列。")
    @APIResponse(responseCode = "200", description = "一页数值，或 CSV / A page of measurements, or CSV", content = {
            @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = MeasurementPage.class),
                    examples = @ExampleObject(name = "fuzhouFood", summary = "?target=OL25-FOOD-SAMPLING-PASS-RATE&unit=FJ-FUZHOU",
                            value = ApiDocs.FUZHOU_FOOD_PAGE)),
            @Content(mediaType = ApiDocs.CSV, schema = @Schema(type = SchemaType.STRING, description = "UTF-8 with BOM, header row "
                    + "id,target,unit,place,period,value,numerator,denominator,status,followUp,revision,submittedAt,submittedBy,comment; "
                    + "CRLF line ends; at most 200,000 rows"),
                    examples = @ExampleObject(name = "fuzhouFood", summary = "measurements.csv", value = ApiDocs.MEASUREMENTS_CSV)),
            @Content(mediaType = ApiDocs.XLSX, schema = @Schema(type = SchemaType.STRING, format = "binary", description = "An .xlsx "
                    + "workbook (measurements.xlsx), one sheet 数值: the CSV's columns with Chinese headers (编号, 指标代码, 报送单位, 地区, "
                    + "期别, 数值, 分子, 分母, 审核状态, 需核实, 修订号, 报送时间（北京时间）, 报送密钥, 说明); at most 200,000 rows"))})
    @APIResponse(responseCode = "400", description = "请求错误 / Bad request: `MALFORMED_PERIOD` (from or to is not a period id), "
            + "`INVALID_STATUS` (status is not SUBMITTED, APPROVED or RETURNED), `INVALID_QUERY_PARAMETER` (a place that is blank, "
            + "longer than 32 characters or holds control characters; a page or size that is not an integer of the int range), "
            + "`VALIDATION_FAILED` (page below 0, size outside 1..500), " + ApiDocs.INVALID_TEXT + " in target or unit)")
    @APIResponse(responseCode = "403", description = ApiDocs.FORBIDDEN_READ
            + ", `UNIT_OUT_OF_SCOPE` (a REPORTER key asking for a unit outside its scope)")
    public Response list(@Parameter(description = "指标代码 / Target code", example = "OL25-FOOD-SAMPLING-PASS-RATE")
                         @QueryParam("target") String target,
                         @Parameter(description = "报送单位 / The reporting unit's code", example = "FJ-FUZHOU")
                         @QueryParam("unit") String unit,
                         @Parameter(description = "地区 / Unit code or 6-digit division code of the place the values describe "
                                 + "(an unknown one matches nothing)", example = "350102")
                         @QueryParam("place") String place,
                         @Parameter(description = "起始期别 / Periods starting on or after this period's start (a period id)", example = "2024")
                         @QueryParam("from") String from,
                         @Parameter(description = "截止期别 / Periods ending on or before this period's end (a period id)", example = "2024")
                         @QueryParam("to") String to,
                         @Parameter(description = "审核状态 / Review status",
                                 schema = @Schema(type = SchemaType.STRING, enumeration = {"SUBMITTED", "APPROVED", "RETURNED"}),
                                 example = "SUBMITTED")
                         @QueryParam("status") String status,
                         @Parameter(description = "需核实 / Only values flagged for follow-up (true) or not (false; anything but true)")
                         @QueryParam("followUp") Boolean followUp,
                         @Parameter(description = "待审核 / The review queue (true): SUBMITTED values this key may approve or "
                                 + "return under the four-eyes rule; anything but true is false")
                         @QueryParam("reviewable") boolean reviewable,
                         @Parameter(description = "页码，从 0 起 / Page number, from 0 (JSON only)")
                         @QueryParam("page") @DefaultValue("0") @Min(0) int page,
                         @Parameter(description = "每页条数 / Page size, 1..500 (JSON only)")
                         @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size,
                         @Parameter(hidden = true) @HeaderParam("Accept") String accept) {
        MeasurementQueryService.Query q = new MeasurementQueryService.Query(target, unit, place, from, to, status, followUp, reviewable);
        if (accept != null && accept.contains(ApiDocs.XLSX) && !accept.contains(MediaType.APPLICATION_JSON)) {
            List<Measurement> all = queries.all(q, callers.caller());
            return Response.ok(MeasurementCsv.xlsx(all), ApiDocs.XLSX)
                    .header("Content-Disposition", "attachment; filename=\"measurements.xlsx\"").build();
        }
        if (accept != null && accept.contains(TEXT_CSV) && !accept.contains(MediaType.APPLICATION_JSON)) {
            List<Measurement> all = queries.all(q, callers.caller());
            StreamingOutput out = MeasurementCsv.of(all);
            return Response.ok(out, TEXT_CSV + "; charset=UTF-8")
                    .header("Content-Disposition", "attachment; filename=\"measurements.csv\"").build();
        }
        MeasurementRepository.PageOf result = queries.search(q, callers.caller(), page, size);
        return Response.ok(new MeasurementPage(result.items().stream().map(MeasurementResponse::of).toList(), page, size, result.total()),
                MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.ANALYST, Roles.REPORTER})
    @Operation(operationId = "getMeasurement", summary = "查看数值 / Get one measurement",
            description = "Its current revision, with the last review. A REPORTER sees its unit's (and subtree's) values and, to "
                    + "review them, values of targets its unit leads. 查看数值的当前修订。 Roles: ADMIN, ANALYST, REPORTER.")
    @APIResponse(responseCode = "200", description = "数值 / The measurement",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = MeasurementResponse.class),
                    examples = @ExampleObject(name = "fuzhouFood2024", value = ApiDocs.FUZHOU_FOOD_2024_STORED)))
    @APIResponse(responseCode = "403", description = ApiDocs.FORBIDDEN_READ)
    @APIResponse(responseCode = "404", description = ApiDocs.MEASUREMENT_NOT_FOUND)
    public MeasurementResponse get(@Parameter(description = ApiDocs.MEASUREMENT_ID, example = "3f0c9a3e-8a3c-4c1e-9b0e-2d6f5a7b8c9d")
                                   @PathParam("id") String id) {
        return MeasurementResponse.of(queries.get(uuid(id), callers.caller()));
    }

    @GET
    @Path("/{id}/revisions")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.ANALYST, Roles.REPORTER})
    @Operation(operationId = "listMeasurementRevisions", summary = "数值修订记录 / Every revision of a measurement",
            description = "Oldest first: who (API key id and its unit), when, on behalf, old and new value, the import it came "
                    + "from. 数值的全部修订（旧的在前）。 Roles: ADMIN, ANALYST, REPORTER (as for getMeasurement).")
    @APIResponse(responseCode = "200", description = "修订，旧的在前 / The revisions, oldest first",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = RevisionResponse.class),
                    examples = @ExampleObject(name = "fuzhouFood2024", summary = "imported, then corrected by a single submission",
                            value = ApiDocs.FUZHOU_FOOD_REVISIONS)))
    @APIResponse(responseCode = "403", description = ApiDocs.FORBIDDEN_READ)
    @APIResponse(responseCode = "404", description = ApiDocs.MEASUREMENT_NOT_FOUND)
    public List<RevisionResponse> revisions(@Parameter(description = ApiDocs.MEASUREMENT_ID, example = "3f0c9a3e-8a3c-4c1e-9b0e-2d6f5a7b8c9d")
                                            @PathParam("id") String id) {
        return queries.revisions(uuid(id), callers.caller()).stream().map(RevisionResponse::of).toList();
    }

    @POST
    @Path("/{id}/approve")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.REPORTER})
    @Operation(operationId = "approveMeasurement", summary = "审核通过 / Approve the current revision",
            description = "By an ADMIN, or a REPORTER of one of the target's lead units for "
            + "another unit's value, under the four-eyes rule: no key reviews a revision it submitted, no lead unit a revision one "
            + "of its keys submitted for a unit below it. Locks the value until returned. Approving an approved value changes "
            + "nothing. Publishes MeasurementReviewed. 审核通过当前修订（四眼原则），锁定数值，发布 MeasurementReviewed 事件。")
    @APIResponse(responseCode = "200", description = "已通过 / The measurement, approved",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = MeasurementResponse.class),
                    examples = @ExampleObject(name = "fuzhouFood2024", summary = "approved by 省市场监管局 (the lead unit)",
                            value = ApiDocs.FUZHOU_FOOD_2024_APPROVED)))
    @APIResponse(responseCode = "403", description = ApiDocs.REVIEW_FORBIDDEN)
    @APIResponse(responseCode = "404", description = ApiDocs.MEASUREMENT_NOT_FOUND)
    @APIResponse(responseCode = "409", description = "冲突 / Conflict: `NOT_REVIEWABLE` (a returned value must be submitted again)")
    public MeasurementResponse approve(@Parameter(description = ApiDocs.MEASUREMENT_ID, example = "3f0c9a3e-8a3c-4c1e-9b0e-2d6f5a7b8c9d")
                                       @PathParam("id") String id) {
        return MeasurementResponse.of(reviews.approve(uuid(id), callers.caller()));
    }

    @POST
    @Path("/{id}/return")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.REPORTER})
    @Operation(operationId = "returnMeasurement", summary = "退回数值 / Return the value to the reporting unit",
            description = "Needs a reason (checked first). Unlocks an approved value; the unit submits it again. Same reviewers "
            + "and four-eyes rule as approve. Publishes MeasurementReviewed. 退回数值（须说明理由），发布 MeasurementReviewed 事件。")
    @RequestBody(required = true, content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ReviewRequest.class),
            examples = @ExampleObject(name = "denominator", value = "{\"reason\": \"分母口径与上季度不一致，请核实\"}")))
    @APIResponse(responseCode = "200", description = "已退回 / The measurement, returned",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = MeasurementResponse.class),
                    examples = @ExampleObject(name = "fuzhouFood2024", value = ApiDocs.FUZHOU_FOOD_2024_RETURNED)))
    @APIResponse(responseCode = "400", description = "请求错误 / Bad request: " + ApiDocs.BAD_JSON_BODY + ", " + ApiDocs.INVALID_TEXT)
    @APIResponse(responseCode = "403", description = ApiDocs.REVIEW_FORBIDDEN)
    @APIResponse(responseCode = "404", description = ApiDocs.MEASUREMENT_NOT_FOUND)
    @APIResponse(responseCode = "409", description = "冲突 / Conflict: `NOT_REVIEWABLE` (the value was already returned)")
    @APIResponse(responseCode = "413", description = ApiDocs.PAYLOAD_TOO_LARGE)
    @APIResponse(responseCode = "415", description = ApiDocs.UNSUPPORTED_MEDIA_TYPE)
    @APIResponse(responseCode = "422", description = "无法处理 / Unprocessable: `REASON_REQUIRED` (no reason, or a blank one), "
            + "`REASON_TOO_LONG` (over 1000 characters)")
    public MeasurementResponse returnValue(@Parameter(description = ApiDocs.MEASUREMENT_ID, example = "3f0c9a3e-8a3c-4c1e-9b0e-2d6f5a7b8c9d")
                                           @PathParam("id") String id, ReviewRequest request) {
        return MeasurementResponse.of(reviews.returnValue(uuid(id), request == null ? null : request.reason(), callers.caller()));
    }

    static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("MEASUREMENT_NOT_FOUND", "No measurement " + (id.length() > 40 ? id.substring(0, 40) : id));
        }
    }
}
