package cn.fjquality.targets.rest;

import cn.fjquality.security.Roles;
import cn.fjquality.support.Downloads;
import cn.fjquality.tabular.Csv;
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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Arrays;
import java.util.List;

@Path("/api/v1/plans")
@Tag(name = "Plans", description = "The plans the targets come from (loaded from the catalog file) 质量强省规划文件")
@SecurityRequirement(name = "callerToken")
@RolesAllowed({Roles.ADMIN, Roles.ANALYST, Roles.REPORTER, Roles.GATEWAY})
public class PlanResource {
    private final PlanService service;

    public PlanResource(PlanService service) {
        this.service = service;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listPlans", summary = "规划列表 / List plans",
            description = "Every plan, newest horizon first, with the number of targets not retired (not paged). "
            + "Accept: text/csv gives CSV (UTF-8 with BOM, plans.csv). 全部规划（按期限从新到旧）。 Roles: ADMIN, ANALYST, REPORTER, GATEWAY.")
    @APIResponse(responseCode = "200", description = "规划，或 CSV / The plans, or CSV", content = {
            @Content(mediaType = ApiDocs.JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = PlanResponse.class),
                    examples = @ExampleObject(name = "outline", summary = "the 2025 outline (first of the 5 plans)", value = "[" + ApiDocs.OUTLINE + "]")),
            @Content(mediaType = ApiDocs.CSV, schema = @Schema(type = SchemaType.STRING, description = ApiDocs.CSV_ANSWER),
                    examples = @ExampleObject(name = "outline", summary = "plans.csv (first row)", value = ApiDocs.PLANS_CSV))})
    public List<PlanResponse> list() {
        return service.list().stream().map(PlanResponse::of).toList();
    }

    @GET
    @Produces(Csv.MEDIA_TYPE)
    @Operation(hidden = true) // the text/csv answer of listPlans: one operation in the document
    public Response listCsv() {
        List<List<Object>> rows = service.list().stream().map(p -> {
            Plan plan = p.plan();
            return Arrays.<Object>asList(plan.code, plan.titleZh, plan.titleEn, plan.issuer, plan.issuedDate, plan.startYear,
                    plan.endYear, plan.sourceDocument, p.targetCount());
        }).toList();
        return Downloads.csv(List.of("code", "titleZh", "titleEn", "issuer", "issuedDate", "startYear", "endYear",
                "sourceDocument", "targetCount"), rows, "plans.csv");
    }

    @GET
    @Path("/{code}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getPlan", summary = "查看规划 / Get one plan",
            description = "With its target counts per kind (targets not retired) and the number of retired targets. "
                    + "规划详情及各类指标数量。 Roles: ADMIN, ANALYST, REPORTER, GATEWAY.")
    @APIResponse(responseCode = "200", description = "规划 / The plan",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = PlanDetailResponse.class),
                    examples = @ExampleObject(name = "outline", value = ApiDocs.OUTLINE_DETAIL)))
    @APIResponse(responseCode = "404", description = "未找到 / Not found: `PLAN_NOT_FOUND` (no plan with this code)")
    public PlanDetailResponse get(@Parameter(description = "规划代码 / Plan code", example = "FJ-OUTLINE-2025") @PathParam("code") String code) {
        return PlanDetailResponse.of(service.get(code));
    }
}
