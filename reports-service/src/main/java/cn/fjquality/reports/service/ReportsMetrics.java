package cn.fjquality.reports.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;

/** Business counters; labels are bounded (result, unit type, import outcome). */
@ApplicationScoped
public class ReportsMetrics {
    /**
     * The {@code import_rows_total} outcome of rows ignored as identical to the current revision. The API and the code
     * call them ignored; the metric's label value stays what it was exported as, because renaming it would split the
     * series the dashboard (deploy/monitoring) and anyone's recording rules already hold.
     */
    static final String IGNORED_OUTCOME = "unchanged";
    private static final Set<String> UNIT_TYPES = Set.of("PROVINCE", "PROVINCIAL_DEPARTMENT", "CENTRAL_AGENCY_BRANCH", "CITY", "COUNTY", "OTHER");
    private final MeterRegistry registry;

    public ReportsMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void submitted(boolean accepted, String unitType) {
        submitted(accepted, unitType, 1);
    }

    /** Exposed as {@code measurements_submitted_total{result, unit_type}}. */
    public void submitted(boolean accepted, String unitType, long n) {
        if (n <= 0) {
            return;
        }
        String type = unitType != null && UNIT_TYPES.contains(unitType) ? unitType : "UNKNOWN";
        Counter.builder("measurements_submitted")
                .description("Submitted measurement rows (single and imported), by result and reporting unit type")
                .tag("result", accepted ? "accepted" : "rejected")
                .tag("unit_type", type)
                .register(registry).increment(n);
    }

    /** Exposed as {@code import_rows_total{outcome}}. */
    public void importRows(String outcome, long n) {
        if (n > 0) {
            Counter.builder("import_rows").description("Rows of bulk imports by outcome (dry runs not counted)")
                    .tag("outcome", outcome).register(registry).increment(n);
        }
    }
}
