package cn.fjquality.targets.domain.progress;

import cn.fjquality.targets.domain.Comparator;
import cn.fjquality.targets.domain.Direction;
import cn.fjquality.events.period.DueDates;
import cn.fjquality.events.period.Frequency;
import cn.fjquality.events.period.Period;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The progress method (pure): actual, forecast and status of one target at one scope.
 * <p>
 * Status: ACHIEVED when the actual already satisfies the comparator; otherwise by the forecast ratio
 * P = (forecast − baseline) / (target − baseline): ON_TRACK (P ≥ 0.95), NEEDS_ACCELERATION
 * (0.6 ≤ P < 0.95), OFF_TRACK (0 ≤ P < 0.6), DETERIORATING (P < 0); NO_DATA without observations.
 * The thresholds follow the SDG progress assessments of Statistics Canada and Eurostat.
 * Forecast: cumulative kinds extend the pace so far linearly to the deadline; levels (and the level behind a relative
 * change) fit a least-squares line through the base year's level and the last yearly points (up to five in all, see
 * {@link #trend}) and read it at the deadline.
 */
public final class ProgressCalculator {
    public static final double ON_TRACK_FROM = 0.95;
    public static final double NEEDS_ACCELERATION_FROM = 0.6;
    static final int TREND_YEARS = 5;
    private static final double EPSILON = 1e-9;

    private ProgressCalculator() {
    }

    /** Observations after {@code asOf} or outside the plan (start year to deadline) are ignored. */
    public static Assessment assess(TargetSpec spec, List<Observation> observations, LocalDate asOf) {
        List<Observation> points = observations.stream()
                .filter(o -> !o.start().isAfter(asOf))
                .filter(o -> o.year() >= Math.min(spec.planStartYear(), baselineYearOr(spec, spec.planStartYear()))
                        && o.year() <= spec.deadlineYear())
                .sorted(java.util.Comparator.comparing(Observation::end).thenComparing(Observation::start))
                .toList();
        if (points.isEmpty()) {
            return Assessment.noData("no value reported yet");
        }
        return switch (spec.kind()) {
            case RATE, INDEX, LEVEL -> level(spec, points);
            case CUMULATIVE -> cumulative(spec, points);
            case ANNUAL -> annual(spec, points, asOf);
            case RELATIVE_CHANGE -> relativeChange(spec, points);
        };
    }

    private static int baselineYearOr(TargetSpec spec, int fallback) {
        return spec.baselineYear() != null ? spec.baselineYear() : fallback;
    }

    /** Latest level; forecast by least squares over the last yearly points; baseline as stated, else the base year's figure. */
    private static Assessment level(TargetSpec spec, List<Observation> all) {
        List<Observation> points = all.stream().filter(o -> o.year() >= spec.planStartYear()
                || (spec.baselineYear() != null && o.year() == spec.baselineYear())).toList();
        if (points.isEmpty()) {
            return Assessment.noData("no value within the plan period");
        }
        Observation latest = points.get(points.size() - 1);
        double actual = latest.value();
        List<Observation> yearly = trend(spec, points);
        double forecast = leastSquaresAt(yearly, deadlineEnd(spec));
        Assessment.BaselineSource source;
        double baseline;
        String words;
        java.util.Optional<Double> baseYear = valueInYear(points, spec.baselineYear());
        if (spec.baselineValue() != null) {
            baseline = spec.baselineValue();
            source = Assessment.BaselineSource.STATED;
            words = "baseline as stated";
        } else if (baseYear.isPresent()) {
            baseline = baseYear.get();
            source = Assessment.BaselineSource.BASE_YEAR;
            words = "baseline = the " + spec.baselineYear() + " figure";
        } else {
            baseline = points.get(0).value();
            source = Assessment.BaselineSource.FIRST_REPORT;
            words = "baseline = first report (" + points.get(0).period() + ")"
                    + (spec.baselineYear() != null ? ", no " + spec.baselineYear() + " figure known" : "");
        }
        String method = "latest level " + latest.period() + "; forecast: least-squares line through "
                + yearly.size() + " yearly point(s) at the end of " + spec.deadlineYear() + "; " + words;
        return judge(spec, actual, spec.targetValue(), forecast, baseline, source, method, reported(yearly, points));
    }

    /** Sum since the plan's start; forecast by the pace so far, extended linearly to the deadline. */
    private static Assessment cumulative(TargetSpec spec, List<Observation> all) {
        List<Observation> points = all.stream().filter(o -> o.year() >= spec.planStartYear()).toList();
        if (points.isEmpty()) {
            return Assessment.noData("no value within the plan period");
        }
        double actual = points.stream().mapToDouble(Observation::value).sum();
        LocalDate start = LocalDate.of(spec.planStartYear(), 1, 1);
        LocalDate reachedUntil = points.get(points.size() - 1).end();
        long elapsed = ChronoUnit.DAYS.between(start, reachedUntil.plusDays(1));
        long total = ChronoUnit.DAYS.between(start, deadlineEnd(spec).plusDays(1));
        double forecast = elapsed <= 0 ? actual : actual * total / (double) Math.min(elapsed, total);
        // A year with no value counts as nothing done in it; say so, since it is more often a report not made.
        java.util.Set<Integer> reported = points.stream().map(Observation::year).collect(java.util.stream.Collectors.toSet());
        List<String> missing = java.util.stream.IntStream.rangeClosed(spec.planStartYear(), reachedUntil.getYear())
                .filter(y -> !reported.contains(y)).mapToObj(String::valueOf).toList();
        String method = "sum of " + points.size() + " period(s) since " + spec.planStartYear()
                + (missing.isEmpty() ? "" : " (no value for " + String.join(", ", missing) + ": counted as 0)")
                + "; forecast: pace over " + elapsed + " of " + total + " days extended to the deadline";
        return judge(spec, actual, spec.targetValue(), forecast, 0.0, Assessment.BaselineSource.ZERO, method, points);
    }

    /** The latest year's amount; a year still running is extended by its pace. */
    private static Assessment annual(TargetSpec spec, List<Observation> all, LocalDate asOf) {
        Map<Integer, List<Observation>> byYear = new TreeMap<>();
        all.stream().filter(o -> o.year() >= spec.planStartYear())
                .forEach(o -> byYear.computeIfAbsent(o.year(), y -> new ArrayList<>()).add(o));
        if (byYear.isEmpty()) {
            return Assessment.noData("no value within the plan period");
        }
        int year = ((TreeMap<Integer, List<Observation>>) byYear).lastKey();
        List<Observation> inYear = byYear.get(year);
        double actual = inYear.stream().mapToDouble(Observation::value).sum();
        LocalDate covered = inYear.stream().map(Observation::end).max(LocalDate::compareTo).orElseThrow();
        LocalDate yearEnd = LocalDate.of(year, 12, 31);
        double forecast = actual;
        String method = "amount of " + year;
        if (covered.isBefore(yearEnd)) {
            long elapsed = ChronoUnit.DAYS.between(LocalDate.of(year, 1, 1), covered.plusDays(1));
            forecast = actual * LocalDate.of(year, 1, 1).lengthOfYear() / (double) elapsed;
            method += " so far (to " + covered + "); forecast: the year's pace extended to " + yearEnd;
        }
        return judge(spec, actual, spec.targetValue(), forecast, 0.0, Assessment.BaselineSource.ZERO, method, inYear);
    }

    /** Change of the level from the baseline, in points or percent, signed so that the wanted direction is positive. */
    private static Assessment relativeChange(TargetSpec spec, List<Observation> all) {
        Double base = spec.baselineValue() != null ? spec.baselineValue()
                : valueInYear(all, spec.baselineYear()).orElse(null);
        if (base == null) {
            // No fallback to the first report: a change from another year than the one the target names is not it.
            return Assessment.noData("baseline of " + spec.baselineYear() + " not known: report the " + spec.baselineYear()
                    + " value or set it on the target");
        }
        Assessment.BaselineSource source = spec.baselineValue() != null ? Assessment.BaselineSource.STATED
                : Assessment.BaselineSource.BASE_YEAR;
        List<Observation> points = all.stream().filter(o -> o.year() >= spec.planStartYear()).toList();
        if (points.isEmpty()) {
            return Assessment.noData("no value within the plan period");
        }
        Observation latest = points.get(points.size() - 1);
        List<Observation> yearly = trend(spec, all);
        double forecastLevel = leastSquaresAt(yearly, deadlineEnd(spec));
        double actual = change(spec, base, latest.value());
        double forecast = change(spec, base, forecastLevel);
        String method = "change of the level " + latest.period() + " from the baseline " + base
                + (source == Assessment.BaselineSource.STATED ? " (as stated)" : " (the " + spec.baselineYear() + " figure)")
                + (percentChange(spec) ? " in percent" : " in points")
                + (spec.direction() == Direction.DECREASE ? " (a fall counts as positive)" : "")
                + "; forecast: least-squares line through " + yearly.size() + " yearly point(s)"
                + (java.util.Objects.equals(yearly.get(0).year(), spec.baselineYear()) ? ", the base year's level first" : "");
        return judge(spec, actual, spec.targetValue(), forecast, 0.0, source, method, reported(yearly, all));
    }

    static double change(TargetSpec spec, double base, double level) {
        double raw = percentChange(spec) ? (level - base) / Math.abs(base) * 100.0 : level - base;
        return spec.direction() == Direction.DECREASE ? -raw : raw;
    }

    private static boolean percentChange(TargetSpec spec) {
        return "%".equals(spec.unit());
    }

    static Assessment judge(TargetSpec spec, double actual, double target, double forecast, double baseline,
                            Assessment.BaselineSource baselineSource, String method, List<Observation> used) {
        Double percent = Math.abs(target) < EPSILON ? null : actual / target * 100.0;
        double gap = target - actual;
        Double ratio = ratio(spec.comparator(), forecast, baseline, target);
        ProgressStatus status = satisfies(spec.comparator(), actual, target) ? ProgressStatus.ACHIEVED : byRatio(ratio);
        return new Assessment(status, actual, gap, percent, forecast, ratio, baseline, baselineSource, method, used);
    }

    /** P; when the target equals the baseline there is no distance to cover: P is 1 if the forecast satisfies it, else -1. */
    static Double ratio(Comparator comparator, double forecast, double baseline, double target) {
        double distance = target - baseline;
        if (Math.abs(distance) < EPSILON) {
            return satisfies(comparator, forecast, target) ? 1.0 : -1.0;
        }
        return (forecast - baseline) / distance;
    }

    static ProgressStatus byRatio(double p) {
        if (p >= ON_TRACK_FROM) {
            return ProgressStatus.ON_TRACK;
        }
        if (p >= NEEDS_ACCELERATION_FROM) {
            return ProgressStatus.NEEDS_ACCELERATION;
        }
        return p >= 0 ? ProgressStatus.OFF_TRACK : ProgressStatus.DETERIORATING;
    }

    public static boolean satisfies(Comparator comparator, double actual, double target) {
        return switch (comparator) {
            case GE -> actual >= target - EPSILON;
            case GT -> actual > target + EPSILON;
            case LE -> actual <= target + EPSILON;
            case LT -> actual < target - EPSILON;
            case EQ -> Math.abs(actual - target) <= 1e-6 * Math.max(1.0, Math.abs(target));
        };
    }

    /**
     * Whether the scope's data is out of date on {@code today}: the latest period whose report is due by now (at the
     * target's frequency, no later than the deadline year) is not covered by any figure. Nothing is due before the
     * plan's first period.
     *
     * @param coveredThrough the last day the scope's latest figure speaks for; null without any
     * @param dueAfter       the target's own due offset, null for the frequency's default
     */
    public static boolean isStale(Frequency frequency, java.time.Period dueAfter, int planStartYear, int deadlineYear,
                                  LocalDate coveredThrough, LocalDate today) {
        Period due = latestDueWithin(frequency, dueAfter, deadlineYear, today);
        if (due.end().isBefore(LocalDate.of(planStartYear, 1, 1))) {
            return false;
        }
        return coveredThrough == null || coveredThrough.isBefore(due.end());
    }

    /** The latest period due by {@code today}, but no later than the deadline year's last period. */
    public static Period latestDueWithin(Frequency frequency, java.time.Period dueAfter, int deadlineYear, LocalDate today) {
        Period due = DueDates.latestDue(frequency, dueAfter, today);
        Period last = Period.containing(frequency, LocalDate.of(deadlineYear, 12, 31));
        return due.compareTo(last) > 0 ? last : due;
    }

    /**
     * The points a level's trend is fitted through: the base year's level (the stated baseline where the target has one,
     * else the base year's reported figure), then the last point of each plan year; the last {@value #TREND_YEARS}.
     * The trend starts where the target measures from: without the base year, one value in the plan period gives a flat
     * line ("no change from here on") although the level has moved since the base year, and a change target that is on
     * pace would be judged behind it.
     *
     * @param points sorted; the plan period's and any of the base year (others are left out here)
     */
    static List<Observation> trend(TargetSpec spec, List<Observation> points) {
        Integer baseYear = spec.baselineYear();
        List<Observation> planPoints = points.stream().filter(o -> o.year() >= spec.planStartYear()).toList();
        if (baseYear == null || baseYear >= spec.planStartYear()) {
            return lastPerYear(planPoints);
        }
        List<Observation> withBase = new ArrayList<>();
        if (spec.baselineValue() != null) {
            withBase.add(new Observation(String.valueOf(baseYear), LocalDate.of(baseYear, 1, 1), LocalDate.of(baseYear, 12, 31),
                    spec.baselineValue()));
        } else {
            points.stream().filter(o -> o.end().getYear() == baseYear).reduce((a, b) -> b).ifPresent(withBase::add);
        }
        withBase.addAll(planPoints);
        return lastPerYear(withBase);
    }

    /** The trend's points that are reported figures (a stated baseline is not one). */
    private static List<Observation> reported(List<Observation> trend, List<Observation> observations) {
        return trend.stream().filter(observations::contains).toList();
    }

    /** The last observation of each year, the last {@value #TREND_YEARS} years. */
    static List<Observation> lastPerYear(List<Observation> sortedPoints) {
        TreeMap<Integer, Observation> last = new TreeMap<>();
        sortedPoints.forEach(o -> last.put(o.end().getYear(), o));
        List<Observation> yearly = new ArrayList<>(last.values());
        return yearly.subList(Math.max(0, yearly.size() - TREND_YEARS), yearly.size());
    }

    /** Least-squares line through the points (x = period end in years), read at {@code at}; one point: flat. */
    static double leastSquaresAt(List<Observation> points, LocalDate at) {
        int n = points.size();
        double meanX = 0;
        double meanY = 0;
        for (Observation o : points) {
            meanX += years(o.end());
            meanY += o.value();
        }
        meanX /= n;
        meanY /= n;
        double sxx = 0;
        double sxy = 0;
        for (Observation o : points) {
            double dx = years(o.end()) - meanX;
            sxx += dx * dx;
            sxy += dx * (o.value() - meanY);
        }
        if (sxx < EPSILON) {
            return meanY;
        }
        double slope = sxy / sxx;
        return meanY + slope * (years(at) - meanX);
    }

    private static double years(LocalDate d) {
        return d.getYear() + (d.getDayOfYear() - 1) / (double) d.lengthOfYear();
    }

    private static LocalDate deadlineEnd(TargetSpec spec) {
        return LocalDate.of(spec.deadlineYear(), 12, 31);
    }

    private static java.util.Optional<Double> valueInYear(List<Observation> points, Integer year) {
        if (year == null) {
            return java.util.Optional.empty();
        }
        return points.stream().filter(o -> o.end().getYear() == year).reduce((a, b) -> b).map(Observation::value);
    }
}
