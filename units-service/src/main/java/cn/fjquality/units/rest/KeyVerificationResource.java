package cn.fjquality.units.rest;

import cn.fjquality.security.Roles;
import cn.fjquality.units.rest.ApiKeyDtos.KeyChangesResponse;
import cn.fjquality.units.rest.ApiKeyDtos.VerifiedKeyResponse;
import cn.fjquality.units.rest.ApiKeyDtos.VerifyKeyRequest;
import cn.fjquality.units.service.ApiKeyService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import cn.fjquality.problem.ApiException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** For the gateway only: is this API key valid, and whose is it? Not routed by the gateway. */
@Path("/internal/v1/api-keys")
@Tag(name = "Internal")
public class KeyVerificationResource {
    private final ApiKeyService service;

    public KeyVerificationResource(ApiKeyService service) {
        this.service = service;
    }

    @POST
    @Path("/verify")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.GATEWAY)
    @Operation(summary = "Verify an API key", description = "Always 200; 'valid' says whether the key may be used, 'reason' why not (MALFORMED, UNKNOWN, REVOKED, UNIT_INACTIVE).")
    public VerifiedKeyResponse verify(@Valid @NotNull VerifyKeyRequest request) {
        return VerifiedKeyResponse.of(service.verify(request.apiKey()));
    }

    /**
     * The gateway polls this (every second) instead of verifying every key it keeps again: it drops its answers about the
     * keys revoked and the units changed after {@code since}. Without {@code since}: only this service's clock.
     */
    @GET
    @Path("/changes")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.GATEWAY)
    @Operation(summary = "Key and unit changes since a time", description = "Key ids revoked and unit codes changed after 'since' (an ISO-8601 instant), and 'asOf', this service's clock; the gateway's key cache polls it.")
    public KeyChangesResponse changes(@QueryParam("since") String since) {
        Instant from;
        try {
            from = since == null || since.isBlank() ? null : Instant.parse(since);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("INVALID_QUERY_PARAMETER", "since must be an ISO-8601 instant, e.g. 2026-01-01T00:00:00Z");
        }
        return KeyChangesResponse.of(service.changesSince(from));
    }
}
