package cn.fjquality.reports.service;

import cn.fjquality.events.period.Period;
import cn.fjquality.reports.domain.MeasurementKey;
import cn.fjquality.reports.domain.TargetCopy;
import cn.fjquality.reports.domain.UnitCopy;

import java.math.BigDecimal;

/** What {@link SubmissionRules} make of one submitted row: {@link Valid}, or the {@link Rejection} saying why not. */
public sealed interface Verdict permits Verdict.Valid, Rejection {

    /**
     * A row that passed the rules, with its references resolved.
     *
     * @param place the unit code of the place the value describes
     * @param value as given, or computed from numerator and denominator
     */
    record Valid(SubmissionRow row, TargetCopy target, UnitCopy unit, String place, Period period, BigDecimal value)
            implements Verdict {

        public MeasurementKey key() {
            return new MeasurementKey(target.code, unit.code, place, period.id());
        }

        public MeasurementKey.Series series() {
            return new MeasurementKey.Series(target.code, unit.code, place, period.frequency().name());
        }
    }
}
