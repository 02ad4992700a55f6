package cn.fjquality.security;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import org.apache.commons.codec.digest.DigestUtils;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Mints the short-lived caller token the gateway passes to the services (also used by tests): RS256, issuer
 * {@link #ISSUER}, audience the one service it is for ({@code mp.jwt.verify.audiences} of that service, e.g.
 * {@link #UNITS_SERVICE}), and a {@code kid} header naming the signing key in the services' key set.
 */
public final class CallerTokens {
    public static final String ISSUER = "https://fj-quality/gateway";
    public static final Duration LIFETIME = Duration.ofSeconds(60);
    /** Audiences: each service accepts only tokens minted for it. */
    public static final String UNITS_SERVICE = "units-service";
    public static final String TARGETS_SERVICE = "targets-service";
    public static final String REPORTS_SERVICE = "reports-service";
    /** What a key id may look like (the thumbprint is 43 of these characters). */
    public static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private CallerTokens() {
    }

    /**
     * @param audience the service the token is for ({@code aud})
     * @param keyId    the {@code kid} header: the id of {@code key}'s public half in the services' key set
     */
    public static String sign(Caller caller, String audience, String keyId, PrivateKey key) {
        Objects.requireNonNull(audience, "a caller token names the one service it is for");
        JwtClaimsBuilder claims = Jwt.issuer(ISSUER)
                .audience(audience)
                .subject(caller.keyId())
                .groups(Set.of(caller.role()))
                .expiresIn(LIFETIME);
        if (caller.unitCode() != null) {
            claims.claim(CallerContext.UNIT_CLAIM, caller.unitCode());
            claims.claim(CallerContext.SUBTREE_CLAIM, caller.subtree());
        }
        return keyId == null ? claims.jws().sign(key) : claims.jws().keyId(keyId).sign(key);
    }

    /**
     * The RFC 7638 JWK thumbprint (SHA-256, base64url) of an RSA public key: the {@code kid} the gateway uses when it
     * is given none, and the one deploy/stack writes into the services' key set.
     */
    public static String thumbprint(RSAPublicKey key) {
        String canonical = "{\"e\":\"" + b64(key.getPublicExponent().toByteArray()) + "\",\"kty\":\"RSA\",\"n\":\""
                + b64(key.getModulus().toByteArray()) + "\"}";
        return Base64.getUrlEncoder().withoutPadding().encodeToString(DigestUtils.sha256(canonical.getBytes(StandardCharsets.US_ASCII)));
    }

    /** A JWK set ({@code {"keys":[...]}}) of RSA public keys by key id, as the services read it. */
    public static String jwks(Map<String, RSAPublicKey> keysById) {
        keysById.keySet().forEach(kid -> {
            if (!KEY_ID.matcher(kid).matches()) {
                throw new IllegalArgumentException("a key id is 1-128 characters of [A-Za-z0-9._-]: " + kid);
            }
        });
        List<String> keys = keysById.entrySet().stream()
                .map(e -> "{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"" + e.getKey()
                        + "\",\"n\":\"" + b64(e.getValue().getModulus().toByteArray())
                        + "\",\"e\":\"" + b64(e.getValue().getPublicExponent().toByteArray()) + "\"}")
                .toList();
        return keys.stream().collect(Collectors.joining(",", "{\"keys\":[", "]}"));
    }

    /** base64url of an unsigned big-endian integer (no leading zero byte), as JWK wants it. */
    private static String b64(byte[] twosComplement) {
        int skip = 0;
        while (skip < twosComplement.length - 1 && twosComplement[skip] == 0) {
            skip++;
        }
        byte[] unsigned = Arrays.copyOfRange(twosComplement, skip, twosComplement.length);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(unsigned);
    }
}
