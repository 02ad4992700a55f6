package cn.fjquality.units.rest;

import cn.fjquality.problem.QueryParams;
import cn.fjquality.security.CallerContext;
import cn.fjquality.security.Roles;
import cn.fjquality.units.domain.Unit;
import cn.fjquality.units.domain.UnitRepository;
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
@Tag(name = "Units", description = "The registry of reporting units")
@SecurityRequirement(name = "callerToken")
public class UnitResource {
    private static final String CONTACTS = "Contact details (contactName, contactEmail, contactPhone) are shown to ADMIN keys "
            + "and to REPORTER keys that may act for the unit (its own key, or a subtree key of a unit above it); null for others.";
    private static final Pattern DIVISION = Pattern.compile(UnitDtos.DIVISION_CODE_PATTERN);

    private final UnitService service;
    private final CallerContext callers;

    public UnitResource(UnitService service, CallerContext callers) {
        this.service = service;
        this.callers = callers;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Register a unit", description = "Publishes UnitRegistered on units.v1.")
    @APIResponse(responseCode = "201", description = "Registered")
    @APIResponse(responseCode = "409", description = "Code taken (UNIT_CODE_TAKEN) or division code taken (DIVISION_CODE_TAKEN)")
    @APIResponse(responseCode = "422", description = "Unknown parent (UNKNOWN_PARENT), activeTo before activeFrom (INVALID_ACTIVE_RANGE) "
            + "or a division code on a unit that is not a place (DIVISION_CODE_NOT_APPLICABLE)")
    public Response create(@Valid @NotNull @RequestBody(required = true) CreateUnitRequest request) {
        Unit unit = service.create(request);
        return Response.created(URI.create("/api/v1/units/" + unit.code)).entity(view(unit)).build();
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.ANALYST, Roles.REPORTER, Roles.GATEWAY})
    @Operation(summary = "List units", description = "Filters combine with AND; q matches Chinese or English names and codes, "
            + "case-insensitively; division matches the administrative-division code exactly. Ordered by code. A page past the "
            + "last match is empty (with the total). " + CONTACTS)
    @APIResponse(responseCode = "400", description = "A filter that does not parse, e.g. a division that is not six digits (INVALID_QUERY_PARAMETER)")
    public UnitPage list(@QueryParam("type") String type,
                         @QueryParam("parent") String parent,
                         @Parameter(description = "Administrative-division code, six digits (exact match)", example = "350102")
                         @QueryParam("division") String division,
                         @QueryParam("active") String active,
                         @QueryParam("q") String q,
                         @QueryParam("page") @DefaultValue("0") @Min(0) int page,
                         @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        UnitRepository.PageOfUnits result = service.search(QueryParams.enumValue("type", type, UnitType.class), parent,
                divisionFilter(division), QueryParams.booleanValue("active", active), q, page, size);
        return new UnitPage(views(result.items()), page, size, result.total());
    }

    @GET
    @Path("/{code}")
    @RolesAllowed({Roles.ADMIN, Roles.ANALYST, Roles.REPORTER, Roles.GATEWAY})
    @Operation(summary = "Get one unit", description = CONTACTS)
    @APIResponse(responseCode = "404", description = "No such unit (UNIT_NOT_FOUND)")
    public UnitResponse get(@PathParam("code") String code) {
        return view(service.get(code));
    }

    @PATCH
    @Path("/{code}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Change a unit", description = "Fields left out stay as they are. Publishes UnitUpdated when anything changed.")
    @APIResponse(responseCode = "409", description = "Division code taken (DIVISION_CODE_TAKEN)")
    @APIResponse(responseCode = "422", description = "Unknown parent (UNKNOWN_PARENT), a cycle (PARENT_CYCLE), INVALID_ACTIVE_RANGE, "
            + "or a division code on a unit that is not a place (DIVISION_CODE_NOT_APPLICABLE)")
    public UnitResponse update(@PathParam("code") String code, @Valid @NotNull UpdateUnitRequest request) {
        return view(service.update(code, request));
    }

    @POST
    @Path("/{code}/deactivate")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Deactivate a unit", description = "Sets the last active day (default today). Publishes UnitDeactivated.")
    public UnitResponse deactivate(@PathParam("code") String code, @Valid DeactivateRequest request) {
        return view(service.deactivate(code, request == null ? null : request.activeTo()));
    }

    @GET
    @Path("/{code}/subtree")
    @RolesAllowed({Roles.ADMIN, Roles.ANALYST, Roles.REPORTER, Roles.GATEWAY})
    @Operation(summary = "All units below a unit", description = "Descendants at any depth, not the unit itself, ordered by code. " + CONTACTS)
    public List<UnitResponse> subtree(@PathParam("code") String code) {
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
