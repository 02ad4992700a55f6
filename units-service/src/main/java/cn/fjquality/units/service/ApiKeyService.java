package cn.fjquality.units.service;

import cn.fjquality.problem.ApiException;
import cn.fjquality.security.Caller;
import cn.fjquality.security.Roles;
import cn.fjquality.units.domain.ApiKey;
import cn.fjquality.units.domain.ApiKeyRepository;
import cn.fjquality.units.domain.Unit;
import cn.fjquality.units.domain.UnitRepository;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** Issues, lists, revokes and verifies API keys. Secrets are never stored, logged or returned twice. */
@ApplicationScoped
public class ApiKeyService {
    private static final Logger LOG = Logger.getLogger(ApiKeyService.class);

    private final ApiKeyRepository keys;
    private final UnitRepository units;
    private final MeterRegistry metrics;
    private final Clock clock;

    /** A key just issued, with the whole key ({@code fjq_<id>_<secret>}): the only time the secret exists outside the client. */
    public record IssuedKey(ApiKey key, String apiKey) {
    }

    /**
     * What a presented key turned out to be: valid with its stored key, or invalid with the reason (MALFORMED, UNKNOWN,
     * REVOKED, UNIT_INACTIVE) and no key.
     */
    public record Verification(ApiKey key, String reason) {
        static Verification invalid(String reason) {
            return new Verification(null, reason);
        }

        public boolean valid() {
            return key != null;
        }
    }

    public ApiKeyService(ApiKeyRepository keys, UnitRepository units, MeterRegistry metrics, Clock clock) {
        this.keys = keys;
        this.units = units;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Transactional
    public IssuedKey issueForUnit(String unitCode, String label, boolean subtree, Caller issuer) {
        Unit unit = units.findByCode(unitCode)
                .orElseThrow(() -> ApiException.notFound("UNIT_NOT_FOUND", "No unit with code " + unitCode));
        if (!unit.isActiveOn(LocalDate.now(clock))) {
            throw ApiException.unprocessable("UNIT_INACTIVE", "Unit " + unitCode + " is not active; it cannot get a reporting key");
        }
        return issue(Roles.REPORTER, unitCode, subtree, label, issuer);
    }

    @Transactional
    public IssuedKey issueGlobal(String role, String label, Caller issuer) {
        return issue(role, null, false, label, issuer);
    }

    private IssuedKey issue(String role, String unitCode, boolean subtree, String label, Caller issuer) {
        ApiKeyCodec.NewKey generated = ApiKeyCodec.generate();
        ApiKey key = new ApiKey();
        key.keyId = generated.keyId();
        key.secretHash = generated.secretHash();
        key.role = role;
        key.unitCode = unitCode;
        key.subtree = subtree;
        key.label = label;
        key.createdBy = issuer == null ? "bootstrap" : issuer.keyId();
        key.createdAt = Instant.now(clock);
        keys.persist(key);
        LOG.infof("issued %s key %s%s", role, key.keyId, unitCode == null ? "" : " for unit " + unitCode);
        return new IssuedKey(key, generated.apiKey());
    }

    @Transactional
    public List<ApiKey> list(String unitCode, String role, boolean includeRevoked) {
        return keys.listFiltered(unitCode, role, includeRevoked);
    }

    @Transactional
    public ApiKey get(String keyId) {
        return keys.findByKeyId(keyId)
                .orElseThrow(() -> ApiException.notFound("API_KEY_NOT_FOUND", "No API key with id " + keyId));
    }

    /** Revoking twice is harmless: the first revocation time is kept. */
    @Transactional
    public ApiKey revoke(String keyId) {
        ApiKey key = get(keyId);
        if (key.revokedAt == null) {
            key.revokedAt = Instant.now(clock);
            LOG.infof("revoked key %s", keyId);
        }
        return key;
    }

    @Transactional
    public Verification verify(String apiKey) {
        Verification result = check(apiKey);
        metrics.counter("api_key_verifications", "result", result.valid() ? "valid" : result.reason()).increment();
        return result;
    }

    private Verification check(String apiKey) {
        Optional<ApiKeyCodec.ParsedKey> parsed = ApiKeyCodec.parse(apiKey);
        if (parsed.isEmpty()) {
            return Verification.invalid("MALFORMED");
        }
        Optional<ApiKey> stored = keys.findByKeyId(parsed.get().keyId());
        if (stored.isEmpty() || !ApiKeyCodec.matches(parsed.get().secret(), stored.get().secretHash)) {
            return Verification.invalid("UNKNOWN");
        }
        ApiKey key = stored.get();
        if (key.revokedAt != null) {
            return Verification.invalid("REVOKED");
        }
        if (key.unitCode != null) {
            boolean unitActive = units.findByCode(key.unitCode).map(u -> u.isActiveOn(LocalDate.now(clock))).orElse(false);
            if (!unitActive) {
                return Verification.invalid("UNIT_INACTIVE");
            }
        }
        return new Verification(key, null);
    }
}
