import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Open-loop load generator of the propagation benchmark (run with {@code java bench/tools/OpenLoop.java}; JDK only).
 *
 * <p>Sends POST /api/v1/measurements at a fixed rate, on schedule whatever the answers do (open loop: a slow server
 * does not slow the sender down, up to {@code maxInFlight} outstanding requests; beyond that a send is counted as
 * dropped). Every {@code probeEvery}-th submission is a probe: a SUM value unique to it on a row only probes use;
 * once its 2xx arrives, the progress API is polled through the gateway every {@code pollMs} (5x that after the
 * first second, so that slow propagation is not made slower by the polls) until the unit's
 * series shows that value. Propagation = first poll that shows it - arrival of the 2xx.
 *
 * <p>Arguments: gatewayUrl rowsFile probeRowsFile rate seconds probeEvery pollMs maxInFlight runId. Rows files:
 * "key TAB unit TAB target TAB period TAB kind" (probe rows: kind is SUM). Prints one JSON object on stdout.
 */
public class OpenLoop {
    record Row(String key, String unit, String target, String period, String kind) {
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        List<Row> rows = read(Path.of(args[1]));
        List<Row> probes = read(Path.of(args[2]));
        double rate = Double.parseDouble(args[3]);
        double seconds = Double.parseDouble(args[4]);
        int probeEvery = Integer.parseInt(args[5]);
        long pollMs = Long.parseLong(args[6]);
        int maxInFlight = Integer.parseInt(args[7]);
        String runId = args[8];
        long probeTimeoutMs = 15_000;

        var exec = Executors.newFixedThreadPool(4);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(exec)
                .connectTimeout(Duration.ofSeconds(5)).build();
        ScheduledExecutorService poller = Executors.newScheduledThreadPool(2);
        Semaphore inFlight = new Semaphore(maxInFlight);
        Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<Long> submitLatencyUs = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> propagationUs = new ConcurrentLinkedQueue<>();
        AtomicInteger dropped = new AtomicInteger();
        AtomicInteger probesSent = new AtomicInteger();
        AtomicInteger probesAccepted = new AtomicInteger();
        AtomicInteger probesTimedOut = new AtomicInteger();
        AtomicInteger polls = new AtomicInteger();
        AtomicInteger pollErrors = new AtomicInteger();
        AtomicInteger outstandingProbes = new AtomicInteger();
        AtomicLong maxLagUs = new AtomicLong();
        AtomicLong lastAnswerNs = new AtomicLong();

        // Warm this JVM's HTTP client (class loading, JIT) before anything is timed: a fresh JVM's first requests are slow.
        Row w = probes.get(0);
        for (int i = 0; i < 40; i++) {
            HttpRequest warm = HttpRequest.newBuilder(URI.create(base + "/api/v1/targets/" + w.target + "/progress?scope=" + w.unit))
                    .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + w.key).GET().build();
            try {
                client.send(warm, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                break;
            }
        }

        long total = Math.round(rate * seconds);
        long intervalNs = Math.round(1e9 / rate);
        long start = System.nanoTime() + 200_000_000L;
        int probeSeq = 0;
        for (long i = 0; i < total; i++) {
            long due = start + i * intervalNs;
            long now;
            while ((now = System.nanoTime()) < due) {
                long wait = due - now;
                if (wait > 2_000_000) {
                    Thread.sleep((wait - 1_000_000) / 1_000_000);
                } else {
                    Thread.onSpinWait();
                }
            }
            maxLagUs.accumulateAndGet((now - due) / 1000, Math::max);
            boolean probe = probeEvery > 0 && i % probeEvery == probeEvery - 1;
            Row r;
            String body;
            long probeValue = 0;
            if (probe) {
                // A value no other request uses, on a probe-only row; slots are reused only after many seconds.
                r = probes.get(probeSeq % probes.size());
                probeValue = 7_000_000L + (Math.abs(runId.hashCode()) % 1000) * 10_000L + probeSeq;
                probeSeq++;
                body = "{\"target\":\"" + r.target + "\",\"unit\":\"" + r.unit + "\",\"period\":\"" + r.period
                        + "\",\"value\":" + probeValue + ",\"comment\":\"probe " + runId + "\"}";
            } else {
                r = rows.get((int) (i % rows.size()));
                if (r.kind.equals("RATIO")) {
                    long den = 10_000 + i % 997;
                    body = "{\"target\":\"" + r.target + "\",\"unit\":\"" + r.unit + "\",\"period\":\"" + r.period
                            + "\",\"numerator\":" + (den - i % 491) + ",\"denominator\":" + den + ",\"comment\":\"open " + runId + " " + i + "\"}";
                } else {
                    body = "{\"target\":\"" + r.target + "\",\"unit\":\"" + r.unit + "\",\"period\":\"" + r.period
                            + "\",\"value\":" + (100 + i % 4001) + ",\"comment\":\"open " + runId + " " + i + "\"}";
                }
            }
            if (!inFlight.tryAcquire()) {
                dropped.incrementAndGet();
                continue;
            }
            if (probe) {
                probesSent.incrementAndGet();
            }
            HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/api/v1/measurements"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + r.key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            final long sentNs = due;  // latency from the scheduled time: no coordinated omission
            final Row pr = r;
            final long expected = probeValue;
            client.sendAsync(req, HttpResponse.BodyHandlers.discarding()).whenComplete((resp, err) -> {
                inFlight.release();
                long answered = System.nanoTime();
                lastAnswerNs.accumulateAndGet(answered, Math::max);
                String status = err != null ? "error:" + err.getClass().getSimpleName() : Integer.toString(resp.statusCode());
                statuses.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
                submitLatencyUs.add((answered - sentNs) / 1000);
                if (probe && err == null && resp.statusCode() / 100 == 2) {
                    probesAccepted.incrementAndGet();
                    outstandingProbes.incrementAndGet();
                    poll(client, poller, base, pr, expected, answered, pollMs, probeTimeoutMs, polls, pollErrors,
                            propagationUs, probesTimedOut, outstandingProbes);
                }
            });
        }
        long sendEnd = System.nanoTime();
        // wait (bounded) for the answers and the probes
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
        while ((inFlight.availablePermits() < maxInFlight || outstandingProbes.get() > 0) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        long[] sub = sorted(submitLatencyUs);
        long[] prop = sorted(propagationUs);
        int ok = statuses.entrySet().stream().filter(e -> e.getKey().startsWith("2")).mapToInt(e -> e.getValue().get()).sum();
        double sendSeconds = (sendEnd - start) / 1e9;
        double answerSeconds = (Math.max(lastAnswerNs.get(), sendEnd) - start) / 1e9;
        StringBuilder sb = new StringBuilder("{");
        sb.append("\"target_rate_per_s\":").append(rate);
        sb.append(",\"scheduled\":").append(total);
        sb.append(",\"sent\":").append(total - dropped.get());
        sb.append(",\"dropped_at_max_in_flight\":").append(dropped.get());
        sb.append(",\"accepted_2xx\":").append(ok);
        sb.append(",\"send_seconds\":").append(String.format("%.2f", sendSeconds));
        sb.append(",\"sent_rate_per_s\":").append(String.format("%.1f", (total - dropped.get()) / sendSeconds));
        sb.append(",\"accepted_rate_per_s\":").append(String.format("%.1f", ok / answerSeconds));
        sb.append(",\"max_send_lag_ms\":").append(String.format("%.1f", maxLagUs.get() / 1000.0));
        sb.append(",\"statuses\":{");
        sb.append(String.join(",", new TreeMap<>(statuses).entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\":" + e.getValue().get()).toList()));
        sb.append("}");
        sb.append(",\"submit_p50_ms\":").append(pct(sub, 50)).append(",\"submit_p99_ms\":").append(pct(sub, 99))
                .append(",\"submit_max_ms\":").append(pct(sub, 100));
        sb.append(",\"probes_sent\":").append(probesSent.get()).append(",\"probes_accepted\":").append(probesAccepted.get())
                .append(",\"probes_visible\":").append(prop.length).append(",\"probes_not_visible_in_15s\":").append(probesTimedOut.get())
                .append(",\"probes_still_polling\":").append(outstandingProbes.get());
        sb.append(",\"propagation_p50_ms\":").append(pct(prop, 50)).append(",\"propagation_p99_ms\":").append(pct(prop, 99))
                .append(",\"propagation_max_ms\":").append(pct(prop, 100));
        sb.append(",\"polls\":").append(polls.get()).append(",\"poll_errors\":").append(pollErrors.get())
                .append(",\"poll_interval_ms\":").append(pollMs);
        sb.append("}");
        System.out.println(sb);
        poller.shutdownNow();
        exec.shutdownNow();
        System.exit(0);
    }

    static void poll(HttpClient client, ScheduledExecutorService poller, String base, Row r, long expected, long acceptedNs,
                     long pollMs, long timeoutMs, AtomicInteger polls, AtomicInteger pollErrors,
                     ConcurrentLinkedQueue<Long> propagationUs, AtomicInteger timedOut, AtomicInteger outstanding) {
        HttpRequest get = HttpRequest.newBuilder(URI.create(base + "/api/v1/targets/" + r.target + "/progress?scope=" + r.unit))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + r.key).GET().build();
        String needle = "\"value\":" + expected;
        Runnable[] attempt = new Runnable[1];
        attempt[0] = () -> {
            polls.incrementAndGet();
            client.sendAsync(get, HttpResponse.BodyHandlers.ofString()).whenComplete((resp, err) -> {
                long now = System.nanoTime();
                if (err == null && resp.statusCode() == 200 && shows(resp.body(), r.period, needle)) {
                    propagationUs.add((now - acceptedNs) / 1000);
                    outstanding.decrementAndGet();
                    return;
                }
                if (err != null || resp.statusCode() != 200) {
                    pollErrors.incrementAndGet();
                }
                if ((now - acceptedNs) / 1_000_000 > timeoutMs) {
                    timedOut.incrementAndGet();
                    outstanding.decrementAndGet();
                    return;
                }
                // every pollMs during the first second (the goal), then 5x slower: polls are load on the stack too
                poller.schedule(attempt[0], (now - acceptedNs) < 1_000_000_000L ? pollMs : 5 * pollMs, TimeUnit.MILLISECONDS);
            });
        };
        attempt[0].run();
    }

    /** The series point of the period carries the value (numbers are rendered plainly: 7000123 or 7000123.0). */
    static boolean shows(String body, String period, String needle) {
        int at = body.indexOf("\"period\":\"" + period + "\"");
        if (at < 0) {
            return false;
        }
        int end = body.indexOf('}', at);
        String point = body.substring(at, end < 0 ? body.length() : end);
        int v = point.indexOf(needle);
        if (v < 0) {
            return false;
        }
        int after = v + needle.length();
        return after >= point.length() || !Character.isDigit(point.charAt(after));
    }

    static List<Row> read(Path p) throws IOException {
        List<Row> out = new ArrayList<>();
        for (String line : Files.readAllLines(p)) {
            String[] f = line.split("\t");
            if (f.length == 5) {
                out.add(new Row(f[0], f[1], f[2], f[3], f[4]));
            }
        }
        return out;
    }

    static long[] sorted(ConcurrentLinkedQueue<Long> q) {
        long[] a = q.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(a);
        return a;
    }

    static String pct(long[] a, int p) {
        if (a.length == 0) {
            return "null";
        }
        int i = (int) Math.min(a.length - 1, Math.max(0, Math.ceil(p / 100.0 * a.length) - 1));
        return String.format("%.1f", a[i] / 1000.0);
    }
}
