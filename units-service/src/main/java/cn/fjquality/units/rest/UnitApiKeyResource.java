package cn.fjquality.units.rest;

import cn.fjquality.security.CallerContext;
import cn.fjquality.security.Roles;
import cn.fjquality.units.rest.ApiKeyDtos.ApiKeyResponse;
import cn.fjquality.units.rest.ApiKeyDtos.IssueReporterKeyRequest;
import cn.fjquality.units.rest.ApiKeyDtos.IssuedKeyResponse;
import cn.fjquality.units.service.ApiKeyService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
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

/**
 * REPORTER keys of one unit: ADMIN only. Its own root resource, because JAX-RS matches the most specific
 * root path first and {@code /api/v1/units} would otherwise swallow these paths.
 */
@Path("/api/v1/units/{code}/api-keys")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Tag(name = "API keys")
@SecurityRequirement(name = "callerToken")
public class UnitApiKeyResource {
    private final ApiKeyService service;
    private final CallerContext callers;

    public UnitApiKeyResource(ApiKeyService service, CallerContext callers) {
        this.service = service;
        this.callers = callers;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Issue a REPORTER key bound to a unit", description = "The response holds the only copy of the secret.")
    public Response issueForUnit(@PathParam("code") String code, @Valid IssueReporterKeyRequest request) {
        IssueReporterKeyRequest r = request == null ? new IssueReporterKeyRequest(null, false) : request;
        IssuedKeyResponse issued = service.issueForUnit(code, r.label(), Boolean.TRUE.equals(r.subtree()), callers.caller());
        return Response.created(URI.create("/api/v1/api-keys/" + issued.keyId())).entity(issued).build();
    }

    @GET
    @Operation(summary = "List a unit's keys (never the secrets)")
    public List<ApiKeyResponse> listForUnit(@PathParam("code") String code,
                                            @QueryParam("includeRevoked") @DefaultValue("false") boolean includeRevoked) {
        return service.list(code, null, includeRevoked).stream().map(ApiKeyResponse::of).toList();
    }
}
