package cn.fjquality.targets.messaging;

import cn.fjquality.events.Topics;
import cn.fjquality.events.v1.TargetEventType;
import cn.fjquality.events.v1.TargetPayload;
import cn.fjquality.outbox.OutboxWriter;
import cn.fjquality.targets.domain.Plan;
import cn.fjquality.targets.domain.Target;
import cn.fjquality.targets.domain.TargetContent;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** Writes {@code targets.v1} events to the outbox, in the caller's transaction; key = target code. */
@ApplicationScoped
public class TargetEvents {
    private final OutboxWriter outbox;

    public TargetEvents(OutboxWriter outbox) {
        this.outbox = outbox;
    }

    public void emit(TargetEventType type, Target target, Plan plan) {
        outbox.append(Topics.TARGETS, target.code, type, TargetEventType.SCHEMA_VERSION, payload(target, plan));
    }

    public static TargetPayload payload(Target t, Plan plan) {
        TargetContent c = t.content;
        return new TargetPayload(t.code, t.revision, c.planCode, plan.startYear, plan.endYear, c.section, c.nameZh,
                c.nameEn, c.kind.name(), c.comparator.name(), c.targetValue, c.unit, c.deadlineYear, c.baselineYear,
                c.baselineValue, c.direction.name(), c.reportingFrequency.name(), c.aggregation.name(), c.lowerBound,
                c.upperBound, List.copyOf(c.leadUnits), List.copyOf(c.contributingUnits), t.retired(),
                c.departmentFigures.name(), c.reportDueAfter);
    }
}
