package cn.fjquality.gateway.security;

import cn.fjquality.security.Caller;

import java.time.Instant;

/**
 * units-service's answer about one key: who it is, or why it may not be used; {@code validUntil}: when its unit stops
 * being active (null: no end), past which the answer is not kept.
 */
public record VerifiedKey(boolean valid, String reason, Caller caller, Instant validUntil) {

    public VerifiedKey(boolean valid, String reason, Caller caller) {
        this(valid, reason, caller, null);
    }

    public static VerifiedKey invalid(String reason) {
        return new VerifiedKey(false, reason == null ? "UNKNOWN" : reason, null, null);
    }
}
