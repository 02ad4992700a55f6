import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;

/**
 * Fallback of deploy/stack when openssl is not on the machine: writes an RSA 2048 key pair as
 * PEM, the private key as PKCS#8 ("BEGIN PRIVATE KEY", mode 600) and the public key as
 * X.509 SubjectPublicKeyInfo ("BEGIN PUBLIC KEY").
 *
 * <p>Run with the JDK's source launcher: {@code java GenKeys.java <private.pem> <public.pem>}.
 */
public class GenKeys {
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: java GenKeys.java <private.pem> <public.pem>");
            System.exit(2);
        }
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();

        Path privatePem = Path.of(args[0]);
        Files.deleteIfExists(privatePem);
        Files.createFile(privatePem, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(privatePem, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        Files.writeString(Path.of(args[1]), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
