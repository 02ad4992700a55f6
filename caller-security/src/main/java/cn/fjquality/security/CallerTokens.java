package cn.fjquality.security;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

import java.security.PrivateKey;
import java.time.Duration;
import java.util.Set;

/** Mints the short-lived caller token the gateway passes to the services (also used by tests). */
public final class CallerTokens {
    public static final String ISSUER = "https://fj-quality/gateway";
    public static final Duration LIFETIME = Duration.ofSeconds(60);

    private CallerTokens() {
    }

    public static String sign(Caller caller, PrivateKey key) {
        JwtClaimsBuilder claims = Jwt.issuer(ISSUER)
                .subject(caller.keyId())
                .groups(Set.of(caller.role()))
                .expiresIn(LIFETIME);
        if (caller.unitCode() != null) {
            claims.claim(CallerContext.UNIT_CLAIM, caller.unitCode());
            claims.claim(CallerContext.SUBTREE_CLAIM, caller.subtree());
        }
        return claims.jws().sign(key);
    }
}
