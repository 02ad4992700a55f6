package cn.fjquality.targets.service;

import cn.fjquality.events.v1.TargetEventType;
import cn.fjquality.targets.domain.ChangeSource;
import cn.fjquality.targets.domain.ChangeType;
import cn.fjquality.targets.domain.Plan;
import cn.fjquality.targets.domain.Target;
import cn.fjquality.targets.domain.TargetContent;
import cn.fjquality.targets.domain.TargetRepository;
import cn.fjquality.targets.domain.TargetRevision;
import cn.fjquality.targets.domain.TargetRevisionRepository;
import cn.fjquality.targets.domain.TargetSpec;
import cn.fjquality.targets.messaging.TargetEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place that changes a target: appends a revision (never overwriting one), moves the target to
 * it and writes its {@code targets.v1} event, all in the caller's transaction.
 */
@ApplicationScoped
public class RevisionLog {
    private final TargetRepository targets;
    private final TargetRevisionRepository revisions;
    private final TargetEvents events;
    private final ProgressService progress;
    private final Clock clock;

    public RevisionLog(TargetRepository targets, TargetRevisionRepository revisions, TargetEvents events,
                       ProgressService progress, Clock clock) {
        this.targets = targets;
        this.revisions = revisions;
        this.events = events;
        this.progress = progress;
        this.clock = clock;
    }

    public record Change(ChangeSource source, String by, String note) {
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Target publish(String code, TargetSpec spec, Plan plan, Change change, String catalogHash) {
        Instant now = Instant.now(clock);
        Target t = new Target();
        t.code = code;
        t.revision = 1;
        t.content = TargetContent.of(spec);
        t.catalogHash = catalogHash;
        t.createdAt = now;
        t.updatedAt = now;
        targets.persistAndFlush(t);
        append(t, ChangeType.PUBLISHED, change, List.of(), now);
        events.emit(TargetEventType.TargetPublished, t, plan);
        return t;
    }

    /** A new revision with new content; the caller has checked that the content differs. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Target revise(Target t, TargetSpec spec, Plan plan, Change change) {
        Instant now = Instant.now(clock);
        List<String> changed = spec.changedFrom(t.content.spec());
        t.revision++;
        t.content = TargetContent.of(spec);
        t.updatedAt = now;
        targets.flush();
        append(t, ChangeType.REVISED, change, changed, now);
        events.emit(TargetEventType.TargetRevised, t, plan);
        // The new content (target value, baseline, kind ...) changes the assessments already stored for it.
        progress.recomputeTarget(t);
        return t;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Target retire(Target t, Plan plan, Change change) {
        Instant now = Instant.now(clock);
        t.revision++;
        t.retiredAt = now;
        t.updatedAt = now;
        targets.flush();
        append(t, ChangeType.RETIRED, change, List.of("retired"), now);
        events.emit(TargetEventType.TargetRetired, t, plan);
        progress.retired();
        return t;
    }

    private void append(Target t, ChangeType type, Change change, List<String> changedFields, Instant now) {
        TargetRevision r = new TargetRevision();
        r.targetCode = t.code;
        r.revision = t.revision;
        r.changeType = type;
        r.changeSource = change.source();
        r.changedBy = change.by();
        r.changedAt = now;
        r.changeNote = change.note();
        r.changedFields = new ArrayList<>(changedFields);
        r.retired = t.retired();
        r.content = TargetContent.of(t.content.spec());
        revisions.persist(r);
    }
}
