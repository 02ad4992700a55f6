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
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.util.List;
import java.util.UUID;

@Path("/api/v1/measurements")
@Tag(name = "Measurements", description = "Values units report for (target, place, period), every revision kept")
@SecurityRequirement(name = "callerToken")
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
    @Operation(summary = "Submit one value", description = "Creates the measurement or a new revision of it and publishes "
            + "MeasurementRecorded. With an Idempotency-Key, a replay by the same caller returns the first answer and stores nothing.")
    @APIResponse(responseCode = "201", description = "Stored (a new revision)")
    @APIResponse(responseCode = "403", description = "UNIT_OUT_OF_SCOPE, or FORBIDDEN for ANALYST")
    @APIResponse(responseCode = "409", description = "VALUE_LOCKED (approved), CONCURRENT_SUBMISSION, IDEMPOTENCY_KEY_IN_USE")
    @APIResponse(responseCode = "422", description = "A validation code (see docs/reports-service.md, e.g. VALUE_NOT_NUMERIC for anything but "
            + "ASCII digits, VALUE_TOO_PRECISE for more than 10 decimals: values are never rounded) or IDEMPOTENCY_KEY_REUSED")
    public Response submit(@RequestBody(required = true) SubmitMeasurementRequest request,
                           @Parameter(description = "Client-chosen key (≤ 200 chars) that makes retries safe")
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
    @Produces({MediaType.APPLICATION_JSON, TEXT_CSV})
    @RolesAllowed({Roles.ADMIN, Roles.ANALYST, Roles.REPORTER})
    @Operation(summary = "List measurements (current revisions)", description = "Filters combine with AND; from/to are period ids "
            + "(periods that start at or after from's start and end at or before to's end); place is the unit code or the 6-digit "
            + "division code of the place the values describe. A REPORTER sees its unit (and subtree). "
            + "A page past the last match is empty (with the total). Accept: text/csv gives all matching rows (up to 200,000, paging "
            + "ignored) as UTF-8 CSV with a BOM; a text cell starting with = + - @, a tab or a carriage return gets a leading '.")
    @APIResponse(responseCode = "400", description = "MALFORMED_PERIOD, INVALID_STATUS, INVALID_QUERY_PARAMETER (place), VALIDATION_FAILED")
    public Response list(@QueryParam("target") String target,
                         @QueryParam("unit") String unit,
                         @Parameter(description = "Unit code or 6-digit division code of the place the values describe")
                         @QueryParam("place") String place,
                         @QueryParam("from") String from,
                         @QueryParam("to") String to,
                         @QueryParam("status") String status,
                         @QueryParam("followUp") Boolean followUp,
                         @QueryParam("page") @DefaultValue("0") @Min(0) int page,
                         @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size,
                         @HeaderParam("Accept") String accept) {
        MeasurementQueryService.Query q = new MeasurementQueryService.Query(target, unit, place, from, to, status, followUp);
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
    @Operation(summary = "Get one measurement (its current revision)")
    @APIResponse(responseCode = "404", description = "MEASUREMENT_NOT_FOUND (also when outside a REPORTER's scope)")
    public MeasurementResponse get(@PathParam("id") String id) {
        return MeasurementResponse.of(queries.get(uuid(id), callers.caller()));
    }

    @GET
    @Path("/{id}/revisions")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.ANALYST, Roles.REPORTER})
    @Operation(summary = "Every revision of a measurement, oldest first", description = "Who (API key id), when, on behalf, old and new value.")
    public List<RevisionResponse> revisions(@PathParam("id") String id) {
        return queries.revisions(uuid(id), callers.caller()).stream().map(RevisionResponse::of).toList();
    }

    @POST
    @Path("/{id}/approve")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.REPORTER})
    @Operation(summary = "Approve the current revision", description = "By an ADMIN, or a REPORTER of one of the target's lead units for "
            + "another unit's value, under the four-eyes rule: no key reviews a revision it submitted, no lead unit a revision one "
            + "of its keys submitted for a unit below it. Locks the value until returned. Publishes MeasurementReviewed.")
    @APIResponse(responseCode = "403", description = "REVIEW_NOT_ALLOWED (not a reviewer of this value, or a lead unit's own value), "
            + "SELF_REVIEW_NOT_ALLOWED (four-eyes rule)")
    @APIResponse(responseCode = "409", description = "NOT_REVIEWABLE (returned values must be resubmitted)")
    public MeasurementResponse approve(@PathParam("id") String id) {
        return MeasurementResponse.of(reviews.approve(uuid(id), callers.caller()));
    }

    @POST
    @Path("/{id}/return")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.REPORTER})
    @Operation(summary = "Return the value to the reporting unit", description = "Needs a reason. Unlocks an approved value. Same reviewers "
            + "and four-eyes rule as approve. Publishes MeasurementReviewed.")
    @APIResponse(responseCode = "403", description = "REVIEW_NOT_ALLOWED, SELF_REVIEW_NOT_ALLOWED (four-eyes rule)")
    @APIResponse(responseCode = "422", description = "REASON_REQUIRED")
    public MeasurementResponse returnValue(@PathParam("id") String id, ReviewRequest request) {
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
