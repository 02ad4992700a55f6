package cn.fjquality.reports.service;

import cn.fjquality.problem.ApiException;
import cn.fjquality.problem.QueryParams;
import cn.fjquality.reports.domain.Measurement;
import cn.fjquality.reports.domain.MeasurementRepository;
import cn.fjquality.reports.domain.MeasurementRevision;
import cn.fjquality.events.period.Period;
import cn.fjquality.reports.domain.TargetCopy;
import cn.fjquality.reports.domain.TargetCopyRepository;
import cn.fjquality.reports.domain.UnitCopy;
import cn.fjquality.reports.domain.UnitCopyRepository;
import cn.fjquality.security.Caller;
import cn.fjquality.security.Roles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** Reads, restricted to what the caller may see: a REPORTER its unit (and subtree when its key says so). */
@ApplicationScoped
public class MeasurementQueryService {
    public static final int MAX_CSV_ROWS = 200_000;

    private final MeasurementRepository measurements;
    private final UnitCopyRepository units;
    private final TargetCopyRepository targets;

    public MeasurementQueryService(MeasurementRepository measurements, UnitCopyRepository units, TargetCopyRepository targets) {
        this.measurements = measurements;
        this.units = units;
        this.targets = targets;
    }

    public record Query(String target, String unit, String place, String from, String to, String status, Boolean followUp,
                        boolean reviewable) {
        public Query(String target, String unit, String place, String from, String to, String status, Boolean followUp) {
            this(target, unit, place, from, to, status, followUp, false);
        }
    }

    /** At most this many values waiting for review are looked at per request (the queue is read whole, then paged). */
    public static final int MAX_REVIEWABLE = 10_000;

    @Transactional
    public MeasurementRepository.PageOf search(Query q, Caller caller, int page, int size) {
        if (q.reviewable()) {
            List<Measurement> all = reviewable(q, caller);
            long offset = (long) page * size;
            if (offset >= all.size()) {
                return new MeasurementRepository.PageOf(List.of(), all.size());
            }
            return new MeasurementRepository.PageOf(all.subList((int) offset, (int) Math.min(all.size(), offset + size)), all.size());
        }
        return measurements.search(filter(q, caller), page, size);
    }

    @Transactional
    public List<Measurement> all(Query q, Caller caller) {
        if (q.reviewable()) {
            List<Measurement> all = reviewable(q, caller);
            return all.size() > MAX_CSV_ROWS ? all.subList(0, MAX_CSV_ROWS) : all;
        }
        return measurements.all(filter(q, caller), MAX_CSV_ROWS);
    }

    /**
     * The review queue: values waiting for review (SUBMITTED) that this caller may approve or return: of the targets its
     * unit leads, not its unit's own, and not submitted by its key or a key of its unit (the four-eyes rule,
     * {@link ReviewRules}, the same check approve and return make); an ADMIN key every SUBMITTED value its key did not
     * submit; an ANALYST, or a REPORTER leading nothing, none. The other filters apply too; status is SUBMITTED.
     */
    private List<Measurement> reviewable(Query q, Caller caller) {
        if (q.status() != null && !Measurement.SUBMITTED.equalsIgnoreCase(q.status().trim())) {
            return List.of();
        }
        Caller reader = caller;
        List<String> led = null;
        if (!caller.isAdmin()) {
            if (!caller.isReporter() || caller.unitCode() == null) {
                return List.of();
            }
            led = targets.ledBy(caller.unitCode());
            if (led.isEmpty()) {
                return List.of();
            }
            // the reviewer reads other units' values of the targets it leads, as getMeasurement lets it
            reader = new Caller(caller.keyId(), Roles.ANALYST, null, false);
        }
        Query submitted = new Query(q.target(), q.unit(), q.place(), q.from(), q.to(), Measurement.SUBMITTED, q.followUp());
        MeasurementRepository.Filter f = filter(submitted, reader);
        if (led != null) {
            f = f.withTargets(led);
        }
        List<String> ledCodes = led;
        return measurements.all(f, MAX_REVIEWABLE).stream()
                .filter(m -> ReviewRules.refusal(caller,
                        new ReviewRules.Submitted(m.targetCode, m.unitCode, m.submittedByKey, m.submittedByUnit, m.onBehalf),
                        ledCodes == null || ledCodes.contains(m.targetCode), units::isDescendant) == null)
                .toList();
    }

    @Transactional
    public Measurement get(UUID id, Caller caller) {
        Measurement m = measurements.findById(id);
        if (m == null || !maySee(m, caller)) {
            throw ApiException.notFound("MEASUREMENT_NOT_FOUND", "No measurement " + id);
        }
        return m;
    }

    @Transactional
    public List<MeasurementRevision> revisions(UUID id, Caller caller) {
        get(id, caller);
        return measurements.revisions(id);
    }

    /** Everyone but a REPORTER sees everything; a REPORTER its scope, and (to review them) values of targets its unit leads. */
    private boolean maySee(Measurement m, Caller caller) {
        if (!Roles.REPORTER.equals(caller.role())) {
            return true;
        }
        if (caller.mayActFor(m.unitCode, units)) {
            return true;
        }
        TargetCopy t = targets.findById(m.targetCode);
        return t != null && caller.unitCode() != null && t.isLead(caller.unitCode());
    }

    private MeasurementRepository.Filter filter(Query q, Caller caller) {
        Period from = q.from() == null ? null : period("from", q.from());
        Period to = q.to() == null ? null : period("to", q.to());
        String status = null;
        if (q.status() != null) {
            status = q.status().toUpperCase(Locale.ROOT);
            if (!List.of(Measurement.SUBMITTED, Measurement.APPROVED, Measurement.RETURNED).contains(status)) {
                throw ApiException.badRequest("INVALID_STATUS", "status is one of SUBMITTED, APPROVED, RETURNED");
            }
        }
        List<String> scope = null;
        if (Roles.REPORTER.equals(caller.role())) {
            scope = caller.unitCode() == null ? List.of()
                    : caller.subtree() ? units.subtreeCodes(caller.unitCode()) : List.of(caller.unitCode());
            if (scope.isEmpty() && caller.unitCode() != null) {
                scope = List.of(caller.unitCode());
            }
            if (q.unit() != null && !scope.contains(q.unit())) {
                throw ApiException.forbidden("UNIT_OUT_OF_SCOPE", "Your key may not read values of unit " + Numbers.abbreviate(q.unit()));
            }
        }
        String place = null;
        boolean none = false;
        if (q.place() != null) {
            String p = q.place().trim();
            if (!PlaceRules.isCodeLike(p)) {
                throw QueryParams.invalid("place", q.place(), "a unit code (at most " + PlaceRules.MAX_CODE
                        + " characters) or a 6-digit division code");
            }
            if (PlaceRules.isDivisionCode(p)) {
                UnitCopy named = units.byDivisionCode(p);
                place = named == null ? null : named.code;
                none = named == null;
            } else {
                place = p;
            }
        }
        return new MeasurementRepository.Filter(q.target(), q.unit(), place, from == null ? null : from.start(),
                to == null ? null : to.end(), status, q.followUp(), scope, none);
    }

    static Period period(String name, String id) {
        return Period.parse(id).orElseThrow(() -> new ApiException(400, "MALFORMED_PERIOD",
                name + " '" + Numbers.abbreviate(id) + "' is not one of YYYY, YYYYS1..S2, YYYYQ1..Q4, YYYYMM"));
    }
}
