package cn.fjquality.gateway.security;

import cn.fjquality.gateway.config.GatewayConfig;
import cn.fjquality.security.Caller;
import cn.fjquality.security.CallerTokens;
import cn.fjquality.security.Roles;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.quarkus.runtime.Startup;
import io.smallrye.jwt.util.KeyUtils;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.util.Optional;
import java.util.concurrent.Executors;

/**
 * Signs the RS256 caller token the services trust (CallerTokens, 60 s lifetime) with the PKCS#8 PEM
 * key at {@code smallrye.jwt.sign.key.location} (SMALLRYE_JWT_SIGN_KEY_LOCATION). A token is reused
 * for the same caller for {@code gateway.caller-token-cache} (default 30 s), so it always has at
 * least half its lifetime left when a service sees it. After half that time a token in use is re-signed in
 * the background on one signing thread: an RS256 signature costs a millisecond or more of CPU, which must not
 * be spent on the event loop of a request that could use the cached token (and on a 2-core machine the common
 * pool would start a new thread per refresh).
 */
@Startup
@ApplicationScoped
public class CallerTokenSigner {
    public static final Caller GATEWAY = new Caller("gateway", Roles.GATEWAY, null, false);

    private final PrivateKey key;
    private final LoadingCache<Caller, String> tokens;

    public CallerTokenSigner(@ConfigProperty(name = "smallrye.jwt.sign.key.location") Optional<String> location,
                             GatewayConfig config) {
        this.key = readKey(location.filter(s -> !s.isBlank()).orElseThrow(() -> new IllegalStateException(
                "SMALLRYE_JWT_SIGN_KEY_LOCATION (smallrye.jwt.sign.key.location) must name the PKCS#8 PEM private key that signs caller tokens")));
        this.tokens = Caffeine.newBuilder()
                .expireAfterWrite(config.callerTokenCache())
                .refreshAfterWrite(config.callerTokenCache().dividedBy(2))
                .executor(Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "caller-token-signer");
                    t.setDaemon(true);
                    return t;
                }))
                .maximumSize(100_000)
                .build(c -> CallerTokens.sign(c, key));
    }

    public String tokenFor(Caller caller) {
        return tokens.get(caller);
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
