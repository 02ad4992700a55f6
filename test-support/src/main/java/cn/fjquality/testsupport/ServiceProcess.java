package cn.fjquality.testsupport;

import cn.fjquality.security.CallerTokens;
import io.smallrye.jwt.util.KeyUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A service's Quarkus fast-jar started as a child process of the test JVM (on 127.0.0.1, a free port,
 * its output in a log file), for tests that need the real neighbours of what they test.
 */
public final class ServiceProcess implements AutoCloseable {
    private static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private final String name;
    private final int port;
    private final Path log;
    private final Process process;

    private ServiceProcess(String name, int port, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /** The fast-jar of a module, from system property {@code <module>.jar} or the sibling module's target/. */
    public static Path jarOf(String module) {
        Path jar = Path.of(System.getProperty(module + ".jar", "../" + module + "/target/quarkus-app/quarkus-run.jar"))
                .toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build " + module + " first (./mvnw -B install -DskipTests -pl " + module + " -am)");
        }
        return jar;
    }

    /**
     * Starts {@code jar} on {@code port} (QUARKUS_HTTP_PORT/HOST are set here) with the extra environment and
     * system properties, in the module's directory, and returns without waiting: see {@link #awaitReady}.
     */
    public static ServiceProcess start(String name, Path jar, int port, Map<String, String> env,
                                       List<String> jvmOptions, Path logDir) {
        try {
            Files.createDirectories(logDir);
            Path log = logDir.resolve(name + ".log").toAbsolutePath();
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(DEFAULT_JVM_OPTIONS);
            command.addAll(jvmOptions);
            command.add("-jar");
            command.add(jar.toString());
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
            builder.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
            builder.environment().putAll(env);
            // module/target/quarkus-app/quarkus-run.jar: run in the module's directory, as deploy/stack does
            builder.directory(jar.getParent().getParent().getParent().toFile());
            builder.redirectErrorStream(true);
            builder.redirectOutput(log.toFile());
            Process process = builder.start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
            return new ServiceProcess(name, port, log, process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public Path log() {
        return log;
    }

    /** Waits until /q/health/ready answers 200; fails with the log's tail when the process exits or time runs out. */
    public ServiceProcess awaitReady(Duration timeout) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + tail());
            }
            try {
                HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return this;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(300);
        }
        throw new IllegalStateException(name + " not ready after " + timeout.toSeconds() + " s:\n" + tail());
    }

    /** SIGTERM, then SIGKILL after 20 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The last 40 lines of the log. */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** fjq_&lt;12 base32 chars&gt;_&lt;43 URL-safe base64 chars&gt;, as in docs/conventions.md. */
    public static String newApiKey() {
        SecureRandom random = new SecureRandom();
        String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            id.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        return "fjq_" + id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** The caller-token key pair as PEM files: the gateway signs with the private one, the services verify with the public one. */
    public record CallerTokenKeys(Path privatePem, Path publicPem) {
        public static CallerTokenKeys writeTo(Path dir) {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair keys = generator.generateKeyPair();
                Files.createDirectories(dir);
                Path privatePem = dir.resolve("caller-token-private.pem").toAbsolutePath();
                Path publicPem = dir.resolve("caller-token-public.pem").toAbsolutePath();
                Files.writeString(privatePem, pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
                Files.writeString(publicPem, pem("PUBLIC KEY", keys.getPublic().getEncoded()));
                return new CallerTokenKeys(privatePem, publicPem);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        public RSAPublicKey publicKey() {
            try {
                return (RSAPublicKey) KeyUtils.decodePublicKey(Files.readString(publicPem));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        public PrivateKey privateKey() {
            try {
                return KeyUtils.decodePrivateKey(Files.readString(privatePem));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The key's id: the RFC 7638 thumbprint of its public half, the kid the gateway signs with by default. */
        public String keyId() {
            return CallerTokens.thumbprint(publicKey());
        }

        /** A JWK set of the keys' public halves, each under its {@link #keyId()}: what the services read during a rotation. */
        public static Path writeKeySet(Path file, CallerTokenKeys... keys) {
            Map<String, RSAPublicKey> set = new LinkedHashMap<>();
            for (CallerTokenKeys k : keys) {
                set.put(k.keyId(), k.publicKey());
            }
            try {
                Files.writeString(file, CallerTokens.jwks(set));
                return file.toAbsolutePath();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static String pem(String type, byte[] der) {
            return "-----BEGIN " + type + "-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                    + "\n-----END " + type + "-----\n";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
