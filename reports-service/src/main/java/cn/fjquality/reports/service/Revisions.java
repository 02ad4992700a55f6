package cn.fjquality.reports.service;

import cn.fjquality.reports.config.ReportsConfig;
import cn.fjquality.reports.domain.Measurement;
import cn.fjquality.reports.domain.MeasurementKey;
import cn.fjquality.reports.domain.MeasurementState;
import cn.fjquality.reports.domain.MeasurementStates;
import cn.fjquality.reports.domain.NewRevision;
import cn.fjquality.reports.domain.OutlierDetector;
import cn.fjquality.reports.service.SubmissionProcessor.Kind;
import cn.fjquality.reports.service.SubmissionProcessor.Outcome;
import cn.fjquality.reports.service.Verdict.Valid;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What a valid row does to its measurement, given the state stored (or left by earlier rows of the same import): an
 * approved value rejects it (VALUE_LOCKED), an import ignores a row identical to the current revision, else the row
 * becomes the next revision, flagged for follow-up when its modified z-score against the series' earlier values
 * exceeds {@code reports.outlier.threshold}.
 */
@ApplicationScoped
public class Revisions {
    private final MeasurementStates states;
    private final ReportsConfig config;

    public Revisions(MeasurementStates states, ReportsConfig config) {
        this.states = states;
        this.config = config;
    }

    /** The revisions one chunk adds, and the states they leave behind. */
    static final class Batch {
        final List<NewRevision> revisions = new ArrayList<>();
        /** The last revision of each key, in the order the keys first came: what each measurement row becomes. */
        final Map<MeasurementKey, NewRevision> latest = new LinkedHashMap<>();
        private final List<MeasurementState> touched = new ArrayList<>();

        /** The revisions are in the database: a later revision of the same key updates its row. */
        void stored() {
            touched.forEach(s -> s.persisted = true);
        }
    }

    /** Reads (and locks) the stored state of the rows' keys and their series' history, each once per submission or import. */
    void load(List<Valid> valid, SubmissionContext ctx) {
        Set<MeasurementKey> keys = new LinkedHashSet<>();
        Set<MeasurementKey.Series> series = new LinkedHashSet<>();
        for (Valid v : valid) {
            if (!ctx.lookedUp.contains(v.key())) {
                keys.add(v.key());
            }
            if (!ctx.history.containsKey(v.series())) {
                series.add(v.series());
            }
        }
        ctx.current.putAll(states.lockCurrent(keys));
        ctx.lookedUp.addAll(keys);
        ctx.history.putAll(states.history(series));
    }

    Outcome apply(Valid v, SubmissionContext ctx, Batch batch) {
        MeasurementKey key = v.key();
        MeasurementState cur = ctx.current.get(key);
        if (cur != null && Measurement.APPROVED.equals(cur.status)) {
            return new Outcome(v.row(), Kind.REJECTED, new Rejection(409, "value", "VALUE_LOCKED",
                    "The value for " + v.place() + ", " + v.period().id()
                    + " was approved and is locked until a reviewer returns it"),
                    cur.id, v.unit().type, false);
        }
        if (cur != null && ctx.ignoreIdentical && same(cur, v)) {
            return new Outcome(v.row(), Kind.IGNORED, null, cur.id, v.unit().type, false);
        }
        TreeMap<LocalDate, Double> history = ctx.history.computeIfAbsent(v.series(), k -> new TreeMap<>());
        OptionalDouble z = OutlierDetector.modifiedZ(history.headMap(v.period().start()).values(),
                v.value().doubleValue(), config.outlier().minHistory());
        boolean followUp = z.isPresent() && Math.abs(z.getAsDouble()) > config.outlier().threshold();
        Double zScore = z.isPresent() && Double.isFinite(z.getAsDouble()) ? z.getAsDouble() : null;
        boolean isNew = cur == null;
        BigDecimal previous = isNew ? null : cur.value;
        if (isNew) {
            cur = new MeasurementState();
            cur.id = UUID.randomUUID();
            cur.revision = 0;
            cur.firstSubmittedAt = ctx.now;
            ctx.current.put(key, cur);
        }
        cur.revision++;
        cur.value = v.value();
        cur.numerator = v.row().numerator();
        cur.denominator = v.row().denominator();
        cur.comment = v.row().comment();
        cur.status = Measurement.SUBMITTED;
        history.put(v.period().start(), v.value().doubleValue());
        NewRevision revision = new NewRevision(cur.id, !cur.persisted, v.target().code, v.unit().code, v.place(), v.period(),
                cur.revision, v.value(), v.row().numerator(), v.row().denominator(), v.row().comment(), previous, followUp, zScore,
                cur.firstSubmittedAt);
        batch.revisions.add(revision);
        batch.latest.put(key, revision);
        batch.touched.add(cur);
        return new Outcome(v.row(), isNew ? Kind.IMPORTED : Kind.UPDATED, null, cur.id, v.unit().type, followUp, revision);
    }

    /** Value, numerator, denominator and comment as the current revision has them (an empty comment is none). */
    private static boolean same(MeasurementState cur, Valid v) {
        return cur.value.compareTo(v.value()) == 0
                && eq(cur.numerator, v.row().numerator())
                && eq(cur.denominator, v.row().denominator())
                && Objects.equals(emptyToNull(cur.comment), emptyToNull(v.row().comment()));
    }

    private static boolean eq(BigDecimal a, BigDecimal b) {
        return a == null ? b == null : b != null && a.compareTo(b) == 0;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
