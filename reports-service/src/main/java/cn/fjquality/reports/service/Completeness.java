package cn.fjquality.reports.service;

import cn.fjquality.events.period.Period;
import cn.fjquality.reports.domain.Measurement;
import cn.fjquality.reports.domain.TargetCopy;

import java.time.LocalDate;
import java.util.List;

/**
 * The reporting completeness of one period ({@link CompletenessService}): the counts are of owed items only.
 *
 * @param deadline the frequency's default due day of the period
 */
public record Completeness(Period period, LocalDate deadline, boolean deadlinePassed, long owed, long reported, long onTime,
                           long late, long missing, long overdue, double reportingRate, double onTimeRate, List<Item> items) {

    /**
     * What one unit owes (or, {@code owed=false}, may report) for one target.
     *
     * @param place   the unit's own place, whose values count
     * @param arrival when and how the report arrived; null when it has not
     * @param overdue owed, not reported, and the due day is over
     * @param status  ON_TIME, LATE, OVERDUE or PENDING
     * @param current the current revision of the unit's value for exactly the period at its place; null when none
     */
    public record Item(TargetCopy target, String unit, String unitType, boolean lead, boolean owed, String place, LocalDate dueDate,
                       PeriodCover.Arrival arrival, boolean onTime, boolean late, boolean overdue, String status, Measurement current) {

        public boolean reported() {
            return arrival != null;
        }

        Item withCurrent(Measurement m) {
            return new Item(target, unit, unitType, lead, owed, place, dueDate, arrival, onTime, late, overdue, status, m);
        }
    }
}
