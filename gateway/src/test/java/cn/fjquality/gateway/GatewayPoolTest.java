package cn.fjquality.gateway;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static cn.fjquality.gateway.GatewaySecurityTest.adminKey;
import static cn.fjquality.gateway.GatewaySecurityTest.bearer;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pool of connections to a service under overload. The test profile gives reports-service a pool of
 * {@code gateway.max-pool-size} (4) connections; {@link StubService} holds requests to {@code /hold} until released.
 */
@QuarkusTest
class GatewayPoolTest {

    /**
     * A request whose client went away while it waited for a pooled connection must not be sent once one frees: its
     * body can never end, so it would hold that connection until the route's timeout (found by bench/run propagation,
     * where every connection to reports-service ended up held and every request got 504).
     */
    @Test
    void aRequestWhoseClientLeftWhileWaitingForAConnectionIsNeverSent() throws Exception {
        int pool = ConfigProvider.getConfig().getValue("gateway.max-pool-size", Integer.class);
        warmUp();
        stub("/stub/counted?reset");
        ExecutorService holders = Executors.newFixedThreadPool(pool + 1);
        try {
            List<Future<Integer>> holds = holdEveryConnection(holders, pool);

            // Every pooled connection is busy: these wait in the gateway's queue, in this order.
            Socket goneGet = open("GET /api/v1/measurements/counted?gone-get HTTP/1.1\r\n" + headers() + "\r\n");
            Socket gonePost = open("POST /api/v1/measurements/counted?gone-post HTTP/1.1\r\n" + headers()
                    + "Content-Type: text/csv\r\nContent-Length: 1000\r\n\r\nFJ,2025,");
            Socket goneWholePost = open("POST /api/v1/measurements/counted?gone-whole-post HTTP/1.1\r\n" + headers()
                    + "Content-Type: text/csv\r\nContent-Length: 8\r\n\r\nFJ,2025,");
            Thread.sleep(300);
            Future<Integer> stays = holders.submit(() -> given().header("Authorization", bearer(adminKey()))
                    .get("/api/v1/measurements/counted?stays").statusCode());
            Thread.sleep(300);
            goneGet.close();
            gonePost.close();
            goneWholePost.close();
            Thread.sleep(300);

            stub("/stub/release");
            for (Future<Integer> hold : holds) {
                assertEquals(200, hold.get());
            }
            assertEquals(200, stays.get(), "a client that waited for its turn is served");
            List<String> sent = stub("/stub/counted").getList("counted");
            assertEquals(List.of("stays"), sent, "only the request whose client still waits reaches the service");

            assertPoolIsWhole(pool);
        } finally {
            stub("/stub/release");
            holders.shutdownNow();
        }
    }

    /** Clients that leave while the service is still working on their requests leave no connection taken either. */
    @Test
    void clientsThatLeaveWhileTheServiceWorksFreeTheirConnections() throws Exception {
        int pool = ConfigProvider.getConfig().getValue("gateway.max-pool-size", Integer.class);
        warmUp();
        List<Socket> gone = new ArrayList<>();
        for (int i = 0; i < pool; i++) {
            gone.add(open("GET /api/v1/measurements/hold HTTP/1.1\r\n" + headers() + "\r\n"));
        }
        try {
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> stub("/stub/counted").getInt("holding") == pool);
            for (Socket socket : gone) {
                socket.close();
            }
            Thread.sleep(300);
        } finally {
            stub("/stub/release");
        }
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> stub("/stub/counted").getInt("holding") == 0);
        assertPoolIsWhole(pool);
    }

    /**
     * Requests that wait longer than gateway.connect-timeout (2 s) for a pooled connection are answered 504; the
     * connections that free up afterwards must go back to the pool, not to the requests that gave up.
     */
    @Test
    void requestsThatGaveUpWaitingForAConnectionLeaveNoneTaken() throws Exception {
        int pool = ConfigProvider.getConfig().getValue("gateway.max-pool-size", Integer.class);
        warmUp();
        ExecutorService clients = Executors.newFixedThreadPool(pool + 8);
        try {
            List<Future<Integer>> holds = holdEveryConnection(clients, pool);
            List<Future<Integer>> waiting = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                waiting.add(clients.submit(() -> given().header("Authorization", bearer(adminKey()))
                        .get("/api/v1/measurements/counted?gave-up").statusCode()));
            }
            for (Future<Integer> w : waiting) {
                assertEquals(504, w.get(), "no connection within the connect timeout");
            }
            stub("/stub/release");
            for (Future<Integer> hold : holds) {
                assertEquals(200, hold.get());
            }
        } finally {
            stub("/stub/release");
            clients.shutdownNow();
        }
        assertPoolIsWhole(pool);
    }

    /**
     * Overload: many more requests than connections, each held about as long as the connect timeout, so that requests
     * give up waiting (504) just as connections free up. Afterwards the pool must be whole.
     */
    @Test
    void anOverloadWhereWaitsTimeOutAsConnectionsFreeLeavesThePoolWhole() throws Exception {
        int pool = ConfigProvider.getConfig().getValue("gateway.max-pool-size", Integer.class);
        warmUp();
        ExecutorService clients = Executors.newFixedThreadPool(32);
        java.util.Map<Integer, Integer> statuses = new java.util.concurrent.ConcurrentHashMap<>();
        try {
            List<Future<?>> all = new ArrayList<>();
            java.util.Random random = new java.util.Random(17);
            for (int i = 0; i < 160; i++) {
                long ms = 1500 + random.nextInt(1000);
                all.add(clients.submit(() -> statuses.merge(given().header("Authorization", bearer(adminKey()))
                        .get("/api/v1/measurements/hold?ms=" + ms).statusCode(), 1, Integer::sum)));
            }
            for (Future<?> f : all) {
                f.get();
            }
        } finally {
            clients.shutdownNow();
        }
        assertTrue(statuses.getOrDefault(504, 0) > 0 && statuses.getOrDefault(200, 0) > 0, "an overload: " + statuses);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> stub("/stub/counted").getInt("holding") == 0);
        assertPoolIsWhole(pool);
    }

    /** As many requests as the pool has connections reach the service at once: none is left taken. */
    private static void assertPoolIsWhole(int pool) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(pool);
        try {
            List<Future<Integer>> holds = holdEveryConnection(clients, pool);
            stub("/stub/release");
            for (Future<Integer> hold : holds) {
                assertEquals(200, hold.get());
            }
        } finally {
            stub("/stub/release");
            clients.shutdownNow();
        }
    }

    /** The first request verifies the key and opens connections, which must not eat into the stub's 3 s hold. */
    private static void warmUp() {
        given().header("Authorization", bearer(adminKey())).get("/api/v1/measurements/counted?warm-up").then().statusCode(200);
    }

    /** Requests to /hold on every pooled connection, once the stub holds them all (each answers 200 when released). */
    private static List<Future<Integer>> holdEveryConnection(ExecutorService clients, int pool) {
        List<Future<Integer>> holds = new ArrayList<>();
        for (int i = 0; i < pool; i++) {
            holds.add(clients.submit(() -> given().header("Authorization", bearer(adminKey()))
                    .get("/api/v1/measurements/hold").statusCode()));
        }
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> stub("/stub/counted").getInt("holding") == pool);
        return holds;
    }

    private static String headers() {
        return "Host: localhost\r\nAuthorization: Bearer " + adminKey() + "\r\n";
    }

    private static Socket open(String request) throws IOException {
        Socket socket = new Socket("127.0.0.1", GatewaySecurityTest.port());
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    private static JsonPath stub(String path) {
        String stub = ConfigProvider.getConfig().getValue("test.stub-url", String.class);
        return given().baseUri(stub).port(-1).get(path).then().statusCode(200).extract().jsonPath();
    }
}
