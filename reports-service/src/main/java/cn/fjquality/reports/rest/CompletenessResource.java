package cn.fjquality.reports.rest;

import cn.fjquality.problem.ApiException;
import cn.fjquality.events.period.Period;
import cn.fjquality.reports.rest.MeasurementDtos.CompletenessReport;
import cn.fjquality.reports.service.CompletenessService;
import cn.fjquality.security.CallerContext;
import cn.fjquality.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/completeness")
@Tag(name = "Completeness", description = "Which units owe which reports, and which arrived on time 报送完整性与及时性")
@SecurityRequirement(name = "callerToken")
@APIResponse(responseCode = "401", description = ApiDocs.UNAUTHENTICATED,
        headers = @Header(name = "WWW-Authenticate", description = ApiDocs.WWW_AUTHENTICATE, schema = @Schema(type = SchemaType.STRING)))
@APIResponse(responseCode = "406", description = ApiDocs.NOT_ACCEPTABLE)
@APIResponse(responseCode = "429", description = ApiDocs.RATE_LIMITED,
        headers = @Header(name = "Retry-After", description = ApiDocs.RETRY_AFTER, schema = @Schema(type = SchemaType.INTEGER)))
@APIResponse(responseCode = "503", description = ApiDocs.DATABASE_UNAVAILABLE,
        headers = @Header(name = "Retry-After", description = ApiDocs.RETRY_AFTER, schema = @Schema(type = SchemaType.INTEGER)))
public class CompletenessResource {
    private final CompletenessService completeness;
    private final CallerContext callers;

    public CompletenessResource(CompletenessService completeness, CallerContext callers) {
        this.completeness = completeness;
        this.callers = callers;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.ANALYST, Roles.REPORTER})
    @Operation(operationId = "getCompleteness", summary = "报送完整性 / Reporting completeness of one period",
            description = "For each (target, unit) that owes a report for the period: "
            + "reported or not (a value for the period at the unit's own place, or values for finer periods that cover it), on time "
            + "or late (due by the end of dueDate: the period's last day plus the target's reportDueAfter, else the frequency's "
            + "default: YEAR 31 March of the next year, HALF and QUARTER 30 days, MONTH 15 days; Asia/Shanghai), and the rates. "
            + "A REPORTER sees its unit (and subtree). Each item names the target (names, kind, unit of measure, bounds, whether it "
            + "takes numerator and denominator) and carries the current revision of the unit's value for the period (current, with "
            + "its review state and a returned value's reason), so a reporting form needs nothing else. shares=true also lists, "
            + "with owed=false and not counted, the SUM and RATIO targets a unit in view may report a share of without owing it "
            + "(a county below a contributing city); the units in view are a REPORTER's scope, else the unit filter. "
            + "Roles: ADMIN, ANALYST, REPORTER. 某一期各单位应报、已报、按时与逾期情况；shares=true 另列可报的下级份额。")
    @APIResponse(responseCode = "200", description = "完整性 / The completeness of the period",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = CompletenessReport.class),
                    examples = @ExampleObject(name = "food2024", summary = "?period=2024&target=OL25-FOOD-SAMPLING-PASS-RATE (2 of the 11 owing units shown)",
                            value = ApiDocs.COMPLETENESS_2024)))
    @APIResponse(responseCode = "400", description = "请求错误 / Bad request: `PERIOD_REQUIRED` (no period), `MALFORMED_PERIOD` "
            + "(period is not a period id)")
    @APIResponse(responseCode = "403", description = "无权限 / Forbidden: " + ApiDocs.FORBIDDEN_ROLE + ", `UNIT_OUT_OF_SCOPE` "
            + "(a REPORTER key asking for a unit outside its scope)")
    public CompletenessReport get(@Parameter(description = "期别 / The period: 2025, 2025S1, 2025Q3 or 202507", required = true, example = "2024")
                                  @QueryParam("period") String period,
                                  @Parameter(description = "指标代码 / Only this target", example = "OL25-FOOD-SAMPLING-PASS-RATE")
                                  @QueryParam("target") String target,
                                  @Parameter(description = "单位代码 / Only this unit", example = "FJ-FUZHOU")
                                  @QueryParam("unit") String unit,
                                  @Parameter(description = "可报份额 / Also list (owed=false, not counted) the targets a unit in view may "
                                          + "report a share of: a REPORTER's scope, else the unit filter. Anything but true is false")
                                  @QueryParam("shares") boolean shares) {
        if (period == null || period.isBlank()) {
            throw ApiException.badRequest("PERIOD_REQUIRED", "Query parameter period is required, e.g. 2025Q3");
        }
        Period p = Period.parse(period).orElseThrow(() -> ApiException.badRequest("MALFORMED_PERIOD",
                "period is not one of YYYY, YYYYS1..S2, YYYYQ1..Q4, YYYYMM"));
        return completeness.report(p, target, unit, shares, callers.caller());
    }
}
