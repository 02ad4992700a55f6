package cn.fjquality.targets.service;

import cn.fjquality.events.period.Frequency;
import cn.fjquality.events.period.Period;
import cn.fjquality.targets.domain.Aggregation;
import cn.fjquality.targets.domain.DataPointRepository;
import cn.fjquality.targets.domain.Direction;
import cn.fjquality.targets.domain.Plan;
import cn.fjquality.targets.domain.PlanRepository;
import cn.fjquality.targets.domain.Target;
import cn.fjquality.targets.domain.TargetRepository;
import cn.fjquality.targets.domain.TargetFilter;
import cn.fjquality.targets.domain.progress.Figure;
import cn.fjquality.targets.domain.progress.PlaceTree;
import cn.fjquality.targets.domain.progress.ProgressStatus;
import cn.fjquality.targets.domain.progress.ReportedValue;
import cn.fjquality.targets.domain.progress.RollUp;
import cn.fjquality.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The analysts' second question: for one period, every city's figure (reported, derived or rolled up, with coverage),
 * its status and its rank, beside the province's. Cities are the places directly below the province (the nine
 * prefecture-level cities and Pingtan), in division-code order.
 */
@ApplicationScoped
public class CityComparison {
    private final TargetRepository targets;
    private final PlanRepository plans;
    private final DataPointRepository points;
    private final ProgressCache cache;
    private final ProgressMethod method;
    private final ProgressQueries queries;
    private final java.time.Clock clock;

    public CityComparison(TargetRepository targets, PlanRepository plans, DataPointRepository points, ProgressCache cache,
                          ProgressMethod method, ProgressQueries queries, java.time.Clock clock) {
        this.clock = clock;
        this.targets = targets;
        this.plans = plans;
        this.points = points;
        this.cache = cache;
        this.method = method;
        this.queries = queries;
    }

    /**
     * One city's line.
     *
     * @param figure           null when the city has no figure for the period
     * @param status           the city's assessment with its figures up to the period; NOT_APPLICABLE for a province
     *                         total (SUM); NO_DATA without figures
     * @param rank             1 = best in the target's direction among the cities with a figure (ties share a rank)
     * @param shareOfProvince  SUM targets: the city's figure / the province's
     */
    public record CityLine(PlaceTree.Unit city, Figure figure, ProgressStatus status, Integer rank, Double shareOfProvince) {
    }

    /**
     * One target's comparison; {@code period} null when no city and not the province has a figure yet.
     *
     * @param visibleUnits whose individually reported values the caller may see ({@link ReadScope})
     */
    public record TargetCities(Target target, Plan plan, Period period, Figure province, List<CityLine> cities,
                               Predicate<String> visibleUnits) {
    }

    @Transactional
    public TargetCities forTarget(String code, Period asked, Instant reportedBy, Caller caller) {
        Target t = queries.target(code);
        PlaceTree tree = cache.registry().tree();
        return compare(t, plans.findByCode(t.content.planCode).orElseThrow(), tree, asked, reportedBy,
                ReadScope.unitsVisible(caller, tree));
    }

    /** Every target (not retired) the filter matches, in catalog order. */
    @Transactional
    public List<TargetCities> forTargets(TargetFilter filter, Period asked, Instant reportedBy, Caller caller) {
        Map<String, Plan> planByCode = plans.listAll().stream().collect(Collectors.toMap(p -> p.code, Function.identity()));
        PlaceTree tree = cache.registry().tree();
        Predicate<String> visible = ReadScope.unitsVisible(caller, tree);
        List<TargetCities> out = new ArrayList<>();
        for (Target t : targets.search(filter, 0, 0).items()) {
            out.add(compare(t, planByCode.get(t.content.planCode), tree, asked, reportedBy, visible));
        }
        return out;
    }

    private TargetCities compare(Target t, Plan plan, PlaceTree tree, Period asked, Instant reportedBy, Predicate<String> visible) {
        List<ReportedValue> values = points.reported(t.code);
        RollUp rollUp = method.rollUp(t, tree, values, reportedBy);
        String root = tree.root();
        List<String> cities = tree.children(root, java.time.LocalDate.MIN, java.time.LocalDate.MAX);
        Period period = period(t, rollUp, root, cities, asked);
        if (period == null) {
            List<CityLine> empty = cities.stream().map(c -> new CityLine(tree.unit(c), null, ProgressStatus.NO_DATA, null, null)).toList();
            return new TargetCities(t, plan, null, null, empty, visible);
        }
        Figure province = rollUp.figure(root, period);
        List<CityLine> lines = new ArrayList<>();
        for (String city : tree.children(root, period.start(), period.end())) {
            Figure f = rollUp.figure(city, period);
            ProgressMethod.Evaluation e = method.evaluate(t, plan, tree, rollUp, values, ProgressMethod.scope(tree, city),
                    period.end(), reportedBy, reportedBy != null ? reportedBy : Instant.now(clock));
            Double share = t.content.aggregation == Aggregation.SUM && f != null && province != null && province.value() != 0
                    ? f.value() / province.value() : null;
            lines.add(new CityLine(tree.unit(city), f, f == null ? ProgressStatus.NO_DATA : e.assessment().status(), null, share));
        }
        return new TargetCities(t, plan, period, province, ranked(lines, t.content.direction), visible);
    }

    /**
     * The period compared: the one asked for at the target's frequency (a finer one: the period holding it; a coarser
     * one: its last period at the target's frequency with a city figure); without one, the latest period any city has
     * a figure for, else the province's latest.
     */
    static Period period(Target t, RollUp rollUp, String root, List<String> cities, Period asked) {
        Frequency f = ProgressMethod.frequency(t);
        if (asked != null && !asked.frequency().isCoarserThan(f)) {
            return asked.within(f); // at the target's frequency, or a finer period: the one holding it
        }
        List<Period> candidates = new ArrayList<>();
        for (String city : cities) {
            rollUp.series(city).forEach(x -> candidates.add(Period.of(x.period())));
        }
        if (candidates.isEmpty()) {
            rollUp.series(root).forEach(x -> candidates.add(Period.of(x.period())));
        }
        return candidates.stream()
                .filter(p -> asked == null || p.isWithin(asked))
                .max(Comparator.naturalOrder())
                .orElse(asked == null ? null : asked.parts(f).get(asked.parts(f).size() - 1));
    }

    /** Competition ranking ("1224") of the cities with a figure, best first in the target's direction. */
    static List<CityLine> ranked(List<CityLine> lines, Direction direction) {
        List<CityLine> withFigure = lines.stream().filter(l -> l.figure() != null)
                .sorted(Comparator.comparingDouble((CityLine l) -> direction == Direction.DECREASE ? l.figure().value() : -l.figure().value()))
                .toList();
        Map<String, Integer> rank = new java.util.HashMap<>();
        for (int i = 0; i < withFigure.size(); i++) {
            CityLine l = withFigure.get(i);
            boolean tie = i > 0 && Double.compare(withFigure.get(i - 1).figure().value(), l.figure().value()) == 0;
            rank.put(l.city().code(), tie ? rank.get(withFigure.get(i - 1).city().code()) : i + 1);
        }
        return lines.stream().map(l -> new CityLine(l.city(), l.figure(), l.status(), rank.get(l.city().code()), l.shareOfProvince()))
                .toList();
    }
}
