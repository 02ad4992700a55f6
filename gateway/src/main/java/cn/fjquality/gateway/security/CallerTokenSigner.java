package cn.fjquality.gateway.security;

import cn.fjquality.gateway.config.GatewayConfig;
import cn.fjquality.gateway.routing.Upstream;
import cn.fjquality.security.Caller;
import cn.fjquality.security.CallerTokens;
import cn.fjquality.security.Roles;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.quarkus.runtime.Startup;
import io.smallrye.jwt.util.KeyUtils;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Optional;
import java.util.concurrent.Executors;

/**
 * Signs the RS256 caller token the services trust (CallerTokens, 60 s lifetime) with the PKCS#8 PEM
 * key at {@code smallrye.jwt.sign.key.location} (SMALLRYE_JWT_SIGN_KEY_LOCATION), for one service at a time: its
 * {@code aud} is the service the request goes to, so a token seen by one service is refused by the others. Its
 * {@code kid} header is {@code gateway.caller-token.key-id} (GATEWAY_CALLER_TOKEN_KEY_ID), or else the RFC 7638
 * thumbprint of the key, so the services can pick the right key from a key set holding the old and the new key
 * during a rotation (docs/operations.md, section 5). A token is reused
 * for the same caller and service for {@code gateway.caller-token-cache} (default 30 s), so it always has at
 * least half its lifetime left when a service sees it. After half that time a token in use is re-signed in
 * the background on one signing thread: an RS256 signature costs a millisecond or more of CPU, which must not
 * be spent on the event loop of a request that could use the cached token (and on a 2-core machine the common
 * pool would start a new thread per refresh).
 */
@Startup
@ApplicationScoped
public class CallerTokenSigner {
    public static final Caller GATEWAY = new Caller("gateway", Roles.GATEWAY, null, false);

    private static final Logger LOG = Logger.getLogger(CallerTokenSigner.class);

    private final PrivateKey key;
    private final String keyId;
    private final LoadingCache<Audienced, String> tokens;

    /** Who, and for which service. */
    private record Audienced(Caller caller, String audience) {
    }

    public CallerTokenSigner(@ConfigProperty(name = "smallrye.jwt.sign.key.location") Optional<String> location,
                             GatewayConfig config) {
        this.key = readKey(location.filter(s -> !s.isBlank()).orElseThrow(() -> new IllegalStateException(
                "SMALLRYE_JWT_SIGN_KEY_LOCATION (smallrye.jwt.sign.key.location) must name the PKCS#8 PEM private key that signs caller tokens")));
        this.keyId = config.callerToken().keyId().filter(s -> !s.isBlank()).map(String::trim).orElseGet(() -> thumbprint(key));
        if (!CallerTokens.KEY_ID.matcher(keyId).matches()) {
            throw new IllegalStateException("gateway.caller-token.key-id (GATEWAY_CALLER_TOKEN_KEY_ID) must be 1-128 characters of [A-Za-z0-9._-]");
        }
        LOG.infof("signing caller tokens with key id (kid) %s", keyId);
        this.tokens = Caffeine.newBuilder()
                .expireAfterWrite(config.callerTokenCache())
                .refreshAfterWrite(config.callerTokenCache().dividedBy(2))
                .executor(Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "caller-token-signer");
                    t.setDaemon(true);
                    return t;
                }))
                .maximumSize(100_000)
                .build(a -> CallerTokens.sign(a.caller(), a.audience(), keyId, key));
    }

    /** A token for {@code caller}'s request to {@code upstream} (accepted by that service only). */
    public String tokenFor(Caller caller, Upstream upstream) {
        return tokens.get(new Audienced(caller, upstream.audience()));
    }

    /** The thumbprint of the public half of an RSA CRT private key (what every PKCS#8 RSA key from openssl or the JDK is). */
    static String thumbprint(PrivateKey key) {
        if (!(key instanceof RSAPrivateCrtKey crt)) {
            throw new IllegalStateException("set gateway.caller-token.key-id: the signing key carries no public exponent to derive one from");
        }
        try {
            RSAPublicKey publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
            return CallerTokens.thumbprint(publicKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static PrivateKey readKey(String location) {
        String pem;
        try {
            pem = new String(open(location), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the caller-token signing key at " + location, e);
        }
        try {
            return KeyUtils.decodePrivateKey(pem);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException("the caller-token signing key at " + location + " is not a PKCS#8 PEM RSA private key", e);
        }
    }

    private static byte[] open(String location) throws IOException {
        if (location.startsWith("classpath:")) {
            String name = location.substring("classpath:".length()).replaceFirst("^/", "");
            try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(name)) {
                if (in == null) {
                    throw new IOException("no such classpath resource");
                }
                return in.readAllBytes();
            }
        }
        if (location.startsWith("file:")) {
            return Files.readAllBytes(Path.of(URI.create(location)));
        }
        return Files.readAllBytes(Path.of(location));
    }
}
