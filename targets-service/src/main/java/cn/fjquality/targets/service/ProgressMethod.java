package cn.fjquality.targets.service;

import cn.fjquality.events.period.DueDates;
import cn.fjquality.events.period.Frequency;
import cn.fjquality.events.period.Period;
import cn.fjquality.targets.config.ProgressConfig;
import cn.fjquality.targets.domain.Aggregation;
import cn.fjquality.targets.domain.Plan;
import cn.fjquality.targets.domain.Target;
import cn.fjquality.targets.domain.TargetContent;
import cn.fjquality.targets.domain.progress.Assessment;
import cn.fjquality.targets.domain.progress.CoverageRule;
import cn.fjquality.targets.domain.progress.Figure;
import cn.fjquality.targets.domain.progress.PlaceTree;
import cn.fjquality.targets.domain.progress.ProgressCalculator;
import cn.fjquality.targets.domain.progress.ReportedValue;
import cn.fjquality.targets.domain.progress.RollUp;
import cn.fjquality.targets.domain.progress.RollUpRules;
import cn.fjquality.targets.domain.progress.TargetSpec;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * Puts the pure pieces together: the places' figures (RollUp), the assessment (ProgressCalculator), the due dates and
 * the stale rule, for one target at one scope.
 */
@ApplicationScoped
public class ProgressMethod {
    /** The scope every key may read and the scorecard shows: the province. */
    public static final String PROVINCE = "PROVINCE";

    private final ProgressConfig config;

    public ProgressMethod(ProgressConfig config) {
        this.config = config;
    }

    /**
     * One target at one scope, as of a date.
     *
     * @param series         the scope's figures used (periods started by the as-of date)
     * @param coveredThrough the last day the latest figure speaks for
     * @param latest         the latest figure (null without any)
     */
    public record Evaluation(Assessment assessment, List<Figure> series, String method, Instant lastReportAt,
                             LocalDate coveredThrough, boolean stale, LocalDate asOf, Figure latest) {
    }

    /** What a scope names: the province, a place (city or county), or a reporting unit's own values. */
    public record Scope(String key, String place, boolean ownValues) {
        public boolean isProvince() {
            return PROVINCE.equals(key);
        }
    }

    /**
     * PROVINCE (or the province's code or division code), a place's unit code or division code, or another unit's
     * code (its own values, at the place they describe).
     */
    public static Scope scope(PlaceTree tree, String raw) {
        PlaceTree.Unit byDivision = raw.matches("\\d{6}") ? tree.byDivision(raw) : null;
        String code = byDivision != null ? byDivision.code() : raw;
        if (PROVINCE.equals(code) || code.equals(tree.root())) {
            return new Scope(PROVINCE, tree.root(), false);
        }
        if (tree.isPlace(code)) {
            return new Scope(code, code, false);
        }
        return new Scope(code, tree.placeOf(code), true);
    }

    /** Every place's figures of the target from its values (the ones that count, reported by then). */
    public RollUp rollUp(Target t, PlaceTree tree, List<ReportedValue> values, Instant reportedBy) {
        return RollUp.of(tree, rules(t), values, new RollUp.Filter(config.approvedOnly(), reportedBy));
    }

    /**
     * @param values the target's values (for a reporting unit's own series)
     * @param now    the instant the stale rule is judged at
     */
    public Evaluation evaluate(Target t, Plan plan, PlaceTree tree, RollUp rollUp, List<ReportedValue> values, Scope scope,
                               LocalDate asOf, Instant reportedBy, Instant now) {
        List<Figure> all;
        String described;
        if (scope.ownValues()) {
            List<ReportedValue> own = values.stream().filter(v -> v.unitCode().equals(scope.key())
                    && Objects.equals(tree.placeOf(v.placeCode()), scope.place())).toList();
            RollUp mine = RollUp.of(tree, rollUp.rules().ownValuesOnly(), own, new RollUp.Filter(config.approvedOnly(), reportedBy));
            all = scope.place() == null ? List.of() : mine.series(scope.place());
            described = "values reported by " + scope.key() + " itself for " + scope.place();
        } else {
            all = scope.place() == null ? List.of() : rollUp.series(scope.place());
            described = (scope.isProvince() ? "the province" : scope.place())
                    + ": its own figure where reported (or derived from its finer periods), else the roll-up of the places below"
                    + (t.content.aggregation == Aggregation.LEAD_UNIT_ONLY ? " (none: LEAD_UNIT_ONLY)" : "");
        }
        List<Figure> series = all.stream().filter(f -> !f.start().isAfter(asOf)).toList();
        Assessment a = ProgressCalculator.assess(spec(t, plan), series.stream().map(Figure::observation).toList(), asOf);
        if (!scope.isProvince() && !scope.ownValues() && t.content.aggregation == Aggregation.SUM) {
            a = a.notApplicable("the target is a province total: " + scope.place() + "'s share is shown, not judged against it");
        }
        Figure latest = series.stream().max(java.util.Comparator.comparing(Figure::coveredThrough)).orElse(null);
        a = CoverageRule.apply(a, t.content.aggregation, t.content.comparator,
                t.content.lowerBound != null && t.content.lowerBound.signum() >= 0, latest, config.minRatioCoverage());
        LocalDate covered = latest == null ? null : latest.coveredThrough();
        Instant last = series.stream().map(Figure::lastReportAt).filter(Objects::nonNull).max(Instant::compareTo).orElse(null);
        String method = described + "; " + rollUp.notes() + "; " + a.method();
        LocalDate judgedOn = LocalDate.ofInstant(now, cn.fjquality.support.ClockProducer.FUJIAN);
        return new Evaluation(a, series, method, last, covered, stale(t, plan, covered, judgedOn), asOf, latest);
    }

    /** The latest period due by that day misses a figure (see {@link ProgressCalculator#isStale}). */
    public boolean stale(Target t, Plan plan, LocalDate coveredThrough, LocalDate today) {
        TargetContent c = t.content;
        return ProgressCalculator.isStale(frequency(t), dueAfter(t), plan.startYear, c.deadlineYear, coveredThrough, today);
    }

    /** The latest period whose report is due by that day (no later than the deadline year). */
    public Period latestDue(Target t, LocalDate today) {
        return ProgressCalculator.latestDueWithin(frequency(t), dueAfter(t), t.content.deadlineYear, today);
    }

    /** The target's own due offset, null for the frequency's default (an unparseable stored one too). */
    public static java.time.Period dueAfter(Target t) {
        try {
            return DueDates.parseAfter(t.content.reportDueAfter).orElse(null);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The offset in force: the target's own or its frequency's default. */
    public static java.time.Period effectiveDueAfter(Target t) {
        java.time.Period own = dueAfter(t);
        return own != null ? own : DueDates.defaultAfter(frequency(t));
    }

    public static Frequency frequency(Target t) {
        return Frequency.valueOf(t.content.reportingFrequency.name());
    }

    public RollUpRules rules(Target t) {
        TargetContent c = t.content;
        return new RollUpRules(c.aggregation, c.kind, c.unit, frequency(t), List.copyOf(c.leadUnits),
                List.copyOf(c.contributingUnits), c.departmentFigures, config.reconciliation().tolerance());
    }

    public static TargetSpec spec(Target t, Plan plan) {
        TargetContent c = t.content;
        return new TargetSpec(c.kind, c.comparator, c.targetValue.doubleValue(), c.direction, c.baselineYear,
                c.baselineValue == null ? null : c.baselineValue.doubleValue(), plan.startYear, c.deadlineYear, c.unit);
    }

    public boolean approvedOnly() {
        return config.approvedOnly();
    }

    public double tolerance() {
        return config.reconciliation().tolerance();
    }
}
