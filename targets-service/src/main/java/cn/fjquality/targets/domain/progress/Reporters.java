package cn.fjquality.targets.domain.progress;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The figure several units reported for one place and period (pure). By the target's {@code departmentFigures}:
 * LEAD_FIGURE takes the first reporter in precedence order (the target's lead units in order, the place's own unit,
 * the contributing units in order, then any other by code) and keeps the rest as other reports; SUM_OF_SHARES adds the
 * reporters' figures (SUM: Σ value; RATIO: Σnumerator/Σdenominator of the values carrying both; a rate without its
 * parts cannot be added and stays an other report).
 */
final class Reporters {
    private Reporters() {
    }

    /** The combined value at one place and period. */
    record Combined(double value, Double numerator, Double denominator, List<String> units, List<OtherReport> others,
                    String status, Instant lastReportAt) {
    }

    static Combined combine(String place, List<ReportedValue> values, RollUpRules rules) {
        if (values.isEmpty()) {
            return null;
        }
        List<ReportedValue> ordered = new ArrayList<>(values);
        ordered.sort(Comparator.comparingInt((ReportedValue v) -> rank(v.unitCode(), place, rules)).thenComparing(ReportedValue::unitCode));
        if (rules.sharesAddUp() && ordered.size() > 1) {
            Combined shares = shares(ordered, rules);
            if (shares != null) {
                return shares;
            }
        }
        ReportedValue first = ordered.get(0);
        return new Combined(first.value(), first.numerator(), first.denominator(), List.of(first.unitCode()),
                others(ordered.subList(1, ordered.size())), first.status(), first.reportedAt());
    }

    /** Lower ranks first: lead units in order, the place itself, contributing units in order, the rest. */
    static int rank(String unit, String place, RollUpRules rules) {
        int lead = rules.leadUnits().indexOf(unit);
        if (lead >= 0) {
            return lead;
        }
        int leads = rules.leadUnits().size();
        if (unit.equals(place)) {
            return leads;
        }
        int contributing = rules.contributingUnits().indexOf(unit);
        return contributing >= 0 ? leads + 1 + contributing : Integer.MAX_VALUE;
    }

    private static Combined shares(List<ReportedValue> ordered, RollUpRules rules) {
        List<ReportedValue> used = rules.temporal() == RollUpRules.Temporal.RATIO
                ? ordered.stream().filter(ReportedValue::hasRatioParts).toList() : ordered;
        if (used.isEmpty()) {
            return null;
        }
        List<ReportedValue> rest = ordered.stream().filter(v -> !used.contains(v)).toList();
        boolean parts = used.stream().allMatch(ReportedValue::hasRatioParts);
        Double num = parts ? used.stream().mapToDouble(ReportedValue::numerator).sum() : null;
        Double den = parts ? used.stream().mapToDouble(ReportedValue::denominator).sum() : null;
        double value;
        if (rules.temporal() == RollUpRules.Temporal.RATIO) {
            if (den == null || den <= 0) {
                return null;
            }
            value = num / den * rules.scale();
        } else {
            value = used.stream().mapToDouble(ReportedValue::value).sum();
        }
        return new Combined(value, num, den, used.stream().map(ReportedValue::unitCode).toList(), others(rest),
                status(used.stream().map(ReportedValue::status).toList()),
                used.stream().map(ReportedValue::reportedAt).filter(Objects::nonNull).max(Instant::compareTo).orElse(null));
    }

    private static List<OtherReport> others(List<ReportedValue> rest) {
        return rest.stream().map(v -> new OtherReport(v.unitCode(), v.value())).toList();
    }

    /** One status when they agree, else MIXED. */
    static String status(List<String> statuses) {
        Set<String> distinct = new LinkedHashSet<>(statuses);
        return distinct.size() == 1 ? distinct.iterator().next() : "MIXED";
    }
}
