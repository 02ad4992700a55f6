package cn.fjquality.units.rest;

import cn.fjquality.security.CallerContext;
import cn.fjquality.security.Roles;
import cn.fjquality.units.rest.ApiKeyDtos.ApiKeyResponse;
import cn.fjquality.units.rest.ApiKeyDtos.IssueKeyRequest;
import cn.fjquality.units.rest.ApiKeyDtos.IssuedKeyResponse;
import cn.fjquality.units.service.ApiKeyService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.util.List;

/** API keys: ADMIN only. A secret is returned once, at creation, and never again. */
@Path("/api/v1/api-keys")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Tag(name = "API keys", description = "Credentials for departmental systems and analysts")
@SecurityRequirement(name = "callerToken")
public class ApiKeyResource {
    private final ApiKeyService service;
    private final CallerContext callers;

    public ApiKeyResource(ApiKeyService service, CallerContext callers) {
        this.service = service;
        this.callers = callers;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Issue an ADMIN or ANALYST key", description = "The response holds the only copy of the secret.")
    public Response issue(@Valid @NotNull IssueKeyRequest request) {
        IssuedKeyResponse issued = service.issueGlobal(request.role(), request.label(), callers.caller());
        return Response.created(URI.create("/api/v1/api-keys/" + issued.keyId())).entity(issued).build();
    }

    @GET
    @Operation(summary = "List keys (never the secrets)")
    public List<ApiKeyResponse> list(@QueryParam("unit") String unit, @QueryParam("role") String role,
                                     @QueryParam("includeRevoked") @DefaultValue("false") boolean includeRevoked) {
        return service.list(unit, role, includeRevoked).stream().map(ApiKeyResponse::of).toList();
    }

    @GET
    @Path("/{keyId}")
    @Operation(summary = "One key (never the secret)")
    public ApiKeyResponse get(@PathParam("keyId") String keyId) {
        return ApiKeyResponse.of(service.get(keyId));
    }

    @POST
    @Path("/{keyId}/revoke")
    @Operation(summary = "Revoke a key", description = "Takes effect at the gateway within its key-cache time.")
    public ApiKeyResponse revoke(@PathParam("keyId") String keyId) {
        return ApiKeyResponse.of(service.revoke(keyId));
    }

    @DELETE
    @Path("/{keyId}")
    @Operation(summary = "Revoke a key (same as POST .../revoke)")
    public ApiKeyResponse delete(@PathParam("keyId") String keyId) {
        return revoke(keyId);
    }
}
