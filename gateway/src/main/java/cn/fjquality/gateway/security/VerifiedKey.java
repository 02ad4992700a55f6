package cn.fjquality.gateway.security;

import cn.fjquality.security.Caller;

/** units-service's answer about one key: who it is, or why it may not be used. */
public record VerifiedKey(boolean valid, String reason, Caller caller) {

    public static VerifiedKey invalid(String reason) {
        return new VerifiedKey(false, reason == null ? "UNKNOWN" : reason, null);
    }
}
