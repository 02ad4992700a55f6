package cn.fjquality.reports.service;

import cn.fjquality.events.period.DueDates;
import cn.fjquality.events.period.Frequency;
import cn.fjquality.events.period.Period;
import cn.fjquality.events.places.Places;
import cn.fjquality.problem.ApiException;
import cn.fjquality.reports.config.ClockProducer;
import cn.fjquality.reports.domain.Measurement;
import cn.fjquality.reports.domain.MeasurementRepository;
import cn.fjquality.reports.domain.TargetCopy;
import cn.fjquality.reports.domain.TargetCopyRepository;
import cn.fjquality.reports.domain.UnitCopy;
import cn.fjquality.reports.domain.UnitCopyRepository;
import cn.fjquality.reports.rest.MeasurementDtos.CompletenessItem;
import cn.fjquality.reports.rest.MeasurementDtos.CompletenessReport;
import cn.fjquality.reports.rest.MeasurementDtos.MeasurementResponse;
import cn.fjquality.security.Caller;
import cn.fjquality.security.Roles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Who owes which report for a period: the lead and contributing units of every live target whose reporting frequency
 * is the period's and whose plan horizon covers it, when the unit was active during the period. A report arrived when
 * the unit's value for the period exists at the unit's own place, or its values for finer periods there cover the whole
 * period ({@link PeriodCover}). It is due by the end of the period's last day plus the target's own offset, else the
 * frequency's default ({@link DueDates}), in Asia/Shanghai.
 */
@ApplicationScoped
public class CompletenessService {
    private final TargetCopyRepository targets;
    private final UnitCopyRepository units;
    private final MeasurementRepository measurements;
    private final Clock clock;

    public CompletenessService(TargetCopyRepository targets, UnitCopyRepository units, MeasurementRepository measurements, Clock clock) {
        this.targets = targets;
        this.units = units;
        this.measurements = measurements;
        this.clock = clock;
    }

    /** The last day on which the target's report for the period is on time. */
    public static LocalDate dueDate(Period period, TargetCopy target) {
        return DueDates.due(period, target.dueAfter());
    }

    /** The first instant after a due day (Asia/Shanghai): from then on a report is late, a missing one overdue. */
    static Instant endOf(LocalDate day) {
        return day.plusDays(1).atStartOfDay(ClockProducer.FUJIAN).toInstant();
    }

    @Transactional
    public CompletenessReport report(Period period, String targetFilter, String unitFilter, Caller caller) {
        return report(period, targetFilter, unitFilter, false, caller);
    }

    /**
     * @param shares also list, as items with {@code owed=false} (not counted), the targets a unit in view may report a share
     *               of without owing it: SUM and RATIO targets one of the unit's ancestors contributes to (a county below a
     *               contributing city). The units in view: a REPORTER's scope, else the {@code unit} filter (none without it).
     */
    @Transactional
    public CompletenessReport report(Period period, String targetFilter, String unitFilter, boolean shares, Caller caller) {
        Instant now = Instant.now(clock);
        LocalDate deadline = DueDates.due(period, null);
        boolean passed = !now.isBefore(endOf(deadline));
        Set<String> scope = null;
        if (Roles.REPORTER.equals(caller.role())) {
            scope = caller.unitCode() == null ? Set.of()
                    : caller.subtree() ? new HashSet<>(units.subtreeCodes(caller.unitCode())) : Set.of(caller.unitCode());
            if (unitFilter != null && !scope.contains(unitFilter) && !unitFilter.equals(caller.unitCode())) {
                throw ApiException.forbidden("UNIT_OUT_OF_SCOPE",
                        "Your key may not read the completeness of unit " + Numbers.abbreviate(unitFilter));
            }
        }
        List<TargetCopy> owing = targets.owingReports(period.frequency(), period.year()).stream()
                .filter(t -> targetFilter == null || t.code.equals(targetFilter))
                .toList();
        List<String> shareUnits = List.of();
        if (shares) {
            shareUnits = unitFilter != null ? List.of(unitFilter) : scope != null ? List.copyOf(scope) : List.of();
        }
        List<CompletenessItem> items = withCurrentValues(period, items(period, owing, unitFilter, scope, now, shareUnits));
        long onTime = 0, late = 0, overdue = 0, done = 0, owedCount = 0;
        for (CompletenessItem i : items) {
            if (!i.owed()) {
                continue;
            }
            owedCount++;
            done += i.reported() ? 1 : 0;
            onTime += i.onTime() ? 1 : 0;
            late += i.late() ? 1 : 0;
            overdue += i.overdue() ? 1 : 0;
        }
        long owed = owedCount;
        return new CompletenessReport(period.id(), period.frequency().name(), deadline, passed, owed, done, onTime,
                late, owed - done, overdue, owed == 0 ? 1.0 : (double) done / owed, owed == 0 ? 1.0 : (double) onTime / owed, items);
    }

    /**
     * Owed reports of this frequency still missing after their due day: for each live target, its latest period whose
     * due day (with the target's own offset) is over, when the plan horizon covers it.
     */
    @Transactional
    public long overdue(Frequency frequency) {
        Instant now = Instant.now(clock);
        LocalDate today = LocalDate.now(clock);
        Map<Period, List<TargetCopy>> byPeriod = new TreeMap<>();
        for (TargetCopy t : targets.live(frequency)) {
            Period p = DueDates.latestDue(frequency, t.dueAfter(), today);
            if (p.year() >= t.planStartYear && p.year() <= t.planEndYear) {
                byPeriod.computeIfAbsent(p, k -> new ArrayList<>()).add(t);
            }
        }
        long missing = 0;
        for (Map.Entry<Period, List<TargetCopy>> e : byPeriod.entrySet()) {
            missing += items(e.getKey(), e.getValue(), null, null, now, List.of()).stream().filter(CompletenessItem::overdue).count();
        }
        return missing;
    }

    private List<CompletenessItem> items(Period period, List<TargetCopy> owing, String unitFilter, Set<String> scope, Instant now,
                                         List<String> shareUnits) {
        Map<String, Map<Period, Instant>> values = new HashMap<>();
        for (MeasurementRepository.FirstSubmission f : measurements.firstSubmissionsWithin(
                owing.stream().map(t -> t.code).toList(), period.start(), period.end())) {
            Period p = Period.parse(f.period()).orElse(null);
            if (p != null) {
                values.computeIfAbsent(key(f.targetCode(), f.unitCode(), f.placeCode()), k -> new HashMap<>())
                        .put(p, f.firstSubmittedAt());
            }
        }
        Map<String, Optional<UnitCopy>> unitCache = new HashMap<>();
        Function<String, UnitCopy> unit = code -> unitCache.computeIfAbsent(code, c -> Optional.ofNullable(units.findById(c))).orElse(null);
        Function<String, Places.Node> node = code -> {
            UnitCopy u = unit.apply(code);
            return u == null ? null : u.node();
        };
        List<CompletenessItem> items = new ArrayList<>();
        for (TargetCopy t : owing) {
            LocalDate due = dueDate(period, t);
            Instant dueEnd = endOf(due);
            Set<String> owers = new LinkedHashSet<>(t.leadUnits);
            owers.addAll(t.contributingUnits);
            Set<String> candidates = new LinkedHashSet<>(owers);
            if (t.sharesRollUp()) {
                for (String code : shareUnits) {
                    if (!owers.contains(code) && belowContributor(code, t, unit)) {
                        candidates.add(code);
                    }
                }
            }
            for (String code : candidates) {
                boolean owed = owers.contains(code);
                if ((unitFilter != null && !unitFilter.equals(code)) || (scope != null && !scope.contains(code))) {
                    continue;
                }
                UnitCopy u = unit.apply(code);
                if (u == null || !u.isActiveDuring(period.start(), period.end())) {
                    continue;
                }
                // A unit under no place cannot submit now; its older values got its own code as their place (migration V3).
                String place = Optional.ofNullable(Places.defaultPlace(code, node)).orElse(code);
                Optional<PeriodCover.Arrival> arrival = PeriodCover.arrival(period,
                        values.getOrDefault(key(t.code, code, place), Map.of()));
                boolean isReported = arrival.isPresent();
                Instant at = arrival.map(PeriodCover.Arrival::at).orElse(null);
                boolean isOnTime = isReported && at.isBefore(dueEnd);
                boolean isLate = isReported && !isOnTime;
                boolean isOverdue = !isReported && !now.isBefore(dueEnd);
                String status = isOnTime ? "ON_TIME" : isLate ? "LATE" : isOverdue ? "OVERDUE" : "PENDING";
                items.add(new CompletenessItem(t.code, code, u.type, t.isLead(code), owed, place, due, isReported,
                        arrival.map(a -> a.as().name()).orElse(null), at, isOnTime, isLate, owed && isOverdue,
                        owed || isReported ? status : "PENDING", t.nameZh, t.nameEn, t.kind, t.unitOfMeasure, t.isRatio(),
                        t.lowerBound, t.upperBound, null));
            }
        }
        return items;
    }

    /** A SUM or RATIO target one of the unit's ancestors contributes to (so the unit may report its own share). */
    private static boolean belowContributor(String code, TargetCopy t, Function<String, UnitCopy> unit) {
        UnitCopy u = unit.apply(code);
        for (int depth = 0; u != null && u.parentCode != null && depth < 32; depth++) {
            if (t.contributingUnits.contains(u.parentCode)) {
                return true;
            }
            u = unit.apply(u.parentCode);
        }
        return false;
    }

    /** Each item with the current revision of its value for exactly the period at its place (null when none). */
    private List<CompletenessItem> withCurrentValues(Period period, List<CompletenessItem> items) {
        if (items.isEmpty()) {
            return items;
        }
        Map<String, Measurement> current = new HashMap<>();
        for (Measurement m : measurements.find("period = ?1 and targetCode in ?2 and unitCode in ?3", period.id(),
                items.stream().map(CompletenessItem::target).distinct().toList(),
                items.stream().map(CompletenessItem::unit).distinct().toList()).list()) {
            current.put(key(m.targetCode, m.unitCode, m.placeCode), m);
        }
        return items.stream().map(i -> {
            Measurement m = current.get(key(i.target(), i.unit(), i.place()));
            return m == null ? i : i.withCurrent(MeasurementResponse.of(m));
        }).toList();
    }

    private static String key(String target, String unit, String place) {
        return target + '\u0001' + unit + '\u0001' + place;
    }
}
