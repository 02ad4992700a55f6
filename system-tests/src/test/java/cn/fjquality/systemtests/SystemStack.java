package cn.fjquality.systemtests;

import cn.fjquality.testsupport.ServiceProcess;
import cn.fjquality.testsupport.TestKafka;
import cn.fjquality.testsupport.TestPostgres;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The four services from their fast-jars as child processes of the test JVM, on test-support's embedded
 * PostgreSQL (databases units_sys, targets_sys, reports_sys) and in-JVM Kafka, behind the gateway.
 * Started once per test JVM and shared by every test class (JUnit Jupiter's and jqwik's); stopped at JVM exit
 * (ServiceProcess' shutdown hook), or by {@link #stop()}.
 */
public final class SystemStack {
    private static SystemStack instance;

    /**
     * Generous limits: the fuzzer sends thousands of requests a minute with one key per role, and thousands of
     * unknown and missing keys from one address (the failed-authentication throttle would answer all of it 429).
     */
    private static final List<String> GATEWAY_RATE_LIMITS = List.of(
            "-Dgateway.rate-limit.admin.per-second=100000", "-Dgateway.rate-limit.admin.burst=100000",
            "-Dgateway.rate-limit.analyst.per-second=100000", "-Dgateway.rate-limit.analyst.burst=100000",
            "-Dgateway.rate-limit.reporter.per-second=100000", "-Dgateway.rate-limit.reporter.burst=100000",
            "-Dgateway.auth-failures.enabled=false",
            // the servers entry of the merged OpenAPI: the local stack's gateway, whatever port this one listens on,
            // so the document compared with docs/openapi.json does not change with the port
            "-Dgateway.public-url=" + OpenApiDocument.PUBLIC_URL);

    public final String gatewayUrl;
    public final String adminKey;
    /** JDBC URL per service database: units, targets, reports. */
    public final Map<String, String> databases;
    private final List<ServiceProcess> processes;

    private SystemStack(String gatewayUrl, String adminKey, Map<String, String> databases, List<ServiceProcess> processes) {
        this.gatewayUrl = gatewayUrl;
        this.adminKey = adminKey;
        this.databases = databases;
        this.processes = processes;
    }

    public static synchronized SystemStack get() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    public static synchronized void stop() {
        if (instance != null) {
            // gateway first, then the services
            for (int i = instance.processes.size() - 1; i >= 0; i--) {
                instance.processes.get(i).close();
            }
            instance = null;
        }
    }

    private static SystemStack start() {
        Path dir = Path.of("target", "system-stack").toAbsolutePath();
        ServiceProcess.CallerTokenKeys keys = ServiceProcess.CallerTokenKeys.writeTo(dir);
        String adminKey = ServiceProcess.newApiKey();
        String kafka = TestKafka.bootstrapServers();
        Map<String, String> databases = new HashMap<>();
        List<ServiceProcess> processes = new ArrayList<>();
        Map<String, String> urls = new HashMap<>();
        // the three services start side by side, then the gateway
        for (String db : List.of("units", "targets", "reports")) {
            String module = db + "-service";
            databases.put(db, TestPostgres.database(db + "_sys"));
            Map<String, String> env = new HashMap<>();
            env.put("QUARKUS_DATASOURCE_JDBC_URL", databases.get(db));
            env.put("QUARKUS_DATASOURCE_USERNAME", TestPostgres.user());
            env.put("QUARKUS_DATASOURCE_PASSWORD", TestPostgres.password());
            env.put("KAFKA_BOOTSTRAP_SERVERS", kafka);
            env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", keys.publicPem().toString());
            if (db.equals("units")) {
                env.put("ADMIN_API_KEY", adminKey);
            }
            ServiceProcess p = ServiceProcess.start(module, ServiceProcess.jarOf(module), ServiceProcess.freePort(), env, List.of(), dir);
            processes.add(p);
            urls.put(db, p.url());
        }
        for (ServiceProcess p : processes) {
            p.awaitReady(Duration.ofSeconds(180));
        }
        Map<String, String> env = new HashMap<>();
        env.put("SMALLRYE_JWT_SIGN_KEY_LOCATION", keys.privatePem().toString());
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", keys.publicPem().toString());
        env.put("GATEWAY_SERVICES_UNITS_URL", urls.get("units"));
        env.put("GATEWAY_SERVICES_TARGETS_URL", urls.get("targets"));
        env.put("GATEWAY_SERVICES_REPORTS_URL", urls.get("reports"));
        ServiceProcess gateway = ServiceProcess.start("gateway", ServiceProcess.jarOf("gateway"), ServiceProcess.freePort(), env,
                GATEWAY_RATE_LIMITS, dir).awaitReady(Duration.ofSeconds(180));
        processes.add(gateway);
        return new SystemStack(gateway.url(), adminKey, databases, processes);
    }

    public String user() {
        return TestPostgres.user();
    }

    public String password() {
        return TestPostgres.password();
    }
}
