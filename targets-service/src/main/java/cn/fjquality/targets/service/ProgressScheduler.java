package cn.fjquality.targets.service;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** The daily recompute: the as-of date and the stale flag move with time even when no value arrives. */
@ApplicationScoped
public class ProgressScheduler {
    private static final Logger LOG = Logger.getLogger(ProgressScheduler.class);

    private final ProgressService service;

    public ProgressScheduler(ProgressService service) {
        this.service = service;
    }

    @Scheduled(cron = "${progress.recompute-cron:0 15 0 * * ?}", timeZone = "Asia/Shanghai",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void daily() {
        int n = service.recomputeAll();
        LOG.infof("progress: recomputed %d target(s)", n);
    }
}
