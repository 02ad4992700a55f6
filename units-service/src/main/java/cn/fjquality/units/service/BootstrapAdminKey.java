package cn.fjquality.units.service;

import cn.fjquality.security.Roles;
import cn.fjquality.units.config.UnitsConfig;
import cn.fjquality.units.domain.ApiKey;
import cn.fjquality.units.domain.ApiKeyRepository;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The bootstrap admin key (ADMIN_API_KEY), applied at every start. The start creates it when its key id has never
 * existed; it never brings back a key that was revoked through the API, and never takes over a key issued through
 * the API. A revoked key id stays revoked: the way on is a new key with a new key id (docs/units-service.md).
 */
@ApplicationScoped
public class BootstrapAdminKey {
    static final String CREATED_BY = "bootstrap";
    private static final Logger LOG = Logger.getLogger(BootstrapAdminKey.class);

    /** What a start did with ADMIN_API_KEY. */
    public enum Outcome {
        /** ADMIN_API_KEY is not set. */
        NOT_CONFIGURED,
        /** Its key id did not exist: created, an active ADMIN key. */
        CREATED,
        /** The stored bootstrap key is active and has this secret: nothing to do. */
        UNCHANGED,
        /** The stored bootstrap key is active but ADMIN_API_KEY holds another secret for it: the secret was replaced. */
        SECRET_REPLACED,
        /** Its key id was revoked: it stays revoked, whatever the secret (WARN). */
        REVOKED_KEPT,
        /** Its key id belongs to a key issued through the API: left as it is (WARN). */
        NOT_A_BOOTSTRAP_KEY
    }

    private final ApiKeyRepository keys;
    private final UnitsConfig config;
    private final Clock clock;

    public BootstrapAdminKey(ApiKeyRepository keys, UnitsConfig config, Clock clock) {
        this.keys = keys;
        this.config = config;
        this.clock = clock;
    }

    /** After the seed (priority). */
    void onStart(@Observes @Priority(20) StartupEvent ignored) {
        ensure(config.bootstrapAdminApiKey().orElse(null));
    }

    /** What a start does with {@code configured}, the value of ADMIN_API_KEY (null or blank: nothing). */
    @Transactional
    public Outcome ensure(String configured) {
        if (configured == null || configured.isBlank()) {
            return Outcome.NOT_CONFIGURED;
        }
        ApiKeyCodec.ParsedKey parsed = ApiKeyCodec.parse(configured).orElseThrow(() -> new IllegalStateException(
                "ADMIN_API_KEY is not a valid key: expected fjq_<12 chars a-z2-7>_<43 URL-safe base64 chars>"));
        // Instances starting together: one after the other.
        keys.getEntityManager().createNativeQuery("SELECT pg_advisory_xact_lock(hashtext('units-bootstrap-admin'))").getSingleResult();
        Optional<ApiKey> stored = keys.findByKeyId(parsed.keyId());
        if (stored.isEmpty()) {
            ApiKey key = new ApiKey();
            key.keyId = parsed.keyId();
            key.secretHash = ApiKeyCodec.hash(parsed.secret());
            key.role = Roles.ADMIN;
            key.createdAt = Instant.now(clock);
            key.createdBy = CREATED_BY;
            key.label = "bootstrap admin (ADMIN_API_KEY)";
            keys.persist(key);
            LOG.infof("bootstrap admin key %s created from ADMIN_API_KEY", key.keyId);
            return Outcome.CREATED;
        }
        ApiKey key = stored.get();
        if (key.revokedAt != null) {
            LOG.warnf("ADMIN_API_KEY names key %s, which was revoked at %s; it stays revoked and ADMIN_API_KEY does not "
                    + "work. To have a bootstrap admin key again, set ADMIN_API_KEY to a new key with a new key id "
                    + "(fjq_<new 12-char id>_<new secret>), or unset it and use another ADMIN key", key.keyId, key.revokedAt);
            return Outcome.REVOKED_KEPT;
        }
        if (!CREATED_BY.equals(key.createdBy) || !Roles.ADMIN.equals(key.role) || key.unitCode != null) {
            LOG.warnf("ADMIN_API_KEY names key %s, a %s key issued through the API%s; it is left as it is and is not made "
                    + "the bootstrap admin key. Set ADMIN_API_KEY to a new key with a key id of its own", key.keyId, key.role,
                    key.unitCode == null ? "" : " for unit " + key.unitCode);
            return Outcome.NOT_A_BOOTSTRAP_KEY;
        }
        if (ApiKeyCodec.matches(parsed.secret(), key.secretHash)) {
            LOG.infof("bootstrap admin key %s is active", key.keyId);
            return Outcome.UNCHANGED;
        }
        key.secretHash = ApiKeyCodec.hash(parsed.secret());
        LOG.warnf("ADMIN_API_KEY holds a new secret for bootstrap admin key %s: the secret was replaced, the previous one "
                + "no longer verifies (after the gateway's key cache time)", key.keyId);
        return Outcome.SECRET_REPLACED;
    }
}
