package cn.fjquality.gateway.security;

import cn.fjquality.security.Caller;
import cn.fjquality.security.CallerTokens;
import cn.fjquality.security.Roles;
import cn.fjquality.testsupport.ServiceProcess;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import org.jose4j.jwk.RsaJsonWebKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The key ids and key files the services verify caller tokens with, checked with smallrye-jwt's own parser configured
 * as a service is (a key location, the issuer, the service's audience): a single PEM (Compose, Kubernetes, the system
 * tests) takes tokens whatever their kid; a JWK set picks the key by kid.
 */
class CallerTokenKeysTest {
    private static final Caller CALLER = new Caller("k", Roles.ANALYST, null, false);

    @Test
    void theDefaultKeyIdIsTheRfc7638Thumbprint(@TempDir Path dir) throws Exception {
        ServiceProcess.CallerTokenKeys keys = ServiceProcess.CallerTokenKeys.writeTo(dir);
        String jose4j = new RsaJsonWebKey(keys.publicKey()).calculateBase64urlEncodedThumbprint("SHA-256");
        assertEquals(jose4j, CallerTokens.thumbprint(keys.publicKey()));
        assertEquals(jose4j, CallerTokenSigner.thumbprint(keys.privateKey()), "derived from the private key alone");
    }

    @Test
    void aPemKeyTakesTokensWhateverTheirKidForItsAudienceOnly(@TempDir Path dir) throws Exception {
        ServiceProcess.CallerTokenKeys keys = ServiceProcess.CallerTokenKeys.writeTo(dir);
        DefaultJWTParser units = parser(keys.publicPem(), CallerTokens.UNITS_SERVICE);
        assertEquals("k", units.parse(CallerTokens.sign(CALLER, CallerTokens.UNITS_SERVICE, keys.keyId(), keys.privateKey())).getSubject());
        assertEquals("k", units.parse(CallerTokens.sign(CALLER, CallerTokens.UNITS_SERVICE, "any-kid", keys.privateKey())).getSubject());
        assertThrows(ParseException.class, () -> units.parse(CallerTokens.sign(CALLER, CallerTokens.REPORTS_SERVICE, keys.keyId(), keys.privateKey())));
    }

    @Test
    void aKeySetTakesBothKeysEachUnderItsOwnId(@TempDir Path dir) throws Exception {
        ServiceProcess.CallerTokenKeys old = ServiceProcess.CallerTokenKeys.writeTo(dir.resolve("old"));
        ServiceProcess.CallerTokenKeys next = ServiceProcess.CallerTokenKeys.writeTo(dir.resolve("new"));
        Path set = ServiceProcess.CallerTokenKeys.writeKeySet(dir.resolve("keys.jwks"), old, next);
        DefaultJWTParser reports = parser(set, CallerTokens.REPORTS_SERVICE);
        assertEquals("k", reports.parse(CallerTokens.sign(CALLER, CallerTokens.REPORTS_SERVICE, old.keyId(), old.privateKey())).getSubject());
        assertEquals("k", reports.parse(CallerTokens.sign(CALLER, CallerTokens.REPORTS_SERVICE, next.keyId(), next.privateKey())).getSubject());
        assertThrows(ParseException.class, () -> reports.parse(CallerTokens.sign(CALLER, CallerTokens.REPORTS_SERVICE, old.keyId(), next.privateKey())));
        assertThrows(ParseException.class, () -> reports.parse(CallerTokens.sign(CALLER, CallerTokens.REPORTS_SERVICE, "unknown", old.privateKey())));
        assertThrows(ParseException.class, () -> reports.parse(CallerTokens.sign(CALLER, CallerTokens.TARGETS_SERVICE, old.keyId(), old.privateKey())));
    }

    private static DefaultJWTParser parser(Path keyLocation, String audience) {
        JWTAuthContextInfo info = new JWTAuthContextInfo(keyLocation.toString(), CallerTokens.ISSUER);
        info.setExpectedAudience(Set.of(audience));
        return new DefaultJWTParser(info);
    }
}
