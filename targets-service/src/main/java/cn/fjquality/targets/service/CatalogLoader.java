package cn.fjquality.targets.service;

import cn.fjquality.problem.ApiException;
import cn.fjquality.targets.config.TargetsConfig;
import cn.fjquality.targets.domain.ChangeSource;
import cn.fjquality.targets.domain.Plan;
import cn.fjquality.targets.domain.PlanRepository;
import cn.fjquality.targets.domain.Target;
import cn.fjquality.targets.domain.TargetRepository;
import cn.fjquality.targets.domain.TargetSpec;
import cn.fjquality.targets.service.CatalogFile.CatalogPlan;
import cn.fjquality.targets.service.CatalogFile.CatalogTarget;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.apache.commons.codec.digest.DigestUtils;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Loads the versioned plan/target catalog at every start. Idempotent: a target missing here is
 * published (revision 1); a target whose own file entry changed since it was last applied (tracked by
 * a SHA-256 of the entry) becomes a new revision; anything else is left alone, so edits made through
 * the API survive restarts. Units are not checked here: the catalog must load before any units.v1
 * event has arrived (deploy/tools/check_catalog.py checks the file's unit codes against the unit seed).
 */
@ApplicationScoped
public class CatalogLoader {
    private static final Logger LOG = Logger.getLogger(CatalogLoader.class);
    /** Serializes concurrent loads by several instances starting together. */
    private static final long LOCK_KEY = 8_082_001L;
    public static final String CATALOG_USER = "catalog";

    private final PlanRepository plans;
    private final TargetRepository targets;
    private final RevisionLog log;
    private final ObjectMapper mapper;
    private final TargetsConfig config;
    private final EntityManager em;
    private final Clock clock;

    public CatalogLoader(PlanRepository plans, TargetRepository targets, RevisionLog log, ObjectMapper mapper,
                         TargetsConfig config, EntityManager em, Clock clock) {
        this.plans = plans;
        this.targets = targets;
        this.log = log;
        this.mapper = mapper;
        this.config = config;
        this.em = em;
        this.clock = clock;
    }

    /**
     * @param plansInserted  plans new to the database
     * @param plansUpdated   plans whose file entry changed
     * @param published      targets new to the database (TargetPublished)
     * @param revised        targets whose file entry changed, stored as a new revision (TargetRevised)
     * @param unchanged      targets whose file entry did not change, or whose new entry equals their current content
     */
    public record LoadResult(int plansInserted, int plansUpdated, int published, int revised, int unchanged) {
    }

    void onStart(@Observes @Priority(10) StartupEvent ignored) {
        if (config.catalog().enabled()) {
            LoadResult r = load(config.catalog().resource());
            LOG.infof("catalog %s: plans %d inserted, %d updated; targets %d published, %d revised, %d unchanged",
                    config.catalog().resource(), r.plansInserted(), r.plansUpdated(), r.published(), r.revised(), r.unchanged());
        }
    }

    @Transactional
    public LoadResult load(String resource) {
        CatalogFile file = read(resource);
        validateShape(file, resource);
        em.createNativeQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(:key)) AS locked")
                .setParameter("key", LOCK_KEY)
                .getSingleResult();
        int plansInserted = 0;
        int plansUpdated = 0;
        for (CatalogPlan entry : file.plans()) {
            String hash = hash(entry);
            Plan plan = plans.findByCode(entry.code()).orElse(null);
            if (plan == null) {
                plan = new Plan();
                plan.code = entry.code();
                plan.createdAt = Instant.now(clock);
                apply(entry, plan, hash);
                plans.persist(plan);
                plansInserted++;
            } else if (!hash.equals(plan.catalogHash)) {
                apply(entry, plan, hash);
                plansUpdated++;
            }
        }
        plans.flush();

        List<String> errors = new ArrayList<>();
        int published = 0;
        int revised = 0;
        int unchanged = 0;
        RevisionLog.Change change = new RevisionLog.Change(ChangeSource.CATALOG, CATALOG_USER,
                resource + " (version " + file.version() + ")");
        for (CatalogTarget entry : file.targets()) {
            TargetSpec spec = TargetRules.withNaturalBounds(entry.spec());
            Plan plan = plans.findByCode(spec.planCode()).orElse(null);
            try {
                TargetRules.check(spec, TargetService.horizon(plan));
            } catch (ApiException e) {
                errors.add(entry.code() + ": " + e.code() + " " + e.getMessage());
                continue;
            }
            String hash = hash(entry);
            Target target = targets.findByCodeForUpdate(entry.code()).orElse(null);
            if (target == null) {
                log.publish(entry.code(), spec, plan, change, hash);
                published++;
            } else if (hash.equals(target.catalogHash)) {
                unchanged++;
            } else {
                if (spec.equals(target.content.spec())) {
                    unchanged++; // the file now says what the target already says (e.g. an API edit made first)
                } else {
                    log.revise(target, spec, plan, change);
                    revised++;
                }
                target.catalogHash = hash;
            }
        }
        if (!errors.isEmpty()) {
            throw new IllegalStateException("catalog " + resource + " has " + errors.size() + " invalid target(s): "
                    + String.join("; ", errors));
        }
        return new LoadResult(plansInserted, plansUpdated, published, revised, unchanged);
    }

    private static void apply(CatalogPlan entry, Plan plan, String hash) {
        plan.titleZh = entry.titleZh();
        plan.titleEn = entry.titleEn();
        plan.issuer = entry.issuer();
        plan.issuedDate = entry.issuedDate();
        plan.startYear = entry.startYear();
        plan.endYear = entry.endYear();
        plan.sourceDocument = entry.sourceDocument();
        plan.chapters = entry.chapters() == null ? new java.util.ArrayList<>() : new java.util.ArrayList<>(entry.chapters());
        plan.catalogHash = hash;
        plan.updatedAt = Instant.now();
    }

    private static void validateShape(CatalogFile file, String resource) {
        List<String> errors = new ArrayList<>();
        if (file.version() != 1) {
            errors.add("version must be 1");
        }
        Set<String> planCodes = new HashSet<>();
        for (CatalogPlan p : nullSafe(file.plans())) {
            if (p.code() == null || !planCodes.add(p.code())) {
                errors.add("plan code missing or duplicate: " + p.code());
            }
            if (p.startYear() > p.endYear()) {
                errors.add("plan " + p.code() + ": startYear after endYear");
            }
        }
        Set<String> targetCodes = new HashSet<>();
        for (CatalogTarget t : nullSafe(file.targets())) {
            if (t.code() == null || !targetCodes.add(t.code())) {
                errors.add("target code missing or duplicate: " + t.code());
            }
            if (t.planCode() == null || t.kind() == null || t.comparator() == null || t.direction() == null || t.aggregation() == null
                    || t.targetValue() == null || t.nameZh() == null || t.nameEn() == null || t.section() == null || t.unit() == null) {
                errors.add("target " + t.code() + ": a required field is missing");
            }
        }
        if (!errors.isEmpty()) {
            throw new IllegalStateException("catalog " + resource + " is invalid: " + String.join("; ", errors));
        }
    }

    private static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }

    private CatalogFile read(String resource) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("catalog " + resource + " is not on the classpath");
            }
            return mapper.readValue(in, CatalogFile.class);
        } catch (IOException e) {
            throw new UncheckedIOException("catalog " + resource + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** SHA-256 of the entry as parsed (field order fixed by the record), so formatting changes don't count. */
    String hash(Object entry) {
        try {
            return DigestUtils.sha256Hex(mapper.writeValueAsBytes(entry));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
