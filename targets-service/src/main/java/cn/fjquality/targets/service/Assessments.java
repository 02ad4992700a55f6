package cn.fjquality.targets.service;

import cn.fjquality.support.ClockProducer;
import cn.fjquality.targets.domain.DataPointRepository;
import cn.fjquality.targets.domain.Plan;
import cn.fjquality.targets.domain.PlanRepository;
import cn.fjquality.targets.domain.ProgressRepository;
import cn.fjquality.targets.domain.ProgressRow;
import cn.fjquality.targets.domain.Target;
import cn.fjquality.targets.domain.progress.Assessment;
import cn.fjquality.targets.domain.progress.Figure;
import cn.fjquality.targets.domain.progress.PlaceTree;
import cn.fjquality.targets.domain.progress.ProgressStatus;
import cn.fjquality.targets.domain.progress.ReportedValue;
import cn.fjquality.targets.domain.progress.RollUp;
import cn.fjquality.targets.messaging.ProgressEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps the stored assessments (table {@code progress}, one row per target and scope) up to date: recomputes the scopes
 * a change touched from all of the target's values, in the caller's transaction, and writes ProgressStatusChanged to
 * the outbox when a status changes.
 */
@ApplicationScoped
public class Assessments {
    private static final Logger LOG = Logger.getLogger(Assessments.class);

    private final DataPointRepository points;
    private final ProgressRepository rows;
    private final PlanRepository plans;
    private final ProgressCache cache;
    private final ProgressEvents events;
    private final ProgressMethod method;
    private final Clock clock;

    public Assessments(DataPointRepository points, ProgressRepository rows, PlanRepository plans, ProgressCache cache,
                       ProgressEvents events, ProgressMethod method, Clock clock) {
        this.points = points;
        this.rows = rows;
        this.plans = plans;
        this.cache = cache;
        this.events = events;
        this.method = method;
        this.clock = clock;
    }

    /** The registry as the roll-up sees it, read once per transaction that recomputes. */
    public ProgressCache.Registry registry() {
        return cache.registry();
    }

    /**
     * The scopes a value reported by {@code unit} for {@code place} touches: the province, the place and every place
     * above it, and the reporting unit's own values when it is not a place itself.
     */
    public static Set<String> scopesTouched(PlaceTree tree, String unit, String place) {
        Set<String> scopes = new LinkedHashSet<>();
        scopes.add(ProgressMethod.PROVINCE);
        String resolved = tree.placeOf(place);
        if (resolved != null) {
            for (String p : tree.selfAndAncestors(resolved)) {
                scopes.add(p.equals(tree.root()) ? ProgressMethod.PROVINCE : p);
            }
        }
        if (!tree.isPlace(unit)) {
            scopes.add(unit);
        }
        return scopes;
    }

    /** Recomputes these scopes of the target from all its values. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recompute(Target target, ProgressCache.Registry registry, Set<String> scopes) {
        Plan plan = plans.findByCode(target.content.planCode).orElseThrow();
        PlaceTree tree = registry.tree();
        List<ReportedValue> values = points.reported(target.code);
        RollUp rollUp = method.rollUp(target, tree, values, null);
        Map<String, ProgressRow> stored = rows.atScopes(target.code, scopes);
        Instant now = Instant.now(clock);
        for (String scope : scopes) {
            ProgressMethod.Evaluation e = write(target, plan, tree, rollUp, values, scope, now, stored.get(scope));
            if (ProgressMethod.PROVINCE.equals(scope)) {
                // The scorecard's and the target page's read: kept for every instance's next read of this target, once
                // this transaction (and the data version it counted) has committed.
                ProgressCache.Stamp stamp = ProgressCache.Stamp.of(target, plan, registry, e.asOf());
                cache.putAfterCommit(target.code, scope, stamp, ProgressQueries.detailOf(method, target, plan,
                        ProgressMethod.scope(tree, scope), e, now, now));
            }
        }
    }

    /** Recomputes every stored scope of the target (after a revision changed its content, or daily). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recomputeStored(Target target) {
        List<ProgressRow> stored = rows.forTarget(target.code);
        if (stored.isEmpty() || target.retired()) {
            return;
        }
        Set<String> scopes = new LinkedHashSet<>();
        stored.forEach(r -> scopes.add(r.scope));
        recompute(target, registry(), scopes);
    }

    /** @param row the stored assessment of the scope, null when there is none yet */
    private ProgressMethod.Evaluation write(Target target, Plan plan, PlaceTree tree, RollUp rollUp, List<ReportedValue> values,
                                           String scope, Instant now, ProgressRow row) {
        LocalDate today = LocalDate.ofInstant(now, ClockProducer.FUJIAN);
        ProgressMethod.Evaluation e = method.evaluate(target, plan, tree, rollUp, values, ProgressMethod.scope(tree, scope),
                today, null, now);
        Assessment a = e.assessment();
        ProgressStatus previous = row == null ? ProgressStatus.NO_DATA : row.status;
        boolean isNew = row == null;
        if (isNew) {
            row = new ProgressRow();
            row.targetCode = target.code;
            row.scope = scope;
        }
        row.status = a.status();
        row.actual = a.actual();
        row.gap = a.gap();
        row.percentOfTarget = a.percentOfTarget();
        row.forecast = a.forecast();
        row.progressRatio = a.progressRatio();
        row.baseline = a.baseline();
        row.method = e.method();
        row.lastReportAt = e.lastReportAt();
        row.stale = e.stale();
        row.computedAt = now;
        Figure latest = e.latest();
        row.lastPeriod = latest == null ? null : latest.period();
        row.coveredThrough = e.coveredThrough();
        row.lastSource = latest == null ? null : latest.source().name();
        row.placesCovered = latest == null || latest.places() == null ? null : latest.places().covered();
        row.placesTotal = latest == null || latest.places() == null ? null : latest.places().of();
        row.flaggedPeriods = (int) e.series().stream().filter(Figure::flagged).count();
        if (isNew) {
            rows.persist(row);
        }
        if (previous != row.status) {
            events.statusChanged(row, previous, now);
            // DEBUG: the ProgressStatusChanged event is the record; at INFO a busy stream logged a line per flip
            LOG.debugf("progress: %s at %s %s -> %s", target.code, scope, previous, row.status);
        }
        return e;
    }
}
