package cn.fjquality.reports.service;

import cn.fjquality.reports.config.ClockProducer;
import cn.fjquality.reports.config.ReportsConfig;
import cn.fjquality.events.period.Frequency;
import cn.fjquality.reports.domain.Measurement;
import cn.fjquality.reports.domain.MeasurementRepository;
import cn.fjquality.events.period.Period;
import cn.fjquality.reports.domain.TargetCopy;
import cn.fjquality.reports.domain.TargetCopyRepository;
import cn.fjquality.reports.domain.UnitCopy;
import cn.fjquality.reports.domain.UnitCopyRepository;
import cn.fjquality.reports.rest.MeasurementDtos.CompletenessItem;
import cn.fjquality.reports.rest.MeasurementDtos.CompletenessReport;
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
import java.util.Set;

/**
 * Who owes which report for a period: the lead and contributing units of every live target whose
 * reporting frequency matches the period and whose plan horizon covers it, when the unit was active
 * during the period. Deadline: the period's last day plus {@code reports.deadline-days}, end of day
 * in Asia/Shanghai.
 */
@ApplicationScoped
public class CompletenessService {
    private final TargetCopyRepository targets;
    private final UnitCopyRepository units;
    private final MeasurementRepository measurements;
    private final ReportsConfig config;
    private final Clock clock;

    public CompletenessService(TargetCopyRepository targets, UnitCopyRepository units, MeasurementRepository measurements,
                               ReportsConfig config, Clock clock) {
        this.targets = targets;
        this.units = units;
        this.measurements = measurements;
        this.config = config;
        this.clock = clock;
    }

    public LocalDate deadline(Period p) {
        return p.end().plusDays(config.deadlineDays());
    }

    /** The first instant after the deadline day. */
    public Instant deadlineInstant(Period p) {
        return deadline(p).plusDays(1).atStartOfDay(ClockProducer.FUJIAN).toInstant();
    }

    @Transactional
    public CompletenessReport report(Period period, String targetFilter, String unitFilter, Caller caller) {
        Instant now = Instant.now(clock);
        Instant deadline = deadlineInstant(period);
        boolean passed = !now.isBefore(deadline);
        Set<String> scope = null;
        if (Roles.REPORTER.equals(caller.role())) {
            scope = caller.unitCode() == null ? Set.of()
                    : caller.subtree() ? new HashSet<>(units.subtreeCodes(caller.unitCode())) : Set.of(caller.unitCode());
            if (unitFilter != null && !scope.contains(unitFilter) && !unitFilter.equals(caller.unitCode())) {
                throw cn.fjquality.problem.ApiException.forbidden("UNIT_OUT_OF_SCOPE",
                        "Your key may not read the completeness of unit " + Numbers.abbreviate(unitFilter));
            }
        }
        List<TargetCopy> owing = targets.owingReports(period.frequency(), period.year()).stream()
                .filter(t -> targetFilter == null || t.code.equals(targetFilter))
                .toList();
        Map<String, Measurement> reported = new HashMap<>();
        for (Measurement m : measurements.forTargetsAndPeriod(owing.stream().map(t -> t.code).toList(), period.id())) {
            reported.put(m.targetCode + '\u0001' + m.unitCode, m);
        }
        Map<String, UnitCopy> unitCache = new HashMap<>();
        List<CompletenessItem> items = new ArrayList<>();
        long onTime = 0, late = 0, overdue = 0, done = 0;
        for (TargetCopy t : owing) {
            Set<String> owers = new LinkedHashSet<>(t.leadUnits);
            owers.addAll(t.contributingUnits);
            for (String code : owers) {
                if ((unitFilter != null && !unitFilter.equals(code)) || (scope != null && !scope.contains(code))) {
                    continue;
                }
                UnitCopy u = unitCache.computeIfAbsent(code, units::findById);
                if (u == null || !u.isActiveDuring(period.start(), period.end())) {
                    continue;
                }
                Measurement m = reported.get(t.code + '\u0001' + code);
                boolean isReported = m != null;
                boolean isOnTime = isReported && m.firstSubmittedAt.isBefore(deadline);
                boolean isLate = isReported && !isOnTime;
                boolean isOverdue = !isReported && passed;
                done += isReported ? 1 : 0;
                onTime += isOnTime ? 1 : 0;
                late += isLate ? 1 : 0;
                overdue += isOverdue ? 1 : 0;
                String status = isOnTime ? "ON_TIME" : isLate ? "LATE" : isOverdue ? "OVERDUE" : "PENDING";
                items.add(new CompletenessItem(t.code, code, u.type, t.isLead(code), isReported,
                        m == null ? null : m.firstSubmittedAt, isOnTime, isLate, isOverdue, status));
            }
        }
        long owed = items.size();
        return new CompletenessReport(period.id(), period.frequency().name(), deadline(period), passed, owed, done, onTime,
                late, owed - done, overdue, owed == 0 ? 1.0 : (double) done / owed, owed == 0 ? 1.0 : (double) onTime / owed, items);
    }

    /** The latest period of this frequency whose deadline has passed. */
    public Period latestClosed(Frequency f) {
        Instant now = Instant.now(clock);
        Period p = Period.containing(f, LocalDate.now(clock));
        while (now.isBefore(deadlineInstant(p))) {
            p = p.previous();
        }
        return p;
    }
}
