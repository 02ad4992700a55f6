package cn.fjquality.targets.service;

import cn.fjquality.events.period.Period;
import cn.fjquality.problem.ApiException;
import cn.fjquality.support.ClockProducer;
import cn.fjquality.targets.domain.DataPointRepository;
import cn.fjquality.targets.domain.Plan;
import cn.fjquality.targets.domain.PlanRepository;
import cn.fjquality.targets.domain.ProgressRepository;
import cn.fjquality.targets.domain.ProgressRow;
import cn.fjquality.targets.domain.Target;
import cn.fjquality.targets.domain.TargetRepository;
import cn.fjquality.targets.domain.TargetFilter;
import cn.fjquality.targets.domain.progress.Assessment;
import cn.fjquality.targets.domain.progress.Figure;
import cn.fjquality.targets.domain.progress.PlaceTree;
import cn.fjquality.targets.domain.progress.ProgressStatus;
import cn.fjquality.targets.domain.progress.ReportedValue;
import cn.fjquality.targets.domain.progress.RollUp;
import cn.fjquality.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** The read side of the progress projection: stored rows, NO_DATA for targets without any, or recomputed as of a date. */
@ApplicationScoped
public class ProgressQueries {
    private final TargetRepository targets;
    private final PlanRepository plans;
    private final ProgressRepository rows;
    private final DataPointRepository points;
    private final ProgressMethod method;
    private final ProgressCache cache;
    private final Clock clock;

    public ProgressQueries(TargetRepository targets, PlanRepository plans, ProgressRepository rows, DataPointRepository points,
                           ProgressMethod method, ProgressCache cache, Clock clock) {
        this.targets = targets;
        this.plans = plans;
        this.rows = rows;
        this.points = points;
        this.method = method;
        this.cache = cache;
        this.clock = clock;
    }

    /** What the latest figure of a scope is, and how many periods a reconciliation flagged. */
    public record Latest(String period, LocalDate coveredThrough, String source, Integer placesCovered, Integer placesTotal,
                         int flaggedPeriods) {
        static Latest of(ProgressMethod.Evaluation e) {
            Figure f = e.latest();
            int flagged = (int) e.series().stream().filter(Figure::flagged).count();
            return f == null ? new Latest(null, null, null, null, null, flagged)
                    : new Latest(f.period(), f.coveredThrough(), f.source().name(), f.places() == null ? null : f.places().covered(),
                    f.places() == null ? null : f.places().of(), flagged);
        }
    }

    /** One target's assessment at one scope (stale judged now, or at the end of the as-of day). */
    public record ProgressView(Target target, String scope, ProgressStatus status, Double actual, Double gap,
                               Double percentOfTarget, Double forecast, Double progressRatio, Double baseline,
                               String method, Instant lastReportAt, boolean stale, Instant computedAt, LocalDate asOf,
                               Latest latest) {
        /** The same view of the target as loaded now (a kept view was computed from an equal one). */
        ProgressView of(Target current) {
            return new ProgressView(current, scope, status, actual, gap, percentOfTarget, forecast, progressRatio, baseline,
                    method, lastReportAt, stale, computedAt, asOf, latest);
        }
    }

    /**
     * The detail: the view plus the series and what it was judged with.
     *
     * @param visibleUnits whose individually reported values the caller may see ({@link ReadScope})
     */
    public record ProgressDetail(ProgressView view, Plan plan, ProgressMethod.Scope scope, List<Figure> series,
                                 List<String> usedPeriods, Assessment.BaselineSource baselineSource, Period latestDue,
                                 java.time.Period dueAfter, Predicate<String> visibleUnits) {
        /** The same detail for this reader: the target and plan as loaded now, the units the caller may see. */
        ProgressDetail of(Target current, Plan currentPlan, Predicate<String> visible) {
            return new ProgressDetail(view.of(current), currentPlan, scope, series, usedPeriods, baselineSource, latestDue,
                    dueAfter, visible);
        }
    }

    /** PROVINCE rows of the (not retired) targets matching the filter, in catalog order. */
    @Transactional
    public List<ProgressView> list(TargetFilter filter, ProgressStatus status, LocalDate asOf) {
        List<Target> matching = targets.search(filter, 0, 0).items();
        List<String> codes = matching.stream().map(t -> t.code).toList();
        Map<String, Plan> planByCode = plans.listAll().stream().collect(Collectors.toMap(p -> p.code, Function.identity()));
        Instant now = Instant.now(clock);
        List<ProgressView> out = new ArrayList<>();
        if (asOf == null) {
            Map<String, ProgressRow> stored = rows.atScope(ProgressMethod.PROVINCE, codes).stream()
                    .collect(Collectors.toMap(r -> r.targetCode, Function.identity()));
            LocalDate today = LocalDate.ofInstant(now, ClockProducer.FUJIAN);
            for (Target t : matching) {
                ProgressRow r = stored.get(t.code);
                Plan plan = planByCode.get(t.content.planCode);
                out.add(r == null ? noData(t, plan, today, now) : stored(t, plan, r, today));
            }
        } else {
            PlaceTree tree = cache.registry().tree();
            Instant endOfDay = endOf(asOf);
            for (Target t : matching) {
                out.add(evaluated(t, planByCode.get(t.content.planCode), tree, ProgressMethod.PROVINCE, asOf, endOfDay).view());
            }
        }
        return status == null ? out : out.stream().filter(v -> v.status() == status).toList();
    }

    /** The assessment of one target at one scope, recomputed from the stored values (as of today when no date). */
    @Transactional
    public ProgressDetail detail(String code, String scope, LocalDate asOf, Caller caller) {
        // The target (with its data version) and the registry's stamp are read before any value: what the kept entry
        // is checked against is never newer than what a recompute would read.
        Target t = target(code);
        Plan plan = plans.findByCode(t.content.planCode).orElseThrow();
        ProgressCache.Registry registry = cache.registry();
        PlaceTree tree = registry.tree();
        ProgressMethod.Scope resolved = ProgressMethod.scope(tree, scope);
        ReadScope.require(caller, resolved, tree);
        Predicate<String> visible = ReadScope.unitsVisible(caller, tree);
        if (asOf != null) {
            return evaluated(t, plan, tree, scope, asOf, endOf(asOf)).of(t, plan, visible);
        }
        Instant now = Instant.now(clock);
        ProgressCache.Stamp stamp = ProgressCache.Stamp.of(t, plan, registry, LocalDate.ofInstant(now, ClockProducer.FUJIAN));
        ProgressDetail d = cache.get(t.code, resolved.key(), stamp).orElse(null);
        if (d == null) {
            d = evaluated(t, plan, tree, scope, stamp.day(), null);
            cache.put(t.code, resolved.key(), stamp, d);
        }
        return d.of(t, plan, visible);
    }

    Target target(String code) {
        return targets.findByCode(code)
                .orElseThrow(() -> ApiException.notFound("TARGET_NOT_FOUND", "No target with code " + code));
    }

    private ProgressDetail evaluated(Target t, Plan plan, PlaceTree tree, String rawScope, LocalDate asOf, Instant reportedBy) {
        List<ReportedValue> values = points.reported(t.code);
        RollUp rollUp = method.rollUp(t, tree, values, reportedBy);
        ProgressMethod.Scope scope = ProgressMethod.scope(tree, rawScope);
        Instant now = reportedBy != null ? reportedBy : Instant.now(clock);
        ProgressMethod.Evaluation e = method.evaluate(t, plan, tree, rollUp, values, scope, asOf, reportedBy, now);
        return detailOf(method, t, plan, scope, e, now, Instant.now(clock));
    }

    /**
     * The detail of an evaluation (every unit's values visible: a reader narrows it).
     *
     * @param now        the instant the stale rule was judged at
     * @param computedAt when the evaluation was made
     */
    static ProgressDetail detailOf(ProgressMethod method, Target t, Plan plan, ProgressMethod.Scope scope,
                                   ProgressMethod.Evaluation e, Instant now, Instant computedAt) {
        Assessment a = e.assessment();
        ProgressView v = new ProgressView(t, scope.key(), a.status(), a.actual(), a.gap(), a.percentOfTarget(), a.forecast(),
                a.progressRatio(), a.baseline(), e.method(), e.lastReportAt(), e.stale(), computedAt, e.asOf(), Latest.of(e));
        List<String> used = a.used().stream().map(o -> o.period()).toList();
        LocalDate judgedOn = LocalDate.ofInstant(now, ClockProducer.FUJIAN);
        return new ProgressDetail(v, plan, scope, e.series(), used, a.baselineSource(), method.latestDue(t, judgedOn),
                ProgressMethod.effectiveDueAfter(t), unit -> true);
    }

    private ProgressView stored(Target t, Plan plan, ProgressRow r, LocalDate today) {
        return new ProgressView(t, r.scope, r.status, r.actual, r.gap, r.percentOfTarget, r.forecast, r.progressRatio,
                r.baseline, r.method, r.lastReportAt, method.stale(t, plan, r.coveredThrough, today), r.computedAt,
                LocalDate.ofInstant(r.computedAt, ClockProducer.FUJIAN),
                new Latest(r.lastPeriod, r.coveredThrough, r.lastSource, r.placesCovered, r.placesTotal, r.flaggedPeriods));
    }

    private ProgressView noData(Target t, Plan plan, LocalDate today, Instant now) {
        return new ProgressView(t, ProgressMethod.PROVINCE, ProgressStatus.NO_DATA, null, null, null, null, null, null,
                "no value reported yet", null, method.stale(t, plan, null, today), now, today,
                new Latest(null, null, null, null, null, 0));
    }

    /** The last instant of the day in Fujian. */
    public static Instant endOf(LocalDate day) {
        return day.plusDays(1).atStartOfDay(ClockProducer.FUJIAN).toInstant().minusNanos(1);
    }
}
