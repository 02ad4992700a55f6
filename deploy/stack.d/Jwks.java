import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Writes the JWK set the services verify caller tokens with (MP_JWT_VERIFY_PUBLICKEY_LOCATION) from PEM public keys
 * ("BEGIN PUBLIC KEY"), to standard output. Each key's kid is its RFC 7638 thumbprint, which is what the gateway puts
 * into its tokens when GATEWAY_CALLER_TOKEN_KEY_ID is not set; {@code file.pem=KID} names it yourself (then give the
 * gateway the same GATEWAY_CALLER_TOKEN_KEY_ID). During a key rotation list the old and the new key
 * (docs/operations.md, section 5).
 *
 * <p>Run with the JDK's source launcher: {@code java Jwks.java old-public.pem new-public.pem > caller-token-keys.jwks}.
 */
public class Jwks {
    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: java Jwks.java <public.pem>[=<kid>] ... > keys.jwks");
            System.exit(2);
        }
        List<String> keys = new ArrayList<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            Path pem = Path.of(eq < 0 ? arg : arg.substring(0, eq));
            String base64 = Files.readString(pem, StandardCharsets.US_ASCII)
                    .replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
            RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
            String n = b64(key.getModulus());
            String e = b64(key.getPublicExponent());
            String kid = eq < 0 ? thumbprint(n, e) : arg.substring(eq + 1);
            if (!kid.matches("[A-Za-z0-9._-]{1,128}")) {
                throw new IllegalArgumentException("a kid is 1-128 characters of [A-Za-z0-9._-]: " + kid);
            }
            keys.add("{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"" + kid + "\",\"n\":\"" + n + "\",\"e\":\"" + e + "\"}");
        }
        System.out.println("{\"keys\":[" + String.join(",", keys) + "]}");
    }

    /** RFC 7638: SHA-256 of the required members in lexicographic order, base64url. */
    private static String thumbprint(String n, String e) throws Exception {
        byte[] canonical = ("{\"e\":\"" + e + "\",\"kty\":\"RSA\",\"n\":\"" + n + "\"}").getBytes(StandardCharsets.US_ASCII);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(canonical));
    }

    /** An unsigned big-endian integer, base64url without padding (as JWK wants it). */
    private static String b64(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
