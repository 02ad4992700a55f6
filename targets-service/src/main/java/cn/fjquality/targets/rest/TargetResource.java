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
@Tag(name = "Targets", description = "The plans' quantitative targets; every change is a new revision")
@SecurityRequirement(name = "callerToken")
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
    @Operation(summary = "List targets", description = "Filters combine with AND; section matches a prefix (二、(一) = the whole chapter); "
            + "q matches Chinese or English names and codes, case-insensitively. Ordered by plan, then catalog order. "
            + "Accept: text/csv gives every matching row as CSV (UTF-8 with BOM). " + READERS_DESC)
    public TargetPage list(@QueryParam("plan") @Parameter(example = "FJ-OUTLINE-2025") String plan,
                           @QueryParam("kind") @Parameter(example = "RATE") String kind,
                           @QueryParam("leadUnit") @Parameter(example = "FJ-AMR") String leadUnit,
                           @QueryParam("section") @Parameter(example = "二、(一)") String section,
                           @QueryParam("q") @Parameter(example = "合格率") String q,
                           @QueryParam("includeRetired") @Parameter(example = "false") String includeRetired,
                           @QueryParam("page") @DefaultValue("0") @Min(0) int page,
                           @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        PageOfTargets result = service.search(filter(plan, kind, leadUnit, section, q, includeRetired), page, size);
        return new TargetPage(result.items().stream().map(TargetResponse::of).toList(), page, size, result.total());
    }

    @GET
    @Produces(Csv.MEDIA_TYPE)
    @RolesAllowed({Roles.ADMIN, Roles.ANALYST, Roles.REPORTER, Roles.GATEWAY})
    @Operation(summary = "List targets as CSV", description = "Every row matching the filters (no paging), UTF-8 with BOM, header row. "
            + "Unit lists are joined with ';'. " + READERS_DESC)
    @APIResponse(responseCode = "200", description = "CSV, UTF-8 with BOM", content = @Content(mediaType = Csv.MEDIA_TYPE))
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
    @Operation(summary = "Get one target", description = "The current revision; the ETag is the revision number (use it in If-Match on PUT). " + READERS_DESC)
    @APIResponse(responseCode = "200", description = "The target", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = TargetResponse.class)))
    @APIResponse(responseCode = "404", description = "No such target (TARGET_NOT_FOUND)")
    public Response get(@PathParam("code") String code) {
        Target t = service.get(code);
        return Response.ok(TargetResponse.of(t)).tag(etag(t)).build();
    }

    @GET
    @Path("/{code}/revisions")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.ANALYST, Roles.REPORTER, Roles.GATEWAY})
    @Operation(summary = "Every revision of a target, newest first", description = "With who (API key id, or 'catalog'), when, why and which fields changed. " + READERS_DESC)
    @APIResponse(responseCode = "404", description = "No such target (TARGET_NOT_FOUND)")
    public List<RevisionResponse> revisions(@PathParam("code") String code) {
        return service.revisions(code).stream().map(RevisionResponse::of).toList();
    }

    @GET
    @Path("/{code}/progress")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.ANALYST, Roles.REPORTER, Roles.GATEWAY})
    @Operation(summary = "Progress of one target at one scope", description = "The assessment recomputed from the stored values "
            + "(as of today, or as of asOf: values reported by the end of that day whose period had started), with the series "
            + "(per period: the figure, its source and coverage, the reconciliations, the other reports, the review status, "
            + "whether it was used), the method in words and the thresholds. scope = PROVINCE (default), a place (a city or "
            + "county, by unit code or division code: its figure, reported or rolled up from the places below), or a "
            + "reporting unit's code (its own values for the place they describe). " + ProgressResource.METHOD_DESC + " "
            + READERS_DESC)
    @APIResponse(responseCode = "200", description = "The assessment", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ProgressDetailResponse.class)))
    @APIResponse(responseCode = "400", description = "INVALID_QUERY_PARAMETER (scope, asOf)")
    @APIResponse(responseCode = "403", description = "UNIT_OUT_OF_SCOPE: a REPORTER key asking for a county or a reporting unit "
            + "outside its own unit (and subtree); the province and the cities are readable by every key")
    @APIResponse(responseCode = "404", description = "No such target (TARGET_NOT_FOUND)")
    public ProgressDetailResponse progress(@PathParam("code") String code,
                                           @QueryParam("scope") @Parameter(example = "PROVINCE") String scope,
                                           @QueryParam("asOf") @Parameter(example = "2025-12-31") String asOf) {
        return ProgressDetailResponse.of(progress.detail(code, scope(scope), ProgressResource.date("asOf", asOf), callers.caller()),
                progressConfig.approvedOnly(), progressConfig.reconciliation().tolerance());
    }

    @GET
    @Path("/{code}/progress")
    @Produces(Csv.MEDIA_TYPE)
    @RolesAllowed({Roles.ADMIN, Roles.ANALYST, Roles.REPORTER, Roles.GATEWAY})
    @Operation(summary = "The series of one target at one scope as CSV", description = "One row per period: period, start, end, "
            + "coveredThrough, value, numerator, denominator, source, reportedBy and rolledUpFrom (joined with ';'), placesCovered, "
            + "placesTotal, monthsCovered, monthsTotal, status, used, flagged, reconciliation (the checks in words). UTF-8 with BOM. "
            + READERS_DESC)
    @APIResponse(responseCode = "200", description = "CSV, UTF-8 with BOM", content = @Content(mediaType = Csv.MEDIA_TYPE))
    public Response progressCsv(@PathParam("code") String code, @QueryParam("scope") String scope, @QueryParam("asOf") String asOf) {
        ProgressDetailResponse d = progress(code, scope, asOf);
        List<List<Object>> rows = new ArrayList<>();
        for (ProgressDtos.FigureResponse p : d.series()) {
            rows.add(java.util.Arrays.asList(p.period(), p.start(), p.end(), p.coveredThrough(), p.value(), p.numerator(),
                    p.denominator(), p.source(), p.reportedBy(), p.rolledUpFrom(), p.placesCovered(), p.placesTotal(),
                    p.monthsCovered(), p.monthsTotal(), p.status(), p.used(), p.flagged(),
                    String.join(" | ", p.checks().stream().map(ProgressDtos.CheckResponse::note).toList())));
        }
        return Csv.response(Csv.write(List.of("period", "start", "end", "coveredThrough", "value", "numerator", "denominator",
                "source", "reportedBy", "rolledUpFrom", "placesCovered", "placesTotal", "monthsCovered", "monthsTotal", "status",
                "used", "flagged", "reconciliation"), rows), code + "-progress.csv");
    }

    @GET
    @Path("/{code}/cities")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.ANALYST, Roles.REPORTER, Roles.GATEWAY})
    @Operation(summary = "City comparison of one target", description = ProgressResource.CITIES_DESC + " " + READERS_DESC)
    @APIResponse(responseCode = "200", description = "The comparison", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CityDtos.TargetCitiesResponse.class)))
    @APIResponse(responseCode = "400", description = "INVALID_QUERY_PARAMETER (period, asOf)")
    @APIResponse(responseCode = "404", description = "No such target (TARGET_NOT_FOUND)")
    public CityDtos.TargetCitiesResponse cities(@PathParam("code") String code,
                                                @QueryParam("period") @Parameter(example = "2024") String period,
                                                @QueryParam("asOf") @Parameter(example = "2025-12-31") String asOf) {
        LocalDate day = ProgressResource.date("asOf", asOf);
        return CityDtos.TargetCitiesResponse.of(cities.forTarget(code, ProgressResource.period("period", period),
                day == null ? null : ProgressQueries.endOf(day), callers.caller()));
    }

    @GET
    @Path("/{code}/cities")
    @Produces(Csv.MEDIA_TYPE)
    @RolesAllowed({Roles.ADMIN, Roles.ANALYST, Roles.REPORTER, Roles.GATEWAY})
    @Operation(summary = "City comparison of one target as CSV", description = "One row per city, UTF-8 with BOM. " + READERS_DESC)
    @APIResponse(responseCode = "200", description = "CSV, UTF-8 with BOM", content = @Content(mediaType = Csv.MEDIA_TYPE))
    public Response citiesCsv(@PathParam("code") String code, @QueryParam("period") String period, @QueryParam("asOf") String asOf) {
        return Csv.response(Csv.write(CityDtos.CSV_HEADER, CityDtos.csvRows(List.of(cities(code, period, asOf)))),
                code + "-cities.csv");
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
    @Operation(summary = "Create a target (revision 1)", description = "Publishes TargetPublished on targets.v1. ADMIN only.")
    @APIResponse(responseCode = "201", description = "Created", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = TargetResponse.class)))
    @APIResponse(responseCode = "409", description = "Code taken (TARGET_CODE_TAKEN)")
    @APIResponse(responseCode = "422", description = "UNKNOWN_PLAN, DEADLINE_OUTSIDE_PLAN, TARGET_VALUE_OUT_OF_BOUNDS, INVALID_BOUNDS, "
            + "BOUNDS_OUTSIDE_KIND, BASELINE_REQUIRED, INVALID_BASELINE, BASELINE_OUT_OF_BOUNDS, LEAD_UNIT_REQUIRED, DUPLICATE_UNIT, "
            + "UNIT_BOTH_LEAD_AND_CONTRIBUTING, SHARES_NEED_AGGREGATION, INVALID_REPORT_DUE_AFTER, UNKNOWN_UNIT")
    public Response create(@Valid @NotNull @RequestBody(required = true) CreateTargetRequest request) {
        Target t = service.create(request.code(), request.spec(), callers.caller());
        return Response.created(URI.create("/api/v1/targets/" + t.code)).tag(etag(t)).entity(TargetResponse.of(t)).build();
    }

    @PUT
    @Path("/{code}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Revise a target", description = "The body is the full new content; it becomes a new revision (the old one is kept) "
            + "and publishes TargetRevised. A body equal to the current content creates no revision. "
            + "Optional If-Match: \"<revision>\" refuses the change (412 REVISION_MISMATCH) when the target moved on. ADMIN only.")
    @APIResponse(responseCode = "200", description = "The target at its new (or unchanged) revision", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = TargetResponse.class)))
    @APIResponse(responseCode = "404", description = "No such target (TARGET_NOT_FOUND)")
    @APIResponse(responseCode = "409", description = "Retired (TARGET_RETIRED)")
    @APIResponse(responseCode = "412", description = "If-Match does not name the current revision (REVISION_MISMATCH)")
    @APIResponse(responseCode = "422", description = "As for create, and PLAN_CHANGE_NOT_ALLOWED")
    public Response update(@PathParam("code") String code,
                           @HeaderParam("If-Match") @Parameter(example = "\"3\"") String ifMatch,
                           @Valid @NotNull @RequestBody(required = true) UpdateTargetRequest request) {
        Target t = service.revise(code, request.spec(), request.changeNote(), expectedRevision(ifMatch), callers.caller());
        return Response.ok(TargetResponse.of(t)).tag(etag(t)).build();
    }

    @POST
    @Path("/{code}/retire")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Retire a target", description = "A new revision marked retired; publishes TargetRetired. Retiring again changes nothing. "
            + "Retired targets are left out of lists unless includeRetired=true. ADMIN only.")
    @APIResponse(responseCode = "404", description = "No such target (TARGET_NOT_FOUND)")
    public TargetResponse retire(@PathParam("code") String code,
                                 @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                         schema = @Schema(implementation = RetireRequest.class))) String body) throws JsonProcessingException {
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
