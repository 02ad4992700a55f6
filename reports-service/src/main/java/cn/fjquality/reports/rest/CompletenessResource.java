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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/completeness")
@Tag(name = "Completeness", description = "Which units owe which reports, and which arrived on time")
@SecurityRequirement(name = "callerToken")
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
    @Operation(summary = "Reporting completeness of one period", description = "For each (target, unit) that owes a report for the period: "
            + "reported or not (a value for the period at the unit's own place, or values for finer periods that cover it), on time "
            + "or late (due by the end of dueDate: the period's last day plus the target's reportDueAfter, else the frequency's "
            + "default: YEAR 31 March of the next year, HALF and QUARTER 30 days, MONTH 15 days; Asia/Shanghai), and the rates. "
            + "A REPORTER sees its unit (and subtree).")
    @APIResponse(responseCode = "400", description = "MALFORMED_PERIOD or PERIOD_REQUIRED")
    public CompletenessReport get(@QueryParam("period") String period, @QueryParam("target") String target, @QueryParam("unit") String unit) {
        if (period == null || period.isBlank()) {
            throw ApiException.badRequest("PERIOD_REQUIRED", "Query parameter period is required, e.g. 2025Q3");
        }
        Period p = Period.parse(period).orElseThrow(() -> ApiException.badRequest("MALFORMED_PERIOD",
                "period is not one of YYYY, YYYYS1..S2, YYYYQ1..Q4, YYYYMM"));
        return completeness.report(p, target, unit, callers.caller());
    }
}
