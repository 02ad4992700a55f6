package cn.fjquality.targets.messaging;

import cn.fjquality.events.Topics;
import cn.fjquality.events.v1.ProgressEventType;
import cn.fjquality.events.v1.ProgressStatusChangedPayload;
import cn.fjquality.outbox.OutboxWriter;
import cn.fjquality.targets.domain.ProgressRow;
import cn.fjquality.targets.domain.progress.ProgressStatus;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

/** Writes {@code progress.v1} events to the outbox, in the caller's transaction; key = target code. */
@ApplicationScoped
public class ProgressEvents {
    private final OutboxWriter outbox;

    public ProgressEvents(OutboxWriter outbox) {
        this.outbox = outbox;
    }

    public void statusChanged(ProgressRow row, ProgressStatus previous, Instant asOf) {
        outbox.append(Topics.PROGRESS, row.targetCode, ProgressEventType.ProgressStatusChanged, ProgressEventType.SCHEMA_VERSION,
                new ProgressStatusChangedPayload(row.targetCode, row.scope, previous == null ? null : previous.name(),
                        row.status.name(), decimal(row.actual), decimal(row.forecast), asOf));
    }

    /** Doubles on the wire as plain decimals, 6 places at most (98.7234042553 → 98.723404). */
    public static BigDecimal decimal(Double d) {
        if (d == null || d.isNaN() || d.isInfinite()) {
            return null;
        }
        BigDecimal b = BigDecimal.valueOf(d).setScale(6, RoundingMode.HALF_UP).stripTrailingZeros();
        return b.scale() < 0 ? b.setScale(0) : b;
    }
}
