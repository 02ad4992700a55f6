package cn.fjquality.testsupport;

import cn.fjquality.security.Caller;
import cn.fjquality.security.CallerContext;
import cn.fjquality.security.CallerTokens;
import cn.fjquality.security.Roles;
import io.smallrye.jwt.build.Jwt;
import org.eclipse.microprofile.config.ConfigProvider;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Caller tokens for tests, signed by a key pair made once per test JVM; {@link ServiceInfrastructure} gives the
 * service under test a key set ({@link #publicKeySet()}) holding that key ({@link #KEY_ID}) and a second one
 * ({@link #NEXT_KEY_ID}), as during a rotation of the gateway's key (docs/operations.md, section 5).
 *
 * <p>Tokens carry the audience of the service under test: its {@code mp.jwt.verify.audiences}, read from the running
 * test's configuration (each service accepts only tokens minted for it, as the gateway mints them).
 */
public final class TestCallers {
    public static final String KEY_ID = "test-current";
    public static final String NEXT_KEY_ID = "test-next";
    private static final KeyPair KEYS = generate();
    private static final KeyPair NEXT_KEYS = generate();

    private TestCallers() {
    }

    /** A token for the service under test. */
    public static String bearer(Caller caller) {
        return bearer(caller, audience());
    }

    /** A token for {@code audience} (e.g. {@link CallerTokens#REPORTS_SERVICE}, to show another service refuses it). */
    public static String bearer(Caller caller, String audience) {
        return "Bearer " + CallerTokens.sign(caller, audience, KEY_ID, KEYS.getPrivate());
    }

    public static String admin() {
        return bearer(new Caller("test-admin", Roles.ADMIN, null, false));
    }

    public static String analyst() {
        return bearer(new Caller("test-analyst", Roles.ANALYST, null, false));
    }

    public static String reporter(String unitCode) {
        return bearer(new Caller("test-reporter-" + unitCode.toLowerCase(), Roles.REPORTER, unitCode, false));
    }

    public static String gateway() {
        return bearer(new Caller("gateway", Roles.GATEWAY, null, false));
    }

    /** A token signed by a key the service does not trust (under the trusted key's id). */
    public static String forged() {
        return "Bearer " + CallerTokens.sign(new Caller("forged", Roles.ADMIN, null, false), audience(), KEY_ID, generate().getPrivate());
    }

    /** A token signed by the second key of the key set, under its own key id (the new key of a rotation). */
    public static String signedWithNextKey(Caller caller) {
        return "Bearer " + CallerTokens.sign(caller, audience(), NEXT_KEY_ID, NEXT_KEYS.getPrivate());
    }

    /** A token without {@code aud}, otherwise like {@link #bearer(Caller)} (what the gateway minted before audiences). */
    public static String withoutAudience(Caller caller) {
        var claims = Jwt.issuer(CallerTokens.ISSUER).subject(caller.keyId()).groups(Set.of(caller.role()))
                .expiresIn(CallerTokens.LIFETIME);
        if (caller.unitCode() != null) {
            claims.claim(CallerContext.UNIT_CLAIM, caller.unitCode());
            claims.claim(CallerContext.SUBTREE_CLAIM, caller.subtree());
        }
        return "Bearer " + claims.jws().keyId(KEY_ID).sign(KEYS.getPrivate());
    }

    /**
     * The audience of the service under test: the first of its {@code mp.jwt.verify.audiences}
     * (e.g. {@code units-service}).
     */
    public static String audience() {
        return ConfigProvider.getConfig().getOptionalValue("mp.jwt.verify.audiences", String.class)
                .map(a -> a.split(",")[0].trim())
                .filter(a -> !a.isEmpty())
                .orElseThrow(() -> new IllegalStateException(
                        "mp.jwt.verify.audiences is not set for the service under test: set it, or name the audience (bearer(caller, audience))"));
    }

    /** The service's key set: the current key and the next one, each under its key id. */
    static String publicKeySet() {
        Map<String, RSAPublicKey> keys = new LinkedHashMap<>();
        keys.put(KEY_ID, (RSAPublicKey) KEYS.getPublic());
        keys.put(NEXT_KEY_ID, (RSAPublicKey) NEXT_KEYS.getPublic());
        return CallerTokens.jwks(keys);
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
