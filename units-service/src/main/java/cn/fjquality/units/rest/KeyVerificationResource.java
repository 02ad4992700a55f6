package cn.fjquality.units.rest;

import cn.fjquality.security.Roles;
import cn.fjquality.units.rest.ApiKeyDtos.VerifiedKeyResponse;
import cn.fjquality.units.rest.ApiKeyDtos.VerifyKeyRequest;
import cn.fjquality.units.service.ApiKeyService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** For the gateway only: is this API key valid, and whose is it? Not routed by the gateway. */
@Path("/internal/v1/api-keys/verify")
@Tag(name = "Internal")
public class KeyVerificationResource {
    private final ApiKeyService service;

    public KeyVerificationResource(ApiKeyService service) {
        this.service = service;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.GATEWAY)
    @Operation(summary = "Verify an API key", description = "Always 200; 'valid' says whether the key may be used, 'reason' why not (MALFORMED, UNKNOWN, REVOKED, UNIT_INACTIVE).")
    public VerifiedKeyResponse verify(@Valid @NotNull VerifyKeyRequest request) {
        return VerifiedKeyResponse.of(service.verify(request.apiKey()));
    }
}
