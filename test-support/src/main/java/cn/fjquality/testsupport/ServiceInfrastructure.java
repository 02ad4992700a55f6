package cn.fjquality.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Gives a service under test its real infrastructure: its own database on the JVM's PostgreSQL,
 * the JVM's Kafka broker, and the key set of {@link TestCallers} (two keys, as during a key rotation). Declare it once per module with
 * {@code @QuarkusTestResource(value = ServiceInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "units"))};
 * PostgreSQL and Kafka start once per test JVM however many test classes use them.
 */
public class ServiceInfrastructure implements QuarkusTestResourceLifecycleManager {
    private String database = "app";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        return Map.of(
                "quarkus.datasource.jdbc.url", TestPostgres.database(database),
                "quarkus.datasource.username", TestPostgres.user(),
                "quarkus.datasource.password", TestPostgres.password(),
                "kafka.bootstrap.servers", TestKafka.bootstrapServers(),
                "mp.jwt.verify.publickey", TestCallers.publicKeySet());
    }

    @Override
    public void stop() {
        // PostgreSQL and Kafka live for the whole test JVM; their shutdown hooks stop them.
    }
}
