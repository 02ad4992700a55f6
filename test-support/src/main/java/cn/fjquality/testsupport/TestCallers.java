package cn.fjquality.testsupport;

import cn.fjquality.security.Caller;
import cn.fjquality.security.CallerTokens;
import cn.fjquality.security.Roles;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Caller tokens for tests, signed by a key pair made once per test JVM; {@link CallerTokenResource}
 * gives the public half to the service under test, exactly as deploy/stack does for the gateway's key.
 */
public final class TestCallers {
    private static final KeyPair KEYS = generate();

    private TestCallers() {
    }

    public static String bearer(Caller caller) {
        return "Bearer " + CallerTokens.sign(caller, KEYS.getPrivate());
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

    /** A token signed by a key the service does not trust. */
    public static String forged() {
        return "Bearer " + CallerTokens.sign(new Caller("forged", Roles.ADMIN, null, false), generate().getPrivate());
    }

    static String publicKeyPem() {
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(KEYS.getPublic().getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----";
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
