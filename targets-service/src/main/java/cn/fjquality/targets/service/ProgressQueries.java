package cn.fjquality.targets.service;

import cn.fjquality.problem.ApiException;
import cn.fjquality.targets.config.ClockProducer;
import cn.fjquality.targets.config.ProgressConfig;
import cn.fjquality.targets.domain.DataPointRepository;
import cn.fjquality.targets.domain.Plan;
import cn.fjquality.targets.domain.PlanRepository;
import cn.fjquality.targets.domain.ProgressRepository;
import cn.fjquality.targets.domain.ProgressRow;
import cn.fjquality.targets.domain.Target;
import cn.fjquality.targets.domain.TargetRepository;
import cn.fjquality.targets.domain.TargetRepository.TargetFilter;
import cn.fjquality.targets.domain.progress.Assessment;
import cn.fjquality.targets.domain.progress.ProgressStatus;
import cn.fjquality.targets.domain.progress.ReportedValue;
import cn.fjquality.targets.domain.progress.ScopeSeries;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The read side of the progress projection: stored rows, NO_DATA for targets without any, or recomputed as of a date. */
@ApplicationScoped
public class ProgressQueries {
    private final TargetRepository targets;
    private final PlanRepository plans;
    private final ProgressRepository rows;
    private final DataPointRepository points;
    private final ProgressMethod method;
    private final ProgressConfig config;
    private final Clock clock;

    public ProgressQueries(TargetRepository targets, PlanRepository plans, ProgressRepository rows, DataPointRepository points,
                           ProgressMethod method, ProgressConfig config, Clock clock) {
        this.config = config;
        this.targets = targets;
        this.plans = plans;
        this.rows = rows;
        this.points = points;
        this.method = method;
        this.clock = clock;
    }

    /** One target's assessment at one scope (stale judged now, or at the end of the as-of day). */
    public record ProgressView(Target target, String scope, ProgressStatus status, Double actual, Double gap,
                               Double percentOfTarget, Double forecast, Double progressRatio, Double baseline,
                               String method, Instant lastReportAt, boolean stale, Instant computedAt, LocalDate asOf) {
    }

    /** The detail: the view plus the series and what it was judged with. */
    public record ProgressDetail(ProgressView view, Plan plan, ScopeSeries series, List<String> usedPeriods, Duration staleGrace) {
    }

    /** PROVINCE rows of the (not retired) targets matching the filter, in catalog order. */
    @Transactional
    public List<ProgressView> list(TargetFilter filter, ProgressStatus status, LocalDate asOf) {
        List<Target> matching = targets.search(filter, 0, 0).items();
        List<String> codes = matching.stream().map(t -> t.code).toList();
        Instant now = Instant.now(clock);
        List<ProgressView> out = new ArrayList<>();
        if (asOf == null) {
            Map<String, ProgressRow> stored = rows.atScope(ScopeSeries.PROVINCE, codes).stream()
                    .collect(Collectors.toMap(r -> r.targetCode, Function.identity()));
            for (Target t : matching) {
                ProgressRow r = stored.get(t.code);
                out.add(r == null ? noData(t, ScopeSeries.PROVINCE, now, null) : stored(t, r, now));
            }
        } else {
            Map<String, Plan> planByCode = plans.listAll().stream().collect(Collectors.toMap(p -> p.code, Function.identity()));
            Instant endOfDay = endOf(asOf);
            for (Target t : matching) {
                out.add(scoped(t, planByCode.get(t.content.planCode), ScopeSeries.PROVINCE, asOf, endOfDay).view());
            }
        }
        return status == null ? out : out.stream().filter(v -> v.status() == status).toList();
    }

    /** The assessment of one target at one scope, recomputed from the stored values (as of today when no date). */
    @Transactional
    public ProgressDetail detail(String code, String scope, LocalDate asOf) {
        Target t = targets.findByCode(code)
                .orElseThrow(() -> ApiException.notFound("TARGET_NOT_FOUND", "No target with code " + code));
        Plan plan = plans.findByCode(t.content.planCode).orElseThrow();
        return asOf == null ? scoped(t, plan, scope, LocalDate.now(clock), null) : scoped(t, plan, scope, asOf, endOf(asOf));
    }

    /**
     * Reads only the values of the scope's units (PROVINCE: lead and contributing units); the other units' values
     * that count appear only as a number in the method text, taken from the maintained totals (or counted, as of a date).
     */
    private ProgressDetail scoped(Target t, Plan plan, String scope, LocalDate asOf, Instant reportedBy) {
        java.util.Set<String> units = ProgressMethod.scopeUnits(t, scope);
        List<ReportedValue> values = points.reported(t.code, units);
        long notLoaded = 0;
        if (ScopeSeries.PROVINCE.equals(scope)) {
            notLoaded = reportedBy == null ? method.notLoaded(points.valueCounts(t.code), values)
                    : points.countOthers(t.code, units, config.approvedOnly(), reportedBy);
        }
        return evaluated(t, plan, scope, values, notLoaded, asOf, reportedBy);
    }

    private ProgressDetail evaluated(Target t, Plan plan, String scope, List<ReportedValue> values, long notLoaded, LocalDate asOf,
                                     Instant reportedBy) {
        Instant now = reportedBy != null ? reportedBy : Instant.now(clock);
        ProgressMethod.Evaluation e = method.evaluate(t, plan, scope, values, asOf, reportedBy, now, notLoaded);
        Assessment a = e.assessment();
        ProgressView v = new ProgressView(t, scope, a.status(), a.actual(), a.gap(), a.percentOfTarget(), a.forecast(),
                a.progressRatio(), a.baseline(), e.method(), e.lastReportAt(), e.stale(), Instant.now(clock), asOf);
        List<String> used = a.used().stream().map(o -> o.period()).toList();
        return new ProgressDetail(v, plan, e.series(), used, method.grace(t));
    }

    private ProgressView stored(Target t, ProgressRow r, Instant now) {
        return new ProgressView(t, r.scope, r.status, r.actual, r.gap, r.percentOfTarget, r.forecast, r.progressRatio,
                r.baseline, r.method, r.lastReportAt, method.stale(t, r.lastReportAt, now), r.computedAt,
                LocalDate.ofInstant(r.computedAt, ClockProducer.FUJIAN));
    }

    private ProgressView noData(Target t, String scope, Instant now, LocalDate asOf) {
        return new ProgressView(t, scope, ProgressStatus.NO_DATA, null, null, null, null, null, null, "no value reported yet",
                null, method.stale(t, null, now), now, asOf == null ? LocalDate.ofInstant(now, ClockProducer.FUJIAN) : asOf);
    }

    /** The last instant of the day in Fujian. */
    static Instant endOf(LocalDate day) {
        return day.plusDays(1).atStartOfDay(ClockProducer.FUJIAN).toInstant().minusNanos(1);
    }
}
