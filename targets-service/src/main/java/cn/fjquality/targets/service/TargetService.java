package cn.fjquality.targets.service;

import cn.fjquality.problem.ApiException;
import cn.fjquality.security.Caller;
import cn.fjquality.support.Page;
import cn.fjquality.support.UniqueViolation;
import cn.fjquality.targets.domain.ChangeSource;
import cn.fjquality.targets.domain.KnownUnitRepository;
import cn.fjquality.targets.domain.Plan;
import cn.fjquality.targets.domain.PlanRepository;
import cn.fjquality.targets.domain.Target;
import cn.fjquality.targets.domain.TargetRepository;
import cn.fjquality.targets.domain.TargetFilter;
import cn.fjquality.targets.domain.TargetRevision;
import cn.fjquality.targets.domain.TargetRevisionRepository;
import cn.fjquality.targets.domain.TargetSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.persistence.PersistenceException;

import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The transaction boundary of target reads and writes; every write commits with its {@code targets.v1} event. */
@ApplicationScoped
public class TargetService {
    private final TargetRepository targets;
    private final TargetRevisionRepository revisions;
    private final PlanRepository plans;
    private final KnownUnitRepository units;
    private final RevisionLog log;
    private final Clock clock;

    public TargetService(TargetRepository targets, TargetRevisionRepository revisions, PlanRepository plans,
                         KnownUnitRepository units, RevisionLog log, Clock clock) {
        this.targets = targets;
        this.revisions = revisions;
        this.plans = plans;
        this.units = units;
        this.log = log;
        this.clock = clock;
    }

    @Transactional
    public Page<Target> search(TargetFilter filter, int page, int size) {
        return targets.search(filter, page, size);
    }

    @Transactional
    public Target get(String code) {
        return targets.findByCode(code).orElseThrow(() -> notFound(code));
    }

    @Transactional
    public List<TargetRevision> revisions(String code) {
        if (!targets.exists(code)) {
            throw notFound(code);
        }
        return revisions.newestFirst(code);
    }

    @Transactional
    public Target create(String code, TargetSpec requested, Caller caller) {
        if (targets.exists(code)) {
            throw ApiException.conflict("TARGET_CODE_TAKEN", "A target with code " + code + " already exists");
        }
        TargetSpec spec = TargetRules.withNaturalBounds(requested);
        Plan plan = plans.findByCode(spec.planCode()).orElse(null);
        TargetRules.check(spec, horizon(plan));
        requireKnownActiveUnits(unitsOf(spec));
        try {
            return log.publish(code, spec, plan, apiChange(caller, null), null);
        } catch (PersistenceException e) {
            if (UniqueViolation.in(e)) {
                // Lost a race with a concurrent create of the same code.
                throw ApiException.conflict("TARGET_CODE_TAKEN", "A target with code " + code + " already exists");
            }
            throw e;
        }
    }

    /**
     * Replaces the target's content with a new revision. An identical content makes no revision;
     * {@code expectedRevision} (from If-Match) guards against lost updates.
     */
    @Transactional
    public Target revise(String code, TargetSpec requested, String note, Integer expectedRevision, Caller caller) {
        Target target = targets.findByCodeForUpdate(code).orElseThrow(() -> notFound(code));
        if (expectedRevision != null && expectedRevision != target.revision) {
            throw new ApiException(412, "REVISION_MISMATCH", "Target " + code + " is at revision " + target.revision
                    + ", not " + expectedRevision + "; read it again and reapply your change");
        }
        if (target.retired()) {
            throw ApiException.conflict("TARGET_RETIRED", "Target " + code + " is retired; it cannot be revised");
        }
        if (!target.content.planCode.equals(requested.planCode())) {
            throw TargetRules.violation("PLAN_CHANGE_NOT_ALLOWED", "planCode", "Target " + code + " belongs to plan "
                    + target.content.planCode + "; a target cannot move to another plan (create a new target instead)");
        }
        TargetSpec spec = TargetRules.withNaturalBounds(requested);
        Plan plan = plans.findByCode(spec.planCode()).orElse(null);
        TargetRules.check(spec, horizon(plan));
        TargetSpec current = target.content.spec();
        if (spec.equals(current)) {
            return target;
        }
        // Units the target already names stay valid (e.g. a department merged since the plan was issued);
        // units this write adds must be known and active.
        Set<String> added = unitsOf(spec);
        added.removeAll(unitsOf(current));
        requireKnownActiveUnits(added);
        return log.revise(target, spec, plan, apiChange(caller, note));
    }

    /** Retiring a retired target changes nothing. */
    @Transactional
    public Target retire(String code, String reason, Caller caller) {
        Target target = targets.findByCodeForUpdate(code).orElseThrow(() -> notFound(code));
        if (target.retired()) {
            return target;
        }
        Plan plan = plans.findByCode(target.content.planCode).orElseThrow();
        return log.retire(target, plan, apiChange(caller, reason));
    }

    @Transactional
    public Plan planOf(Target target) {
        return plans.findByCode(target.content.planCode).orElseThrow();
    }

    private void requireKnownActiveUnits(Set<String> codes) {
        if (codes.isEmpty()) {
            return;
        }
        List<String> bad = units.unknownOrInactive(codes, LocalDate.now(clock));
        if (!bad.isEmpty()) {
            throw TargetRules.violation("UNKNOWN_UNIT", "leadUnits",
                    "Unknown or inactive unit(s): " + String.join(", ", bad));
        }
    }

    static Set<String> unitsOf(TargetSpec spec) {
        Set<String> all = new LinkedHashSet<>(spec.leadUnits());
        all.addAll(spec.contributingUnits());
        return all;
    }

    static TargetRules.Horizon horizon(Plan plan) {
        return plan == null ? null : new TargetRules.Horizon(plan.startYear, plan.endYear);
    }

    private static RevisionLog.Change apiChange(Caller caller, String note) {
        return new RevisionLog.Change(ChangeSource.API, caller.keyId() == null ? "unknown" : caller.keyId(), note);
    }

    private static ApiException notFound(String code) {
        return ApiException.notFound("TARGET_NOT_FOUND", "No target with code " + code);
    }
}
