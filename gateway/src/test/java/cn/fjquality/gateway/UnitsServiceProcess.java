package cn.fjquality.gateway;

import cn.fjquality.testsupport.TestKafka;
import cn.fjquality.testsupport.TestPostgres;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

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
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's real neighbours for its tests: units-service started from its fast-jar as a child
 * process (on the test JVM's PostgreSQL and Kafka, trusting a key pair made here, with a bootstrap admin
 * key), a port where nothing listens (targets: 502), and {@link StubService} as reports (echo and 504).
 */
public class UnitsServiceProcess implements QuarkusTestResourceLifecycleManager {
    private Process process;
    private StubService stub;

    @Override
    public Map<String, String> start() {
        try {
            return startAll();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, String> startAll() throws IOException {
        Path jar = Path.of(System.getProperty("units-service.jar", "../units-service/target/quarkus-app/quarkus-run.jar")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build units-service first (./mvnw -B install -DskipTests -pl units-service -am)");
        }
        Path dir = Files.createDirectories(Path.of("target", "gateway-test")).toAbsolutePath();
        KeyPair keys = rsa();
        Path privatePem = dir.resolve("caller-token-private.pem");
        Path publicPem = dir.resolve("caller-token-public.pem");
        Files.writeString(privatePem, pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
        Files.writeString(publicPem, pem("PUBLIC KEY", keys.getPublic().getEncoded()));
        String adminKey = newApiKey();
        int unitsPort = freePort();
        int deadPort = freePort();
        stub = StubService.start();
        Path log = dir.resolve("units-service.log");

        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar.toString()));
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(unitsPort));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_DATASOURCE_JDBC_URL", TestPostgres.database("units_gw"));
        env.put("QUARKUS_DATASOURCE_USERNAME", TestPostgres.user());
        env.put("QUARKUS_DATASOURCE_PASSWORD", TestPostgres.password());
        env.put("KAFKA_BOOTSTRAP_SERVERS", TestKafka.bootstrapServers());
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", publicPem.toString());
        env.put("ADMIN_API_KEY", adminKey);
        builder.directory(jar.getParent().getParent().getParent().toFile());
        builder.redirectErrorStream(true);
        builder.redirectOutput(log.toFile());
        process = builder.start();
        Process started = process;
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroy));
        String unitsUrl = "http://127.0.0.1:" + unitsPort;
        awaitReady(unitsUrl, log);

        Map<String, String> config = new HashMap<>();
        config.put("gateway.services.units.url", unitsUrl);
        config.put("gateway.services.targets.url", "http://127.0.0.1:" + deadPort);
        config.put("gateway.services.reports.url", stub.url());
        config.put("smallrye.jwt.sign.key.location", privatePem.toString());
        config.put("test.admin-api-key", adminKey);
        config.put("test.units-url", unitsUrl);
        config.put("test.units-log", log.toString());
        config.put("test.stub-url", stub.url());
        return config;
    }

    private void awaitReady(String url, Path log) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("units-service exited with " + process.exitValue() + ":\n" + tail(log));
            }
            try {
                HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create(url + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("units-service not ready after 180 s:\n" + tail(log));
    }

    @Override
    public void stop() {
        if (process != null) {
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
        if (stub != null) {
            stub.stop();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** fjq_&lt;12 base32 chars&gt;_&lt;43 URL-safe base64 chars&gt;, as in docs/conventions.md. */
    static String newApiKey() {
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

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
