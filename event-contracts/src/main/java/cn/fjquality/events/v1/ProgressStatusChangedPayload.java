package cn.fjquality.events.v1;

import java.math.BigDecimal;
import java.time.Instant;

/** A target's status for one scope (PROVINCE or a unit code) changed. */
public record ProgressStatusChangedPayload(
        String targetCode,
        String scope,
        String previousStatus,
        String status,
        BigDecimal actual,
        BigDecimal forecast,
        Instant asOf) {
}
