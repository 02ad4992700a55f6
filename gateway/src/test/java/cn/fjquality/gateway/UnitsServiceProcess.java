package cn.fjquality.gateway;

import cn.fjquality.testsupport.ServiceProcess;
import cn.fjquality.testsupport.TestKafka;
import cn.fjquality.testsupport.TestPostgres;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The gateway's real neighbours for its tests: units-service started from its fast-jar as a child
 * process (on the test JVM's PostgreSQL and Kafka, trusting a key set of two key pairs made here, the gateway's and
 * a next one, with a bootstrap admin key), a port where nothing listens (targets: 502), and {@link StubService} as reports (echo and 504).
 */
public class UnitsServiceProcess implements QuarkusTestResourceLifecycleManager {
    private ServiceProcess process;
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
        Path jar = ServiceProcess.jarOf("units-service");
        Path dir = Files.createDirectories(Path.of("target", "gateway-test")).toAbsolutePath();
        ServiceProcess.CallerTokenKeys keys = ServiceProcess.CallerTokenKeys.writeTo(dir);
        // units-service trusts a key set of two keys, as during a rotation: the gateway's and the next one.
        ServiceProcess.CallerTokenKeys next = ServiceProcess.CallerTokenKeys.writeTo(dir.resolve("next"));
        Path keySet = ServiceProcess.CallerTokenKeys.writeKeySet(dir.resolve("caller-token-keys.jwks"), keys, next);
        String adminKey = newApiKey();
        int deadPort = ServiceProcess.freePort();
        stub = StubService.start();

        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_DATASOURCE_JDBC_URL", TestPostgres.database("units_gw"));
        env.put("QUARKUS_DATASOURCE_USERNAME", TestPostgres.user());
        env.put("QUARKUS_DATASOURCE_PASSWORD", TestPostgres.password());
        env.put("KAFKA_BOOTSTRAP_SERVERS", TestKafka.bootstrapServers());
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", keySet.toString());
        env.put("ADMIN_API_KEY", adminKey);
        process = ServiceProcess.start("units-service", jar, ServiceProcess.freePort(), env, List.of(), dir)
                .awaitReady(Duration.ofSeconds(180));
        String unitsUrl = process.url();

        Map<String, String> config = new HashMap<>();
        config.put("gateway.services.units.url", unitsUrl);
        config.put("gateway.services.targets.url", "http://127.0.0.1:" + deadPort);
        config.put("gateway.services.reports.url", stub.url());
        config.put("smallrye.jwt.sign.key.location", keys.privatePem().toString());
        config.put("test.admin-api-key", adminKey);
        config.put("test.units-url", unitsUrl);
        config.put("test.units-log", process.log().toString());
        config.put("test.stub-url", stub.url());
        config.put("test.key-id", keys.keyId());
        config.put("test.next-key", next.privatePem().toString());
        config.put("test.next-key-id", next.keyId());
        return config;
    }

    @Override
    public void stop() {
        if (process != null) {
            process.close();
        }
        if (stub != null) {
            stub.stop();
        }
    }

    /** fjq_&lt;12 base32 chars&gt;_&lt;43 URL-safe base64 chars&gt;, as in docs/conventions.md. */
    static String newApiKey() {
        return ServiceProcess.newApiKey();
    }
}
