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
     * REVOKED, UNIT_INACTIVE) and no key. {@code validUntil}: when the key's unit stops being active (null: no end).
     */
    public record Verification(ApiKey key, String reason, Instant validUntil) {
        static Verification invalid(String reason) {
            return new Verification(null, reason, null);
        }

        public boolean valid() {
            return key != null;
        }
    }

    /** Keys revoked and units changed after a time, as of this service's clock (the gateway's key cache polls it). */
    public record KeyChanges(Instant asOf, List<Change> revokedKeys, List<Change> changedUnits) {
    }

    /** A key id (revoked at {@code at}) or a unit code (changed at {@code at}). */
    public record Change(String id, Instant at) {
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
        Instant validUntil = null;
        if (key.unitCode != null) {
            Optional<Unit> unit = units.findByCode(key.unitCode);
            if (unit.isEmpty() || !unit.get().isActiveOn(LocalDate.now(clock))) {
                return Verification.invalid("UNIT_INACTIVE");
            }
            if (unit.get().activeTo != null) {
                validUntil = unit.get().activeTo.plusDays(1).atStartOfDay(clock.getZone()).toInstant();
            }
        }
        return new Verification(key, null, validUntil);
    }

    /**
     * Keys revoked and units changed after {@code since} (null: none listed, only the clock), for the gateway's key cache:
     * it drops what it keeps about them, so a revocation bites within its poll interval however long it keeps an answer.
     */
    @Transactional
    public KeyChanges changesSince(Instant since) {
        Instant asOf = Instant.now(clock);
        if (since == null) {
            return new KeyChanges(asOf, List.of(), List.of());
        }
        List<Change> revoked = keys.getEntityManager().createQuery(
                        "select k.keyId, k.revokedAt from ApiKey k where k.revokedAt > :since", Object[].class)
                .setParameter("since", since).getResultStream().map(r -> new Change((String) r[0], (Instant) r[1])).toList();
        List<Change> changed = units.getEntityManager().createQuery(
                        "select u.code, u.updatedAt from Unit u where u.updatedAt > :since", Object[].class)
                .setParameter("since", since).getResultStream().map(r -> new Change((String) r[0], (Instant) r[1])).toList();
        return new KeyChanges(asOf, revoked, changed);
    }
}
