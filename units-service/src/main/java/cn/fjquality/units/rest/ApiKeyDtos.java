package cn.fjquality.units.rest;

import cn.fjquality.units.domain.ApiKey;
import cn.fjquality.units.service.ApiKeyService.IssuedKey;
import cn.fjquality.units.service.ApiKeyService;
import cn.fjquality.units.service.ApiKeyService.Verification;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/** Request and response bodies of the API-key endpoints. */
public final class ApiKeyDtos {
    private ApiKeyDtos() {
    }

    @Schema(name = "IssueReporterKey")
    public record IssueReporterKeyRequest(
            @Schema(nullable = true, example = "福州市统计数据推送") @Size(max = 200) String label,
            @Schema(nullable = true, description = "Whether the key may also report for the unit's descendants (e.g. a city key for its counties)")
            Boolean subtree) {
    }

    @Schema(name = "IssueKey")
    public record IssueKeyRequest(
            @Schema(example = "ANALYST", enumeration = {"ADMIN", "ANALYST"})
            @NotNull @Pattern(regexp = "ADMIN|ANALYST", message = "must be ADMIN or ANALYST (reporter keys are issued per unit)") String role,
            @Schema(example = "质量发展处分析") @NotBlank @Size(max = 200) String label) {
    }

    /** Returned once, at creation: the only time the secret is ever shown. */
    @Schema(name = "IssuedKey")
    public record IssuedKeyResponse(
            @Schema(example = "k3j5h2m4n6p7") String keyId,
            @Schema(description = "The whole key to send as 'Authorization: Bearer <apiKey>'. Shown only in this response.",
                    example = "fjq_k3j5h2m4n6p7_3q2-7wEXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAMPL")
            String apiKey,
            String role, @Schema(nullable = true) String unitCode, boolean subtree, @Schema(nullable = true) String label, Instant createdAt) {
        public static IssuedKeyResponse of(IssuedKey issued) {
            ApiKey k = issued.key();
            return new IssuedKeyResponse(k.keyId, issued.apiKey(), k.role, k.unitCode, k.subtree, k.label, k.createdAt);
        }
    }

    @Schema(name = "ApiKey")
    public record ApiKeyResponse(String keyId, String role, @Schema(nullable = true) String unitCode, boolean subtree, @Schema(nullable = true) String label,
                                 String createdBy, Instant createdAt, @Schema(nullable = true) Instant revokedAt, boolean active) {
        public static ApiKeyResponse of(ApiKey k) {
            return new ApiKeyResponse(k.keyId, k.role, k.unitCode, k.subtree, k.label, k.createdBy, k.createdAt,
                    k.revokedAt, k.revokedAt == null);
        }
    }

    @Schema(name = "VerifyKey")
    public record VerifyKeyRequest(@NotNull @Size(max = 200) String apiKey) {
    }

    /** What the gateway learns about a presented key. */
    @Schema(name = "VerifiedKey")
    public record VerifiedKeyResponse(boolean valid, String reason, String keyId, String role, String unitCode, boolean subtree,
                                      @Schema(nullable = true, description = "When the key's unit stops being active (the start of the day "
                                              + "after its activeTo, in Fujian); the gateway keeps no answer past it. Null: no end.")
                                      Instant validUntil) {
        public static VerifiedKeyResponse of(Verification v) {
            ApiKey k = v.key();
            return v.valid() ? new VerifiedKeyResponse(true, null, k.keyId, k.role, k.unitCode, k.subtree, v.validUntil())
                    : new VerifiedKeyResponse(false, v.reason(), null, null, null, false, null);
        }
    }

    /**
     * What changed since {@code since} that can invalidate a key verification the gateway keeps: keys revoked and units
     * changed (deactivated, dates moved) with a timestamp after it. {@code asOf} is this service's clock when it read them.
     */
    @Schema(name = "KeyChanges")
    public record KeyChangesResponse(Instant asOf, List<Change> revokedKeys, List<Change> changedUnits) {
        public static KeyChangesResponse of(ApiKeyService.KeyChanges c) {
            return new KeyChangesResponse(c.asOf(), c.revokedKeys().stream().map(Change::of).toList(),
                    c.changedUnits().stream().map(Change::of).toList());
        }
    }

    /** A key id (revoked at {@code at}) or a unit code (changed at {@code at}). */
    @Schema(name = "KeyChange")
    public record Change(String id, Instant at) {
        static Change of(ApiKeyService.Change c) {
            return new Change(c.id(), c.at());
        }
    }
}
