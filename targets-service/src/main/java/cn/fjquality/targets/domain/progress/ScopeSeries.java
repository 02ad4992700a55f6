package cn.fjquality.targets.domain.progress;

import cn.fjquality.targets.domain.Aggregation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The values of one target at one scope, one per period (pure). A unit scope is that unit's own values.
 * The province combines, per period, the values of the target's lead and contributing units only (a city's
 * counties report their share to their own scope; counting them too would count it twice):
 * SUM → Σ value; RATIO → Σ numerator / Σ denominator (× 100 for a % unit) when every value carries both,
 * else the mean of the values; LEAD_UNIT_ONLY → the value of the first lead unit (in the target's order)
 * that reported for the period. RETURNED values never count; with {@code approvedOnly} only APPROVED ones.
 */
public record ScopeSeries(List<PeriodValue> periods, String method, Instant lastReportAt) {
    public static final String PROVINCE = "PROVINCE";
    public static final String APPROVED = "APPROVED";
    public static final String RETURNED = "RETURNED";
    public static final String MIXED = "MIXED";

    public List<Observation> observations() {
        return periods.stream().map(PeriodValue::observation).toList();
    }

    /** What the series needs to know of the target. */
    public record Rules(Aggregation aggregation, String unit, List<String> leadUnits, List<String> contributingUnits,
                        boolean approvedOnly) {
    }

    /**
     * @param reportedBy when not null, only values reported at or before it count (the as-of view)
     */
    public static ScopeSeries of(String scope, Rules rules, List<ReportedValue> all, Instant reportedBy) {
        return of(scope, rules, all, reportedBy, 0);
    }

    /**
     * @param notGiven values of other units that count (after the same filters) but were not passed in: the caller
     *                 loaded only the province's units; they only appear in the method text as "left out"
     */
    public static ScopeSeries of(String scope, Rules rules, List<ReportedValue> all, Instant reportedBy, long notGiven) {
        List<ReportedValue> values = all.stream()
                .filter(v -> !RETURNED.equals(v.status()))
                .filter(v -> !rules.approvedOnly() || APPROVED.equals(v.status()))
                .filter(v -> reportedBy == null || v.reportedAt() == null || !v.reportedAt().isAfter(reportedBy))
                .toList();
        String filters = "RETURNED values left out" + (rules.approvedOnly() ? "; only APPROVED values count" : "");
        if (!PROVINCE.equals(scope)) {
            List<PeriodValue> periods = values.stream().filter(v -> scope.equals(v.unitCode()))
                    .sorted(byPeriod())
                    .map(v -> new PeriodValue(v.period(), v.start(), v.end(), v.value(), v.numerator(), v.denominator(),
                            List.of(v.unitCode()), v.status()))
                    .toList();
            Instant last = values.stream().filter(v -> scope.equals(v.unitCode())).map(ReportedValue::reportedAt)
                    .filter(Objects::nonNull).max(Instant::compareTo).orElse(null);
            return new ScopeSeries(periods, "values reported by " + scope + " itself; " + filters, last);
        }
        Set<String> counted = new LinkedHashSet<>(rules.leadUnits());
        counted.addAll(rules.contributingUnits());
        long leftOut = values.stream().filter(v -> !counted.contains(v.unitCode())).count() + notGiven;
        Map<String, List<ReportedValue>> byPeriod = new TreeMap<>();
        values.stream().filter(v -> counted.contains(v.unitCode())).sorted(byPeriod())
                .forEach(v -> byPeriod.computeIfAbsent(v.period(), p -> new ArrayList<>()).add(v));
        List<PeriodValue> periods = new ArrayList<>();
        List<String> meanPeriods = new ArrayList<>();
        Instant last = null;
        for (List<ReportedValue> group : byPeriod.values()) {
            PeriodValue pv = switch (rules.aggregation()) {
                case SUM -> sum(group);
                case RATIO -> ratio(group, rules.unit(), meanPeriods);
                case LEAD_UNIT_ONLY -> leadOnly(group, rules.leadUnits());
            };
            if (pv == null) {
                continue;
            }
            periods.add(pv);
            for (ReportedValue v : group) {
                if (pv.units().contains(v.unitCode()) && v.reportedAt() != null && (last == null || v.reportedAt().isAfter(last))) {
                    last = v.reportedAt();
                }
            }
        }
        periods.sort(Comparator.comparing(PeriodValue::end).thenComparing(PeriodValue::start));
        String method = switch (rules.aggregation()) {
            case SUM -> "province = sum of the lead and contributing units' values per period";
            case RATIO -> "province = Σnumerator / Σdenominator" + (scale(rules.unit()) == 100 ? " × 100" : "")
                    + " of the lead and contributing units per period"
                    + (meanPeriods.isEmpty() ? "" : "; mean of the units' values for " + String.join(", ", meanPeriods)
                    + " (not every value carries numerator and denominator)");
            case LEAD_UNIT_ONLY -> "province = the value of the first lead unit (" + String.join(", ", rules.leadUnits())
                    + ") that reported for the period";
        };
        if (leftOut > 0) {
            method += "; " + leftOut + " value(s) of units that are neither lead nor contributing units left out";
        }
        return new ScopeSeries(List.copyOf(periods), method + "; " + filters, last);
    }

    private static Comparator<ReportedValue> byPeriod() {
        return Comparator.comparing(ReportedValue::end).thenComparing(ReportedValue::start).thenComparing(ReportedValue::unitCode);
    }

    private static PeriodValue sum(List<ReportedValue> group) {
        double total = group.stream().mapToDouble(ReportedValue::value).sum();
        boolean parts = group.stream().allMatch(ReportedValue::hasRatioParts);
        return combined(group, total, parts ? group.stream().mapToDouble(ReportedValue::numerator).sum() : null,
                parts ? group.stream().mapToDouble(ReportedValue::denominator).sum() : null);
    }

    private static PeriodValue ratio(List<ReportedValue> group, String unit, List<String> meanPeriods) {
        boolean parts = group.stream().allMatch(ReportedValue::hasRatioParts);
        if (parts) {
            double num = group.stream().mapToDouble(ReportedValue::numerator).sum();
            double den = group.stream().mapToDouble(ReportedValue::denominator).sum();
            if (den > 0) {
                return combined(group, num / den * scale(unit), num, den);
            }
        }
        meanPeriods.add(group.get(0).period());
        return combined(group, group.stream().mapToDouble(ReportedValue::value).average().orElseThrow(), null, null);
    }

    private static PeriodValue leadOnly(List<ReportedValue> group, List<String> leadUnits) {
        for (String lead : leadUnits) {
            for (ReportedValue v : group) {
                if (lead.equals(v.unitCode())) {
                    return combined(List.of(v), v.value(), v.numerator(), v.denominator());
                }
            }
        }
        return null;
    }

    private static PeriodValue combined(List<ReportedValue> group, double value, Double num, Double den) {
        ReportedValue first = group.get(0);
        Set<String> statuses = new LinkedHashSet<>();
        group.forEach(v -> statuses.add(v.status()));
        String status = statuses.size() == 1 ? statuses.iterator().next() : MIXED;
        return new PeriodValue(first.period(), first.start(), first.end(), value, num, den,
                group.stream().map(ReportedValue::unitCode).toList(), status);
    }

    static double scale(String unit) {
        return "%".equals(unit) ? 100.0 : 1.0;
    }
}
