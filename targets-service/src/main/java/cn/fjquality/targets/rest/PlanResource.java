package cn.fjquality.targets.rest;

import cn.fjquality.security.Roles;
import cn.fjquality.targets.domain.Plan;
import cn.fjquality.targets.rest.PlanDtos.PlanDetailResponse;
import cn.fjquality.targets.rest.PlanDtos.PlanResponse;
import cn.fjquality.targets.service.PlanService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Arrays;
import java.util.List;

@Path("/api/v1/plans")
@Tag(name = "Plans", description = "The plans the targets come from (loaded from the catalog file)")
@SecurityRequirement(name = "callerToken")
@RolesAllowed({Roles.ADMIN, Roles.ANALYST, Roles.REPORTER, Roles.GATEWAY})
public class PlanResource {
    private final PlanService service;

    public PlanResource(PlanService service) {
        this.service = service;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "List plans", description = "Newest horizon first, with the number of targets not retired. "
            + "Accept: text/csv gives CSV (UTF-8 with BOM). Roles: ADMIN, ANALYST, REPORTER, GATEWAY.")
    public List<PlanResponse> list() {
        return service.list().stream().map(PlanResponse::of).toList();
    }

    @GET
    @Produces(Csv.MEDIA_TYPE)
    @Operation(summary = "List plans as CSV", description = "UTF-8 with BOM, header row. Roles: ADMIN, ANALYST, REPORTER, GATEWAY.")
    @APIResponse(responseCode = "200", description = "CSV, UTF-8 with BOM", content = @Content(mediaType = Csv.MEDIA_TYPE))
    public Response listCsv() {
        List<List<Object>> rows = service.list().stream().map(p -> {
            Plan plan = p.plan();
            return Arrays.<Object>asList(plan.code, plan.titleZh, plan.titleEn, plan.issuer, plan.issuedDate, plan.startYear,
                    plan.endYear, plan.sourceDocument, p.targetCount());
        }).toList();
        return Csv.response(Csv.write(List.of("code", "titleZh", "titleEn", "issuer", "issuedDate", "startYear", "endYear",
                "sourceDocument", "targetCount"), rows), "plans.csv");
    }

    @GET
    @Path("/{code}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Get one plan", description = "With its target counts per kind (targets not retired). Roles: ADMIN, ANALYST, REPORTER, GATEWAY.")
    @APIResponse(responseCode = "404", description = "No such plan (PLAN_NOT_FOUND)")
    public PlanDetailResponse get(@PathParam("code") String code) {
        return PlanDetailResponse.of(service.get(code));
    }
}
