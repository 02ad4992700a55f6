package cn.fjquality.units.service;

import org.apache.commons.codec.binary.Base32;
import org.apache.commons.codec.digest.DigestUtils;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * API keys look like {@code fjq_<keyId>_<secret>}: the key id (60 random bits, base32) is public and
 * used for lookup and logs; the secret (256 random bits) is stored only as its SHA-256. A fast hash is
 * the right tool here: brute force against 256 random bits is hopeless, and a slow password hash would
 * only add latency to every verification.
 */
public final class ApiKeyCodec {
    private static final Pattern FORMAT = Pattern.compile("fjq_([a-z2-7]{12})_([A-Za-z0-9_-]{43})");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base32 BASE32 = new Base32();

    private ApiKeyCodec() {
    }

    public record ParsedKey(String keyId, String secret) {
    }

    public record NewKey(String keyId, String secret, String secretHash) {
        public String apiKey() {
            return "fjq_" + keyId + "_" + secret;
        }
    }

    public static NewKey generate() {
        byte[] idBytes = new byte[8];
        RANDOM.nextBytes(idBytes);
        String keyId = BASE32.encodeAsString(idBytes).toLowerCase(Locale.ROOT).substring(0, 12);
        byte[] secretBytes = new byte[32];
        RANDOM.nextBytes(secretBytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
        return new NewKey(keyId, secret, hash(secret));
    }

    public static Optional<ParsedKey> parse(String apiKey) {
        if (apiKey == null) {
            return Optional.empty();
        }
        Matcher m = FORMAT.matcher(apiKey.trim());
        return m.matches() ? Optional.of(new ParsedKey(m.group(1), m.group(2))) : Optional.empty();
    }

    public static String hash(String secret) {
        return DigestUtils.sha256Hex(secret);
    }

    /** Constant-time comparison, so response timing says nothing about how much of a guess was right. */
    public static boolean matches(String secret, String storedHash) {
        return MessageDigest.isEqual(hash(secret).getBytes(StandardCharsets.US_ASCII),
                storedHash.getBytes(StandardCharsets.US_ASCII));
    }
}
