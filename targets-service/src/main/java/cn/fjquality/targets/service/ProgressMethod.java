package cn.fjquality.targets.service;

import cn.fjquality.targets.config.ProgressConfig;
import cn.fjquality.targets.domain.Plan;
import cn.fjquality.targets.domain.Target;
import cn.fjquality.targets.domain.TargetContent;
import cn.fjquality.targets.domain.progress.Assessment;
import cn.fjquality.targets.domain.progress.ProgressCalculator;
import cn.fjquality.targets.domain.progress.ReportedValue;
import cn.fjquality.targets.domain.progress.ScopeSeries;
import cn.fjquality.targets.domain.progress.TargetSpec;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Puts the pure pieces together: the scope's series (ScopeSeries), the assessment (ProgressCalculator), the stale rule. */
@ApplicationScoped
public class ProgressMethod {
    private final ProgressConfig config;

    public ProgressMethod(ProgressConfig config) {
        this.config = config;
    }

    /** One target at one scope, as of a date. */
    public record Evaluation(Assessment assessment, ScopeSeries series, String method, Instant lastReportAt,
                             boolean stale, LocalDate asOf) {
    }

    /**
     * @param reportedBy only values reported by then count (null: all stored values)
     * @param now        the instant the stale rule is judged at
     */
    public Evaluation evaluate(Target t, Plan plan, String scope, List<ReportedValue> values, LocalDate asOf,
                               Instant reportedBy, Instant now) {
        return evaluate(t, plan, scope, values, asOf, reportedBy, now, 0);
    }

    /** @param notLoaded values of other units that count but were not loaded (see {@link #scopeUnits}) */
    public Evaluation evaluate(Target t, Plan plan, String scope, List<ReportedValue> values, LocalDate asOf,
                               Instant reportedBy, Instant now, long notLoaded) {
        ScopeSeries series = ScopeSeries.of(scope, rules(t), values, reportedBy, notLoaded);
        Assessment a = ProgressCalculator.assess(spec(t, plan), series.observations(), asOf);
        // Only values of periods that had started by the as-of date count for the last report too.
        Instant last = values.stream()
                .filter(v -> series.periods().stream().anyMatch(p -> p.period().equals(v.period()) && p.units().contains(v.unitCode())))
                .filter(v -> !v.start().isAfter(asOf))
                .map(ReportedValue::reportedAt).filter(java.util.Objects::nonNull)
                .max(Instant::compareTo).orElse(null);
        String method = series.method() + "; " + a.method();
        return new Evaluation(a, series, method, last, stale(t, last, now), asOf);
    }

    /** The units whose values the scope's series reads: the lead and contributing units for PROVINCE, else the unit. */
    public static Set<String> scopeUnits(Target t, String scope) {
        if (!ScopeSeries.PROVINCE.equals(scope)) {
            return Set.of(scope);
        }
        Set<String> units = new LinkedHashSet<>(t.content.leadUnits);
        units.addAll(t.content.contributingUnits);
        return units;
    }

    /** Whether a value counts at all (not RETURNED; only APPROVED with progress.approved-only). */
    public boolean counts(String status) {
        return !ScopeSeries.RETURNED.equals(status) && (!config.approvedOnly() || ScopeSeries.APPROVED.equals(status));
    }

    /**
     * Values that count but are not among the loaded ones, from the target's maintained totals
     * ({@code progress_value_count}: {counting, approved}) minus the loaded values that count.
     */
    public long notLoaded(long[] totals, List<ReportedValue> loaded) {
        long total = config.approvedOnly() ? totals[1] : totals[0];
        long given = loaded.stream().filter(v -> counts(v.status())).count();
        return Math.max(0, total - given);
    }

    public boolean stale(Target t, Instant lastReportAt, Instant now) {
        return ProgressCalculator.isStale(t.content.reportingFrequency, lastReportAt, now, grace(t));
    }

    public Duration grace(Target t) {
        return config.staleGrace().of(t.content.reportingFrequency);
    }

    public ScopeSeries.Rules rules(Target t) {
        TargetContent c = t.content;
        return new ScopeSeries.Rules(c.aggregation, c.unit, List.copyOf(c.leadUnits), List.copyOf(c.contributingUnits),
                config.approvedOnly());
    }

    public static TargetSpec spec(Target t, Plan plan) {
        TargetContent c = t.content;
        return new TargetSpec(c.kind, c.comparator, c.targetValue.doubleValue(), c.direction, c.baselineYear,
                c.baselineValue == null ? null : c.baselineValue.doubleValue(), plan.startYear, c.deadlineYear, c.unit);
    }
}
