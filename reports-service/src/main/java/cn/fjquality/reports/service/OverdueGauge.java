package cn.fjquality.reports.service;

import cn.fjquality.events.period.Frequency;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code reports_overdue{frequency}}: owed reports still missing for each live target's latest period whose due day
 * (the target's own offset, else the frequency's default) is over. Recomputed every {@code reports.overdue.refresh}
 * (default 60 s); four labels.
 */
@ApplicationScoped
public class OverdueGauge {
    private static final Logger LOG = Logger.getLogger(OverdueGauge.class);
    private final CompletenessService completeness;
    private final Map<Frequency, AtomicLong> values = new EnumMap<>(Frequency.class);

    public OverdueGauge(CompletenessService completeness, MeterRegistry registry) {
        this.completeness = completeness;
        for (Frequency f : Frequency.values()) {
            AtomicLong v = new AtomicLong();
            values.put(f, v);
            Gauge.builder("reports_overdue", v, AtomicLong::get)
                    .description("Owed reports still missing after their due day, for each target's latest period whose due day is over")
                    .tag("frequency", f.name())
                    .register(registry);
        }
    }

    @Scheduled(every = "${reports.overdue.refresh:60s}", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void refresh() {
        for (Frequency f : Frequency.values()) {
            try {
                values.get(f).set(completeness.overdue(f));
            } catch (RuntimeException e) {
                LOG.debugf("reports_overdue{frequency=%s} not refreshed: %s", f, e.getMessage());
            }
        }
    }

    public long value(Frequency f) {
        return values.get(f).get();
    }
}
