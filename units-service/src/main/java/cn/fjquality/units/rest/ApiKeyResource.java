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

/** API keys: ADMIN only. A secret is returned once, at creation, and never again. */
@Path("/api/v1/api-keys")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Tag(name = "API keys", description = "Credentials for departmental systems and analysts")
@SecurityRequirement(name = "callerToken")
@APIResponse(responseCode = "403", description = ApiDocs.FORBIDDEN_ADMIN)
public class ApiKeyResource {
    private static final String KEY_ID = "密钥编号 / Key id (the public part of the key, as lists show it)";
    private static final String SECRETS = "Never the secrets: only their SHA-256 is stored. 不返回密钥明文。";
    private final ApiKeyService service;
    private final CallerContext callers;

    public ApiKeyResource(ApiKeyService service, CallerContext callers) {
        this.service = service;
        this.callers = callers;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "issueApiKey", summary = "签发管理或分析密钥 / Issue an ADMIN or ANALYST key",
            description = "The response holds the only copy of the secret (apiKey); store it. REPORTER keys are issued per unit "
                    + "(issueUnitApiKey). ADMIN only. 签发管理员或分析员密钥；密钥明文只在本次响应中出现。")
    @RequestBody(required = true, content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = IssueKeyRequest.class),
            examples = @ExampleObject(name = "analyst", summary = "an analyst key for the quality development division",
                    value = ApiDocs.ANALYST_KEY_REQUEST)))
    @APIResponse(responseCode = "201", description = "已签发 / Issued: the only time the secret is shown",
            headers = @Header(name = "Location", description = "/api/v1/api-keys/{keyId} of the new key", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = IssuedKeyResponse.class),
                    examples = @ExampleObject(name = "analyst", value = ApiDocs.ANALYST_KEY_ISSUED)))
    @APIResponse(responseCode = "400", description = "请求错误 / Bad request: " + ApiDocs.BAD_JSON_BODY + ", " + ApiDocs.VALIDATION
            + " (a role other than ADMIN or ANALYST, a blank label or one over 200 characters, an empty body), " + ApiDocs.INVALID_TEXT)
    @APIResponse(responseCode = "413", description = ApiDocs.PAYLOAD_TOO_LARGE)
    @APIResponse(responseCode = "415", description = ApiDocs.UNSUPPORTED_MEDIA_TYPE)
    public Response issue(@Valid @NotNull IssueKeyRequest request) {
        IssuedKeyResponse issued = IssuedKeyResponse.of(service.issueGlobal(request.role(), request.label(), callers.caller()));
        return Response.created(URI.create("/api/v1/api-keys/" + issued.keyId())).entity(issued).build();
    }

    @GET
    @Operation(operationId = "listApiKeys", summary = "查询密钥 / List keys",
            description = "Every key matching the filters (not paged), oldest first. " + SECRETS + " ADMIN only.")
    @APIResponse(responseCode = "200", description = "密钥 / The keys",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = ApiKeyResponse.class),
                    examples = @ExampleObject(name = "fuzhou", summary = "?unit=FJ-FUZHOU", value = "[" + ApiDocs.FUZHOU_KEY + "]")))
    @APIResponse(responseCode = "400", description = "请求错误 / Bad request: " + ApiDocs.INVALID_TEXT + " in unit or role)")
    public List<ApiKeyResponse> list(@Parameter(description = "单位代码 / Only the keys of this unit", example = "FJ-FUZHOU")
                                     @QueryParam("unit") String unit,
                                     @Parameter(description = "角色 / Only keys of this role",
                                             schema = @Schema(type = SchemaType.STRING, enumeration = {"ADMIN", "ANALYST", "REPORTER"}),
                                             example = "REPORTER")
                                     @QueryParam("role") String role,
                                     @Parameter(description = "含已吊销 / Also revoked keys (true); anything but true is false")
                                     @QueryParam("includeRevoked") @DefaultValue("false") boolean includeRevoked) {
        return service.list(unit, role, includeRevoked).stream().map(ApiKeyResponse::of).toList();
    }

    @GET
    @Path("/{keyId}")
    @Operation(operationId = "getApiKey", summary = "查看密钥 / Get one key",
            description = "One key, active or revoked. " + SECRETS + " ADMIN only.")
    @APIResponse(responseCode = "200", description = "密钥 / The key",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ApiKeyResponse.class),
                    examples = @ExampleObject(name = "fuzhou", value = ApiDocs.FUZHOU_KEY)))
    @APIResponse(responseCode = "404", description = ApiDocs.API_KEY_NOT_FOUND)
    public ApiKeyResponse get(@Parameter(description = KEY_ID, example = "k3j5h2m4n6p7") @PathParam("keyId") String keyId) {
        return ApiKeyResponse.of(service.get(keyId));
    }

    @POST
    @Path("/{keyId}/revoke")
    @Operation(operationId = "revokeApiKey", summary = "吊销密钥 / Revoke a key",
            description = "Idempotent: revoking again keeps the first revocation time. Takes effect at the gateway within its "
                    + "key-cache time (10 s). A revoked key id is revoked for good. ADMIN only. 吊销密钥（可重复调用）；网关在缓存时间内生效。")
    @APIResponse(responseCode = "200", description = "已吊销的密钥 / The key, revoked",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ApiKeyResponse.class),
                    examples = @ExampleObject(name = "fuzhou", value = ApiDocs.FUZHOU_KEY_REVOKED)))
    @APIResponse(responseCode = "404", description = ApiDocs.API_KEY_NOT_FOUND)
    public ApiKeyResponse revoke(@Parameter(description = KEY_ID, example = "k3j5h2m4n6p7") @PathParam("keyId") String keyId) {
        return ApiKeyResponse.of(service.revoke(keyId));
    }

    @DELETE
    @Path("/{keyId}")
    @Operation(operationId = "deleteApiKey", summary = "吊销密钥（DELETE 方式） / Revoke a key (DELETE)",
            description = "The same as revokeApiKey (POST /api/v1/api-keys/{keyId}/revoke): the key is revoked, not removed, and "
                    + "stays listed. ADMIN only. 与 revokeApiKey 相同：吊销而非删除。")
    @APIResponse(responseCode = "200", description = "已吊销的密钥 / The key, revoked",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ApiKeyResponse.class),
                    examples = @ExampleObject(name = "fuzhou", value = ApiDocs.FUZHOU_KEY_REVOKED)))
    @APIResponse(responseCode = "404", description = ApiDocs.API_KEY_NOT_FOUND)
    public ApiKeyResponse delete(@Parameter(description = KEY_ID, example = "k3j5h2m4n6p7") @PathParam("keyId") String keyId) {
        return revoke(keyId);
    }
}
