package cn.fjquality.units.rest;

import cn.fjquality.problem.QueryParams;
import cn.fjquality.security.CallerContext;
import cn.fjquality.security.Roles;
import cn.fjquality.support.Page;
import cn.fjquality.units.domain.Unit;
import cn.fjquality.units.domain.UnitType;
import cn.fjquality.units.rest.UnitDtos.CreateUnitRequest;
import cn.fjquality.units.rest.UnitDtos.DeactivateRequest;
import cn.fjquality.units.rest.UnitDtos.UnitPage;
import cn.fjquality.units.rest.UnitDtos.UnitResponse;
import cn.fjquality.units.rest.UnitDtos.UpdateUnitRequest;
import cn.fjquality.units.service.UnitService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
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
import java.time.LocalDate;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

@Path("/api/v1/units")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Units", description = "The registry of reporting units and places 报送单位与地区名录")
@SecurityRequirement(name = "callerToken")
public class UnitResource {
    private static final Pattern DIVISION = Pattern.compile(UnitDtos.DIVISION_CODE_PATTERN);
    private static final String UNIT_CODE = "单位代码 / Unit code";

    private final UnitService service;
    private final CallerContext callers;

    public UnitResource(UnitService service, CallerContext callers) {
        this.service = service;
        this.callers = callers;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "registerUnit", summary = "登记单位 / Register a unit",
            description = "Registers a reporting unit or a place; publishes UnitRegistered on units.v1. Only PROVINCE, CITY and "
                    + "COUNTY units carry a division code. ADMIN only. 登记报送单位或地区，发布 UnitRegistered 事件。")
    @RequestBody(required = true, content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = CreateUnitRequest.class),
            examples = @ExampleObject(name = "gulouAmr", summary = "鼓楼区市场监督管理局 under 鼓楼区 (350102)", value = ApiDocs.REGISTER_GULOU_AMR)))
    @APIResponse(responseCode = "201", description = "已登记 / Registered",
            headers = @Header(name = "Location", description = "/api/v1/units/{code} of the new unit", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = UnitResponse.class),
                    examples = @ExampleObject(name = "gulouAmr", value = ApiDocs.REGISTERED_GULOU_AMR)))
    @APIResponse(responseCode = "400", description = "请求错误 / Bad request: " + ApiDocs.BAD_JSON_BODY + ", " + ApiDocs.VALIDATION
            + " (e.g. a code that is not uppercase ASCII, a divisionCode that is not six ASCII digits, a bad e-mail), "
            + ApiDocs.INVALID_TEXT)
    @APIResponse(responseCode = "403", description = ApiDocs.FORBIDDEN_ADMIN)
    @APIResponse(responseCode = "409", description = "冲突 / Conflict: `UNIT_CODE_TAKEN` (a unit has this code), "
            + "`DIVISION_CODE_TAKEN` (another unit has this division code)")
    @APIResponse(responseCode = "413", description = ApiDocs.PAYLOAD_TOO_LARGE)
    @APIResponse(responseCode = "415", description = ApiDocs.UNSUPPORTED_MEDIA_TYPE)
    @APIResponse(responseCode = "422", description = "无法处理 / Unprocessable: `UNKNOWN_PARENT` (no unit has the parentCode), "
            + "`INVALID_ACTIVE_RANGE` (activeTo before activeFrom), `DIVISION_CODE_NOT_APPLICABLE` (a division code on a unit "
            + "that is not a place: PROVINCIAL_DEPARTMENT, CENTRAL_AGENCY_BRANCH, OTHER)")
    public Response create(@Valid @NotNull CreateUnitRequest request) {
        Unit unit = service.create(request.toNewUnit());
        return Response.created(URI.create("/api/v1/units/" + unit.code)).entity(view(unit)).build();
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.ANALYST, Roles.REPORTER, Roles.GATEWAY})
    @Operation(operationId = "listUnits", summary = "查询单位 / List units",
            description = "Filters combine with AND; q matches Chinese or English names and codes, "
                    + "case-insensitively; division matches the administrative-division code exactly. Ordered by code. A page past the "
                    + "last match is empty (with the total). " + ApiDocs.CONTACTS + " 按条件分页查询单位，按代码排序。 Roles: all.")
    @APIResponse(responseCode = "200", description = "一页单位 / A page of units",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = UnitPage.class),
                    examples = @ExampleObject(name = "division350102", summary = "?division=350102: 鼓楼区", value = ApiDocs.GULOU_PAGE)))
    @APIResponse(responseCode = "400", description = "请求错误 / Bad request: `INVALID_QUERY_PARAMETER` (a type, active or "
            + "division that does not parse, e.g. a division that is not six ASCII digits; a page or size that is not an integer "
            + "of the int range), `VALIDATION_FAILED` (page below 0, size outside 1..500), " + ApiDocs.INVALID_TEXT + " in parent or q)")
    public UnitPage list(@Parameter(description = "单位类型 / Unit type", schema = @Schema(implementation = UnitType.class), example = "COUNTY")
                         @QueryParam("type") String type,
                         @Parameter(description = "上级单位代码 / Code of the parent unit (direct children only)", example = "FJ-FUZHOU")
                         @QueryParam("parent") String parent,
                         @Parameter(description = "行政区划代码 / Administrative-division code, six ASCII digits (exact match)", example = "350102")
                         @QueryParam("division") String division,
                         @Parameter(description = "是否在用 / Active today (Asia/Shanghai): true or false",
                                 schema = @Schema(type = SchemaType.BOOLEAN), example = "true")
                         @QueryParam("active") String active,
                         @Parameter(description = "名称或代码 / Part of a Chinese or English name or of a code", example = "市场监督")
                         @QueryParam("q") String q,
                         @Parameter(description = "页码，从 0 起 / Page number, from 0")
                         @QueryParam("page") @DefaultValue("0") @Min(0) int page,
                         @Parameter(description = "每页条数 / Page size, 1..500")
                         @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        Page<Unit> result = service.search(QueryParams.enumValue("type", type, UnitType.class), parent,
                divisionFilter(division), QueryParams.booleanValue("active", active), q, page, size);
        return new UnitPage(views(result.items()), page, size, result.total());
    }

    @GET
    @Path("/{code}")
    @RolesAllowed({Roles.ADMIN, Roles.ANALYST, Roles.REPORTER, Roles.GATEWAY})
    @Operation(operationId = "getUnit", summary = "查看单位 / Get one unit",
            description = "One unit. " + ApiDocs.CONTACTS + " Roles: all.")
    @APIResponse(responseCode = "200", description = "单位 / The unit",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = UnitResponse.class),
                    examples = {@ExampleObject(name = "gulou", summary = "鼓楼区 (a county, as an ANALYST sees it)", value = ApiDocs.GULOU),
                            @ExampleObject(name = "amr", summary = "省市场监管局 (a department, as an ADMIN sees it)", value = ApiDocs.AMR)}))
    @APIResponse(responseCode = "404", description = ApiDocs.UNIT_NOT_FOUND)
    public UnitResponse get(@Parameter(description = UNIT_CODE, example = "FJ-FUZHOU-GULOU") @PathParam("code") String code) {
        return view(service.get(code));
    }

    @PATCH
    @Path("/{code}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "updateUnit", summary = "修改单位 / Change a unit",
            description = "Fields left out (or null) stay as they are (merge-patch). Publishes UnitUpdated when anything changed. "
                    + "ADMIN only. 仅修改请求中给出的字段；有变化时发布 UnitUpdated 事件。")
    @RequestBody(required = true, content = {
            @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = UpdateUnitRequest.class),
                    examples = @ExampleObject(name = "contacts", summary = "省市场监管局's statistics contact", value = ApiDocs.UPDATE_AMR)),
            @Content(mediaType = "application/merge-patch+json", schema = @Schema(implementation = UpdateUnitRequest.class),
                    examples = @ExampleObject(name = "contacts", summary = "省市场监管局's statistics contact", value = ApiDocs.UPDATE_AMR))})
    @APIResponse(responseCode = "200", description = "修改后的单位 / The unit as it is now",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = UnitResponse.class),
                    examples = @ExampleObject(name = "amr", value = ApiDocs.AMR)))
    @APIResponse(responseCode = "400", description = "请求错误 / Bad request: " + ApiDocs.BAD_JSON_BODY + ", " + ApiDocs.VALIDATION
            + " (also an empty body), " + ApiDocs.INVALID_TEXT)
    @APIResponse(responseCode = "403", description = ApiDocs.FORBIDDEN_ADMIN)
    @APIResponse(responseCode = "404", description = ApiDocs.UNIT_NOT_FOUND)
    @APIResponse(responseCode = "409", description = "冲突 / Conflict: `DIVISION_CODE_TAKEN` (another unit has this division code)")
    @APIResponse(responseCode = "413", description = ApiDocs.PAYLOAD_TOO_LARGE)
    @APIResponse(responseCode = "415", description = "不支持的媒体类型 / Unsupported media type: `UNSUPPORTED_MEDIA_TYPE` "
            + "(Content-Type is neither application/json nor application/merge-patch+json)")
    @APIResponse(responseCode = "422", description = "无法处理 / Unprocessable: `UNKNOWN_PARENT` (no unit has the parentCode), "
            + "`PARENT_CYCLE` (the new parent lies within the unit), `INVALID_ACTIVE_RANGE` (activeFrom after activeTo), "
            + "`DIVISION_CODE_NOT_APPLICABLE` (a division code on a unit that is not a place, or a unit with one turned into a "
            + "department or agency)")
    public UnitResponse update(@Parameter(description = UNIT_CODE, example = "FJ-AMR") @PathParam("code") String code,
                               @Valid @NotNull UpdateUnitRequest request) {
        return view(service.update(code, request.toChanges()));
    }

    @POST
    @Path("/{code}/deactivate")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "deactivateUnit", summary = "停用单位 / Deactivate a unit",
            description = "Sets the last active day (default today, Asia/Shanghai); the unit's REPORTER keys stop verifying once it "
                    + "is over. Deactivating again with the same day changes nothing. Publishes UnitDeactivated. The body may be {} "
                    + "but Content-Type: application/json is needed. ADMIN only. 设定单位最后在用日（默认今天），发布 UnitDeactivated 事件。")
    @RequestBody(content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = DeactivateRequest.class),
            examples = @ExampleObject(name = "endOf2025", summary = "last active day 2025-12-31", value = "{\"activeTo\": \"2025-12-31\"}")))
    @APIResponse(responseCode = "200", description = "停用后的单位 / The unit with its last active day",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = UnitResponse.class)))
    @APIResponse(responseCode = "400", description = "请求错误 / Bad request: " + ApiDocs.BAD_JSON_BODY)
    @APIResponse(responseCode = "403", description = ApiDocs.FORBIDDEN_ADMIN)
    @APIResponse(responseCode = "404", description = ApiDocs.UNIT_NOT_FOUND)
    @APIResponse(responseCode = "413", description = ApiDocs.PAYLOAD_TOO_LARGE)
    @APIResponse(responseCode = "415", description = ApiDocs.UNSUPPORTED_MEDIA_TYPE)
    @APIResponse(responseCode = "422", description = "无法处理 / Unprocessable: `INVALID_ACTIVE_RANGE` (activeTo before the unit's activeFrom)")
    public UnitResponse deactivate(@Parameter(description = UNIT_CODE, example = "FJ-FUZHOU-GULOU-AMR") @PathParam("code") String code,
                                   @Valid DeactivateRequest request) {
        return view(service.deactivate(code, request == null ? null : request.activeTo()));
    }

    @GET
    @Path("/{code}/subtree")
    @RolesAllowed({Roles.ADMIN, Roles.ANALYST, Roles.REPORTER, Roles.GATEWAY})
    @Operation(operationId = "listUnitSubtree", summary = "下级单位 / All units below a unit",
            description = "Descendants at any depth, not the unit itself, ordered by code (not paged). " + ApiDocs.CONTACTS
                    + " 列出全部下级单位（任意层级）。 Roles: all.")
    @APIResponse(responseCode = "200", description = "下级单位 / The units below, ordered by code",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = UnitResponse.class),
                    examples = @ExampleObject(name = "fuzhou", summary = "FJ-FUZHOU: its 12 counties (the first shown)", value = "[" + ApiDocs.GULOU + "]")))
    @APIResponse(responseCode = "404", description = ApiDocs.UNIT_NOT_FOUND)
    public List<UnitResponse> subtree(@Parameter(description = UNIT_CODE, example = "FJ-FUZHOU") @PathParam("code") String code) {
        return views(service.subtree(code));
    }

    private static String divisionFilter(String raw) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        if (!DIVISION.matcher(raw).matches()) {
            throw QueryParams.invalid("division", raw, "six ASCII digits (an administrative-division code such as 350102)");
        }
        return raw;
    }

    private UnitResponse view(Unit unit) {
        return views(List.of(unit)).get(0);
    }

    /** Contact details only for the units the caller may read them of (UnitService.contactsReadableBy). */
    private List<UnitResponse> views(List<Unit> list) {
        if (list.isEmpty()) {
            return List.of();
        }
        LocalDate today = service.today();
        Predicate<String> withContacts = service.contactsReadableBy(callers.caller());
        return list.stream().map(u -> UnitResponse.of(u, today, withContacts.test(u.code))).toList();
    }
}
