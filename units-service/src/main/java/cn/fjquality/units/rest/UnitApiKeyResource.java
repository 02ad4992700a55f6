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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
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
@APIResponse(responseCode = "403", description = ApiDocs.FORBIDDEN_ADMIN)
public class UnitApiKeyResource {
    private final ApiKeyService service;
    private final CallerContext callers;

    public UnitApiKeyResource(ApiKeyService service, CallerContext callers) {
        this.service = service;
        this.callers = callers;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "issueUnitApiKey", summary = "签发单位报送密钥 / Issue a REPORTER key bound to a unit",
            description = "A REPORTER key for the unit's system; with subtree true it may also report (and read) for every unit "
                    + "below it. The response holds the only copy of the secret (apiKey). The body may be {} but Content-Type: "
                    + "application/json is needed. ADMIN only. 为单位签发报送密钥；密钥明文只在本次响应中出现。")
    @RequestBody(content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = IssueReporterKeyRequest.class),
            examples = @ExampleObject(name = "fuzhou", summary = "福州市's statistics system, also for its counties",
                    value = ApiDocs.FUZHOU_KEY_REQUEST)))
    @APIResponse(responseCode = "201", description = "已签发 / Issued: the only time the secret is shown",
            headers = @Header(name = "Location", description = "/api/v1/api-keys/{keyId} of the new key", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = IssuedKeyResponse.class),
                    examples = @ExampleObject(name = "fuzhou", value = ApiDocs.FUZHOU_KEY_ISSUED)))
    @APIResponse(responseCode = "400", description = "请求错误 / Bad request: " + ApiDocs.BAD_JSON_BODY + ", " + ApiDocs.VALIDATION
            + " (a label over 200 characters), " + ApiDocs.INVALID_TEXT)
    @APIResponse(responseCode = "404", description = ApiDocs.UNIT_NOT_FOUND)
    @APIResponse(responseCode = "413", description = ApiDocs.PAYLOAD_TOO_LARGE)
    @APIResponse(responseCode = "415", description = ApiDocs.UNSUPPORTED_MEDIA_TYPE)
    @APIResponse(responseCode = "422", description = "无法处理 / Unprocessable: `UNIT_INACTIVE` (the unit is not active today)")
    public Response issueForUnit(@Parameter(description = "单位代码 / Unit code", example = "FJ-FUZHOU") @PathParam("code") String code,
                                 @Valid IssueReporterKeyRequest request) {
        IssueReporterKeyRequest r = request == null ? new IssueReporterKeyRequest(null, false) : request;
        IssuedKeyResponse issued = IssuedKeyResponse.of(service.issueForUnit(code, r.label(), Boolean.TRUE.equals(r.subtree()), callers.caller()));
        return Response.created(URI.create("/api/v1/api-keys/" + issued.keyId())).entity(issued).build();
    }

    @GET
    @Operation(operationId = "listUnitApiKeys", summary = "单位的密钥 / List a unit's keys",
            description = "The unit's REPORTER keys, oldest first (not paged); an unknown unit has none. Never the secrets. "
                    + "ADMIN only. 列出单位的报送密钥（不含明文）。")
    @APIResponse(responseCode = "200", description = "密钥 / The keys",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = ApiKeyResponse.class),
                    examples = @ExampleObject(name = "fuzhou", value = "[" + ApiDocs.FUZHOU_KEY + "]")))
    public List<ApiKeyResponse> listForUnit(@Parameter(description = "单位代码 / Unit code", example = "FJ-FUZHOU") @PathParam("code") String code,
                                            @Parameter(description = "含已吊销 / Also revoked keys (true); anything but true is false")
                                            @QueryParam("includeRevoked") @DefaultValue("false") boolean includeRevoked) {
        return service.list(code, null, includeRevoked).stream().map(ApiKeyResponse::of).toList();
    }
}
