package cn.fjquality.targets.domain.progress;

import cn.fjquality.events.period.Frequency;
import cn.fjquality.events.period.Period;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every place's figure for every period of one target, from the values reported for it (pure; one instance per
 * target and read, figures computed once and kept).
 * <p>
 * A place's figure for a period (at the target's reporting frequency) is, in this order:
 * <ol>
 *   <li>REPORTED: what its reporters gave for that place and period ({@link Reporters});</li>
 *   <li>DERIVED: from its own values for finer periods (a year from its halves, quarters or months, recursively):
 *       flows add up, ratios take Σnumerator/Σdenominator, levels the latest part;</li>
 *   <li>ROLLED_UP: from the figures of the places below it (counties → city → province), each again reported,
 *       derived or rolled up: SUM Σ, RATIO Σnumerator/Σdenominator of the figures that carry both (never a mean
 *       of rates), LEAD_UNIT_ONLY none.</li>
 * </ol>
 * Never two of them: a figure of its own takes precedence, and the roll-up (or the finer periods) beside it becomes a
 * {@link Check}.
 */
public final class RollUp {
    private final PlaceTree tree;
    private final RollUpRules rules;
    /** place → period id → the values reported for it. */
    private final Map<String, Map<String, List<ReportedValue>>> values = new HashMap<>();
    /** place → the finer periods it has values for (to skip deriving where there is nothing). */
    private final Map<String, List<Period>> finerPeriods = new HashMap<>();
    private final TreeSet<Period> periods = new TreeSet<>();
    private final Map<String, Figure> figures = new HashMap<>();
    private final Map<String, Figure> own = new HashMap<>();
    private final String notes;

    /** Which values count. */
    public record Filter(boolean approvedOnly, Instant reportedBy) {
        public static final Filter ALL = new Filter(false, null);

        boolean counts(ReportedValue v) {
            return !"RETURNED".equals(v.status()) && (!approvedOnly || "APPROVED".equals(v.status()))
                    && (reportedBy == null || v.reportedAt() == null || !v.reportedAt().isAfter(reportedBy));
        }
    }

    private RollUp(PlaceTree tree, RollUpRules rules, List<ReportedValue> all, Filter filter) {
        this.tree = tree;
        this.rules = rules;
        int unplaced = 0;
        int coarser = 0;
        for (ReportedValue v : all) {
            if (!filter.counts(v)) {
                continue;
            }
            Period p = Period.parse(v.period()).orElse(null);
            String place = tree.placeOf(v.placeCode());
            if (place == null) {
                unplaced++;
                continue;
            }
            if (p == null || p.frequency().isCoarserThan(rules.frequency())) {
                coarser++;
                continue;
            }
            values.computeIfAbsent(place, k -> new HashMap<>()).computeIfAbsent(p.id(), k -> new ArrayList<>()).add(v);
            if (p.frequency() != rules.frequency()) {
                finerPeriods.computeIfAbsent(place, k -> new ArrayList<>()).add(p);
            }
            periods.add(p.within(rules.frequency()));
        }
        List<String> n = new ArrayList<>();
        n.add("RETURNED values left out" + (filter.approvedOnly() ? "; only APPROVED values count" : ""));
        if (unplaced > 0) {
            n.add(unplaced + " value(s) of units or places not in the registry left out");
        }
        if (coarser > 0) {
            n.add(coarser + " value(s) of periods coarser than " + rules.frequency() + " left out");
        }
        this.notes = String.join("; ", n);
    }

    public static RollUp of(PlaceTree tree, RollUpRules rules, List<ReportedValue> values, Filter filter) {
        return new RollUp(tree, rules, values, filter);
    }

    /** What was left out, in words. */
    public String notes() {
        return notes;
    }

    public RollUpRules rules() {
        return rules;
    }

    /** The place's figure for every period (at the target's frequency) that has one, in order. */
    public List<Figure> series(String place) {
        List<Figure> out = new ArrayList<>();
        for (Period p : periods) {
            Figure f = figure(place, p);
            if (f != null) {
                out.add(f);
            }
        }
        return out;
    }

    /** The place's figure for the period: its own (reported or derived), else the roll-up of the places below. */
    public Figure figure(String place, Period period) {
        String key = place + '|' + period.id();
        if (figures.containsKey(key)) {
            return figures.get(key);
        }
        Figure mine = own(place, period);
        Figure rolled = rules.rollsUp() ? rollUp(place, period) : null;
        Figure f;
        if (mine != null) {
            f = rolled == null ? mine : mine.withCheck(Reconciliation.places(mine.value(), rolled, rules.aggregation(), rules.tolerance()));
        } else {
            f = rolled;
        }
        figures.put(key, f);
        return f;
    }

    /** Reported for the place and period, else derived from the place's finer periods; null when neither. */
    private Figure own(String place, Period period) {
        String key = place + '|' + period.id();
        if (own.containsKey(key)) {
            return own.get(key);
        }
        Figure derived = hasFinerValues(place, period) ? derived(place, period) : null;
        Reporters.Combined c = Reporters.combine(place, values.getOrDefault(place, Map.of()).getOrDefault(period.id(), List.of()), rules);
        Figure f;
        if (c != null) {
            f = new Figure(place, period.id(), period.start(), period.end(), period.end(), c.value(), c.numerator(),
                    c.denominator(), FigureSource.REPORTED, c.units(), List.of(), null, null, List.of(), c.others(),
                    c.status(), c.lastReportAt());
            if (derived != null) {
                f = f.withCheck(Reconciliation.periods(c.value(), derived, rules.temporal(), rules.tolerance()));
            }
        } else {
            f = derived;
        }
        own.put(key, f);
        return f;
    }

    private boolean hasFinerValues(String place, Period period) {
        // A loop, not a stream: asked for every place and period of a target (50,000 times on the benchmark's).
        for (Period p : finerPeriods.getOrDefault(place, List.of())) {
            if (period.frequency().isCoarserThan(p.frequency()) && p.isWithin(period)) {
                return true;
            }
        }
        return false;
    }

    /** From the place's own figures of the next finer periods (each reported or derived in turn). */
    private Figure derived(String place, Period period) {
        Frequency finer = period.frequency().finer();
        if (finer == null) {
            return null;
        }
        List<Figure> parts = new ArrayList<>();
        for (Period part : period.parts(finer)) {
            Figure f = own(place, part);
            if (f != null) {
                parts.add(f);
            }
        }
        if (parts.isEmpty()) {
            return null;
        }
        List<Figure> used = switch (rules.temporal()) {
            case RATIO -> parts.stream().filter(Figure::hasRatioParts).toList();
            case FLOW -> parts;
            case STOCK -> List.of(parts.stream().max(Comparator.comparing(Figure::coveredThrough)).orElseThrow());
        };
        if (used.isEmpty()) {
            return null;
        }
        Combination c = combine(used);
        if (c == null) {
            return null;
        }
        LocalDate through = used.stream().map(Figure::coveredThrough).max(LocalDate::compareTo).orElseThrow();
        // A level speaks for the period up to its date; amounts and ratios for the months their parts cover.
        int months = rules.temporal() == RollUpRules.Temporal.STOCK ? Figure.monthsBetween(period.start(), through)
                : used.stream().mapToInt(Figure::monthsCovered).sum();
        Set<String> units = new LinkedHashSet<>();
        used.forEach(f -> units.addAll(f.reportedBy()));
        return new Figure(place, period.id(), period.start(), period.end(), through, c.value, c.numerator, c.denominator,
                FigureSource.DERIVED, List.copyOf(units), List.of(), null, new Coverage(months, period.frequency().months()),
                List.of(), List.of(), status(used), lastReportAt(used));
    }

    /** From the figures of the active places below; null when none has one (or none that can be combined). */
    private Figure rollUp(String place, Period period) {
        List<String> children = tree.children(place, period.start(), period.end());
        if (children.isEmpty()) {
            return null;
        }
        List<Figure> figs = new ArrayList<>();
        for (String child : children) {
            Figure f = figure(child, period);
            if (f != null) {
                figs.add(f);
            }
        }
        List<Figure> used = rules.temporal() == RollUpRules.Temporal.RATIO ? figs.stream().filter(Figure::hasRatioParts).toList() : figs;
        if (used.isEmpty()) {
            return null;
        }
        Combination c = combine(used);
        if (c == null) {
            return null;
        }
        // The sum speaks for the days every part speaks for.
        LocalDate through = used.stream().map(Figure::coveredThrough).min(LocalDate::compareTo).orElseThrow();
        return new Figure(place, period.id(), period.start(), period.end(), through, c.value, c.numerator, c.denominator,
                FigureSource.ROLLED_UP, List.of(), used.stream().map(Figure::place).toList(),
                new Coverage(used.size(), children.size()), null, List.of(), List.of(), status(used), lastReportAt(used));
    }

    private record Combination(double value, Double numerator, Double denominator) {
    }

    /** Σ value, or Σnumerator/Σdenominator for a RATIO target (null when the denominators sum to nothing). */
    private Combination combine(List<Figure> used) {
        boolean parts = used.stream().allMatch(Figure::hasRatioParts);
        Double num = parts ? used.stream().mapToDouble(Figure::numerator).sum() : null;
        Double den = parts ? used.stream().mapToDouble(Figure::denominator).sum() : null;
        if (rules.temporal() == RollUpRules.Temporal.RATIO) {
            return den == null || den <= 0 ? null : new Combination(num / den * rules.scale(), num, den);
        }
        if (used.size() == 1) {
            Figure only = used.get(0);
            return new Combination(only.value(), only.numerator(), only.denominator());
        }
        return new Combination(used.stream().mapToDouble(Figure::value).sum(), num, den);
    }

    private static String status(List<Figure> used) {
        return Reporters.status(used.stream().map(Figure::status).toList());
    }

    private static Instant lastReportAt(List<Figure> used) {
        return used.stream().map(Figure::lastReportAt).filter(Objects::nonNull).max(Instant::compareTo).orElse(null);
    }
}
