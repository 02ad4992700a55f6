package cn.fjquality.reports.service;

import cn.fjquality.events.period.Frequency;
import cn.fjquality.events.period.Period;

import java.util.ArrayList;
import java.util.List;

/**
 * Which periods a target takes: its reporting frequency's or any finer one's (a YEAR target takes years, halves,
 * quarters and months; a QUARTER target quarters and months), within its plan horizon or its base year (a 2021–2025
 * plan's "比2020年提高…" target with base year 2020 takes 2020 and its parts). Pure.
 */
public final class PeriodRules {
    private PeriodRules() {
    }

    /** The frequencies a target reported at {@code frequency} takes, coarsest first. */
    public static List<Frequency> accepted(Frequency frequency) {
        List<Frequency> taken = new ArrayList<>();
        for (Frequency f = frequency; f != null; f = f.finer()) {
            taken.add(f);
        }
        return taken;
    }

    /** WRONG_FREQUENCY when the period is coarser than the target's reporting frequency, else null. */
    public static Rejection frequency(Period period, String target, Frequency frequency) {
        if (!period.frequency().isCoarserThan(frequency)) {
            return null;
        }
        List<String> names = accepted(frequency).stream().map(Enum::name).toList();
        String takes = names.size() == 1 ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
        return Rejection.of("period", "WRONG_FREQUENCY", "Target " + target + " is reported per " + frequency + " and takes "
                + takes + " periods; " + period.id() + " is a " + period.frequency() + " period");
    }

    /** PERIOD_OUTSIDE_PLAN when the period's year is neither within the plan horizon nor the base year, else null. */
    public static Rejection horizon(Period period, String target, int planStart, int planEnd, Integer baselineYear) {
        int year = period.year();
        if ((year >= planStart && year <= planEnd) || (baselineYear != null && year == baselineYear)) {
            return null;
        }
        return Rejection.of("period", "PERIOD_OUTSIDE_PLAN", "Period " + period.id() + " is outside the plan horizon "
                + planStart + "-" + planEnd + " of target " + target
                + (baselineYear == null ? "" : " and not in its base year " + baselineYear));
    }
}
