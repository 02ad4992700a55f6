package cn.fjquality.testsupport;

import kafka.server.BrokerServer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * One real Kafka broker per test JVM: Kafka's own KRaft test cluster (one combined broker+controller),
 * or the external cluster named by {@code TEST_KAFKA_BOOTSTRAP_SERVERS}. The embedded broker can be
 * stopped and started again (same port, same data) to test what happens while Kafka is away.
 */
public final class TestKafka {
    private static KafkaClusterTestKit cluster;
    private static String bootstrapServers;

    private TestKafka() {
    }

    public static synchronized String bootstrapServers() {
        if (bootstrapServers != null) {
            return bootstrapServers;
        }
        String external = System.getenv("TEST_KAFKA_BOOTSTRAP_SERVERS");
        if (external != null && !external.isBlank()) {
            bootstrapServers = external;
            return bootstrapServers;
        }
        // The broker runs inside the test JVM: a fatal fault in it (seen while it closes in the JVM's shutdown
        // hooks) would call Exit.halt(1) and turn a green test run into a failed fork. Log instead, as Kafka's
        // own test harness does.
        Exit.setExitProcedure((status, message) -> System.err.println("in-JVM Kafka asked to exit(" + status + "): " + message));
        Exit.setHaltProcedure((status, message) -> System.err.println("in-JVM Kafka asked to halt(" + status + "): " + message));
        try {
            cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
                    .setConfigProp("auto.create.topics.enable", "true")
                    .setConfigProp("num.partitions", "3")
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            throw new IllegalStateException("in-JVM Kafka did not start", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                cluster.close();
            } catch (Exception ignored) {
                // the JVM is going away either way
            }
        }));
        bootstrapServers = cluster.bootstrapServers();
        return bootstrapServers;
    }

    public static boolean isEmbedded() {
        bootstrapServers();
        return cluster != null;
    }

    /** Stops the broker (the controller stays up); clients see the broker as unreachable. */
    public static void stopBroker() {
        broker().shutdown();
        broker().awaitShutdown();
    }

    /** Starts the stopped broker again on the same port with the same data. */
    public static void startBroker() {
        broker().startup();
        try {
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            throw new IllegalStateException("broker did not come back", e);
        }
    }

    private static BrokerServer broker() {
        if (!isEmbedded()) {
            throw new IllegalStateException("only the embedded test broker can be stopped");
        }
        return cluster.brokers().values().iterator().next();
    }
}
