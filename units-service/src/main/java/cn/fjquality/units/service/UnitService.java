package cn.fjquality.units.service;

import cn.fjquality.events.places.Places;
import cn.fjquality.events.v1.UnitEventType;
import cn.fjquality.problem.ApiException;
import cn.fjquality.security.Caller;
import cn.fjquality.security.UnitHierarchy;
import cn.fjquality.support.Page;
import cn.fjquality.support.UniqueViolation;
import cn.fjquality.units.domain.Unit;
import cn.fjquality.units.domain.UnitRepository;
import cn.fjquality.units.domain.UnitType;
import cn.fjquality.units.messaging.UnitEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/** The transaction boundary of the unit registry: every change commits with its {@code units.v1} event. */
@ApplicationScoped
public class UnitService {
    private final UnitRepository units;
    private final UnitEvents events;
    private final Clock clock;

    public UnitService(UnitRepository units, UnitEvents events, Clock clock) {
        this.units = units;
        this.events = events;
        this.clock = clock;
    }

    public LocalDate today() {
        return LocalDate.now(clock);
    }

    @Transactional
    public Unit create(NewUnit request) {
        if (units.findByCode(request.code()).isPresent()) {
            throw ApiException.conflict("UNIT_CODE_TAKEN", "A unit with code " + request.code() + " already exists");
        }
        requireParent(request.parentCode());
        requireDivisionApplicable(request.divisionCode(), request.type(), request.code());
        requireDivisionFree(request.divisionCode(), request.code());
        Unit unit = new Unit();
        unit.code = request.code();
        unit.nameZh = request.nameZh().trim();
        unit.nameEn = request.nameEn().trim();
        unit.type = request.type();
        unit.parentCode = request.parentCode();
        unit.divisionCode = request.divisionCode();
        unit.activeFrom = request.activeFrom() != null ? request.activeFrom() : today();
        unit.activeTo = request.activeTo();
        requireActiveRange(unit.activeFrom, unit.activeTo);
        unit.aliases = request.aliases() == null ? new java.util.ArrayList<>() : new java.util.ArrayList<>(request.aliases());
        unit.note = request.note();
        unit.contactName = request.contactName();
        unit.contactEmail = request.contactEmail();
        unit.contactPhone = request.contactPhone();
        unit.createdAt = unit.updatedAt = Instant.now(clock);
        flushMappingRaces(unit, () -> units.persistAndFlush(unit));
        events.emit(UnitEventType.UnitRegistered, unit);
        return unit;
    }

    @Transactional
    public Unit update(String code, UnitChanges request) {
        Unit unit = get(code);
        // Division rules on the result, checked before anything changes (a query would flush a half-applied unit).
        String division = request.divisionCode() != null ? request.divisionCode() : unit.divisionCode;
        requireDivisionApplicable(division, request.type() != null ? request.type() : unit.type, code);
        if (!Objects.equals(division, unit.divisionCode)) {
            requireDivisionFree(division, code);
        }
        boolean changed = false;
        if (request.parentCode() != null && !request.parentCode().equals(unit.parentCode)) {
            requireParent(request.parentCode());
            if (request.parentCode().equals(code) || units.isDescendant(request.parentCode(), code)) {
                throw ApiException.unprocessable("PARENT_CYCLE", "Unit " + request.parentCode() + " lies within " + code + "; a unit cannot be its own ancestor");
            }
            unit.parentCode = request.parentCode();
            changed = true;
        }
        changed |= set(unit.nameZh, request.nameZh(), v -> unit.nameZh = v.trim());
        changed |= set(unit.nameEn, request.nameEn(), v -> unit.nameEn = v.trim());
        changed |= set(unit.type, request.type(), v -> unit.type = v);
        changed |= set(unit.divisionCode, request.divisionCode(), v -> unit.divisionCode = v);
        changed |= set(unit.activeFrom, request.activeFrom(), v -> unit.activeFrom = v);
        changed |= set(unit.aliases, request.aliases(), v -> unit.aliases = new java.util.ArrayList<>(v));
        changed |= set(unit.note, request.note(), v -> unit.note = v);
        changed |= set(unit.contactName, request.contactName(), v -> unit.contactName = v);
        changed |= set(unit.contactEmail, request.contactEmail(), v -> unit.contactEmail = v);
        changed |= set(unit.contactPhone, request.contactPhone(), v -> unit.contactPhone = v);
        requireActiveRange(unit.activeFrom, unit.activeTo);
        if (changed) {
            unit.updatedAt = Instant.now(clock);
            flushMappingRaces(unit, units::flush);
            events.emit(UnitEventType.UnitUpdated, unit);
        }
        return unit;
    }

    /** Sets the last active day (default today). Deactivating an inactive unit again changes nothing. */
    @Transactional
    public Unit deactivate(String code, LocalDate activeTo) {
        Unit unit = get(code);
        LocalDate lastDay = activeTo != null ? activeTo : today();
        requireActiveRange(unit.activeFrom, lastDay);
        if (lastDay.equals(unit.activeTo)) {
            return unit;
        }
        unit.activeTo = lastDay;
        unit.updatedAt = Instant.now(clock);
        units.flush();
        events.emit(UnitEventType.UnitDeactivated, unit);
        return unit;
    }

    @Transactional
    public Unit get(String code) {
        return units.findByCode(code)
                .orElseThrow(() -> ApiException.notFound("UNIT_NOT_FOUND", "No unit with code " + code));
    }

    @Transactional
    public Page<Unit> search(UnitType type, String parent, String division, Boolean active, String q, int page, int size) {
        return units.search(type, parent, division, active, q, today(), page, size);
    }

    @Transactional
    public List<Unit> subtree(String code) {
        get(code);
        return units.descendants(code);
    }

    /**
     * Whose contact details (contactName, contactEmail, contactPhone) {@code caller} may read, by unit code: an ADMIN
     * every unit's; a REPORTER those of the units its key may act for ({@link Caller#mayActFor}: its own unit, and with a
     * subtree key every unit below it); anyone else (ANALYST, GATEWAY) none. One query at most, for a subtree key.
     */
    @Transactional
    public Predicate<String> contactsReadableBy(Caller caller) {
        if (caller.isAdmin()) {
            return code -> true;
        }
        if (!caller.isReporter() || caller.unitCode() == null) {
            return code -> false;
        }
        Set<String> below = caller.subtree() ? units.descendantCodes(caller.unitCode()) : Set.of();
        UnitHierarchy hierarchy = (unit, ancestor) -> ancestor.equals(caller.unitCode()) && below.contains(unit);
        return code -> caller.mayActFor(code, hierarchy);
    }

    @Transactional
    public boolean isDescendant(String unit, String ancestor) {
        return units.isDescendant(unit, ancestor);
    }

    private void requireParent(String parentCode) {
        if (parentCode != null && units.findByCode(parentCode).isEmpty()) {
            throw ApiException.unprocessable("UNKNOWN_PARENT", "No unit with code " + parentCode + " to be the parent");
        }
    }

    /** Only places (PROVINCE, CITY, COUNTY) carry a division code; departments and agencies report for places. */
    private static void requireDivisionApplicable(String divisionCode, UnitType type, String code) {
        if (divisionCode != null && !Places.isPlace(type.name())) {
            throw ApiException.unprocessable("DIVISION_CODE_NOT_APPLICABLE", "Unit " + code + " is of type " + type
                    + " and cannot carry division code " + divisionCode + ": only PROVINCE, CITY and COUNTY units are places");
        }
    }

    private void requireDivisionFree(String divisionCode, String code) {
        if (divisionCode == null) {
            return;
        }
        units.findByDivisionCode(divisionCode).filter(other -> !other.code.equals(code)).ifPresent(other -> {
            throw divisionTaken(divisionCode, other.code);
        });
    }

    private static ApiException divisionTaken(String divisionCode, String holder) {
        return ApiException.conflict("DIVISION_CODE_TAKEN", "Division code " + divisionCode + " already belongs to "
                + (holder == null ? "another unit" : "unit " + holder));
    }

    /**
     * Runs the flush that writes the unit. The checks above read before writing, so two concurrent requests can both
     * pass them; the database's unique constraints decide, and the loser gets the same 409 as a sequential request.
     */
    private static void flushMappingRaces(Unit unit, Runnable flush) {
        try {
            flush.run();
        } catch (PersistenceException e) {
            String constraint = UniqueViolation.constraint(e).orElseThrow(() -> e);
            if (constraint.contains("division_code")) {
                throw divisionTaken(unit.divisionCode, null);
            }
            throw ApiException.conflict("UNIT_CODE_TAKEN", "A unit with code " + unit.code + " already exists");
        }
    }

    private static void requireActiveRange(LocalDate from, LocalDate to) {
        if (to != null && to.isBefore(from)) {
            throw ApiException.unprocessable("INVALID_ACTIVE_RANGE", "activeTo " + to + " is before activeFrom " + from);
        }
    }

    private static <T> boolean set(T current, T requested, java.util.function.Consumer<T> apply) {
        if (requested == null || Objects.equals(current, requested)) {
            return false;
        }
        apply.accept(requested);
        return true;
    }
}
