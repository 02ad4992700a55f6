package cn.fjquality.reports.service;

import cn.fjquality.events.v1.MeasurementPayload;
import cn.fjquality.problem.ApiException;
import cn.fjquality.reports.config.ReportsConfig;
import cn.fjquality.reports.domain.Measurement;
import cn.fjquality.reports.domain.OutlierDetector;
import cn.fjquality.reports.domain.PgCopy;
import cn.fjquality.events.period.Period;
import cn.fjquality.reports.domain.TargetCopy;
import cn.fjquality.reports.domain.UnitCopy;
import cn.fjquality.reports.messaging.MeasurementEvents;
import cn.fjquality.reports.service.SubmissionContext.Current;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
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
 * Validates and stores a chunk of submitted rows inside the caller's transaction: every accepted row
 * becomes a new revision (and its MeasurementRecorded event); writes are plain JDBC batches so a
 * 1000-row chunk costs a handful of round trips.
 */
@ApplicationScoped
public class SubmissionProcessor {
    /** |value − 100·num/den| up to this is rounding. */
    static final BigDecimal RATIO_TOLERANCE = new BigDecimal("0.01");
    static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final EntityManager em;
    private final MeasurementEvents events;
    private final ReportsConfig config;
    private final Lookups lookups;

    public SubmissionProcessor(EntityManager em, MeasurementEvents events, ReportsConfig config, Lookups lookups) {
        this.em = em;
        this.events = events;
        this.config = config;
        this.lookups = lookups;
    }

    public enum Kind { IMPORTED, UPDATED, UNCHANGED, REJECTED }

    /** What became of one row; {@code written} is the revision stored for it (null when none was). */
    public record Outcome(SubmissionRow row, Kind kind, Rejection rejection, UUID measurementId, String unitType, boolean followUp,
                          Write written) {
        Outcome(SubmissionRow row, Kind kind, Rejection rejection, UUID measurementId, String unitType, boolean followUp) {
            this(row, kind, rejection, measurementId, unitType, followUp, null);
        }
    }

    /** A row that passed validation, with its resolved references ({@code place}: the unit code of the place it describes). */
    record Valid(SubmissionRow row, TargetCopy target, UnitCopy unit, String place, Period period, BigDecimal value) {
        String key() {
            return SubmissionContext.key(target.code, unit.code, place, period.id());
        }

        String series() {
            return SubmissionContext.series(target.code, unit.code, place, period.frequency().name());
        }
    }

    /** One revision to write. */
    record Write(Current state, boolean insert, Valid valid, BigDecimal previousValue, boolean followUp, Double zScore, int revision) {
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public List<Outcome> process(List<SubmissionRow> rows, SubmissionContext ctx) {
        List<Outcome> outcomes = new ArrayList<>(rows.size());
        List<Valid> valid = new ArrayList<>(rows.size());
        Outcome[] byIndex = new Outcome[rows.size()];
        Valid[] validByIndex = new Valid[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            SubmissionRow row = rows.get(i);
            Object checked = validate(row, ctx);
            if (checked instanceof Rejection r) {
                byIndex[i] = new Outcome(row, Kind.REJECTED, r, null, unitType(row.unit(), ctx), false);
            } else {
                validByIndex[i] = (Valid) checked;
                valid.add((Valid) checked);
            }
        }
        if (!valid.isEmpty()) {
            loadCurrent(valid, ctx);
            loadHistory(valid, ctx);
        }
        Map<String, Write> toStore = new LinkedHashMap<>();
        List<Write> revisions = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Valid v = validByIndex[i];
            if (v == null) {
                continue;
            }
            byIndex[i] = apply(v, ctx, toStore, revisions);
        }
        if (!ctx.dryRun && !revisions.isEmpty()) {
            write(toStore.values(), revisions, ctx);
            toStore.values().forEach(w -> w.state().persisted = true);
        }
        for (Outcome o : byIndex) {
            outcomes.add(o);
        }
        return outcomes;
    }

    private Outcome apply(Valid v, SubmissionContext ctx, Map<String, Write> toStore, List<Write> revisions) {
        String key = v.key();
        Current cur = ctx.current.get(key);
        if (cur != null && Measurement.APPROVED.equals(cur.status)) {
            return new Outcome(v.row(), Kind.REJECTED, new Rejection(409, "value", "VALUE_LOCKED",
                    "The value for " + v.place() + ", " + v.period().id()
                    + " was approved and is locked until a reviewer returns it"),
                    cur.id, v.unit().type, false);
        }
        if (cur != null && ctx.ignoreUnchanged && same(cur, v)) {
            return new Outcome(v.row(), Kind.UNCHANGED, null, cur.id, v.unit().type, false);
        }
        TreeMap<java.time.LocalDate, Double> history = ctx.history.computeIfAbsent(v.series(), k -> new TreeMap<>());
        OptionalDouble z = OutlierDetector.modifiedZ(history.headMap(v.period().start()).values(),
                v.value().doubleValue(), config.outlier().minHistory());
        boolean followUp = z.isPresent() && Math.abs(z.getAsDouble()) > config.outlier().threshold();
        Double zScore = z.isPresent() && Double.isFinite(z.getAsDouble()) ? z.getAsDouble() : null;
        boolean isNew = cur == null;
        BigDecimal previous = isNew ? null : cur.value;
        if (isNew) {
            cur = new Current();
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
        Write w = new Write(cur, !cur.persisted, v, previous, followUp, zScore, cur.revision);
        toStore.put(key, w);
        revisions.add(w);
        return new Outcome(v.row(), isNew ? Kind.IMPORTED : Kind.UPDATED, null, cur.id, v.unit().type, followUp, w);
    }

    private static boolean same(Current cur, Valid v) {
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

    // ---------------------------------------------------------------- validation

    /** A {@link Valid} or a {@link Rejection}, checked in the documented order. */
    Object validate(SubmissionRow row, SubmissionContext ctx) {
        if (row.preRejection() != null) {
            return row.preRejection();
        }
        if (blank(row.target())) {
            return Rejection.of("target", "MISSING_FIELD", "target is required");
        }
        if (blank(row.unit())) {
            return Rejection.of("unit", "MISSING_FIELD", "unit is required");
        }
        if (blank(row.period())) {
            return Rejection.of("period", "MISSING_FIELD", "period is required");
        }
        TargetCopy target = lookups.target(row.target().trim(), ctx).orElse(null);
        if (target == null) {
            return Rejection.of("target", "UNKNOWN_TARGET", "No target with code " + Numbers.abbreviate(row.target()));
        }
        if (target.retired) {
            return Rejection.of("target", "TARGET_RETIRED", "Target " + target.code + " is retired and takes no more values");
        }
        UnitCopy unit = lookups.unit(row.unit().trim(), ctx).orElse(null);
        if (unit == null) {
            return Rejection.of("unit", "UNKNOWN_UNIT", "No unit with code " + Numbers.abbreviate(row.unit()));
        }
        if (!ctx.caller.mayActFor(unit.code, (u, a) -> lookups.isDescendant(u, a, ctx))) {
            return new Rejection(403, "unit", "UNIT_OUT_OF_SCOPE", "Your key may not report for unit " + unit.code);
        }
        if (!allowed(target, unit, ctx)) {
            return Rejection.of("unit", "UNIT_NOT_ALLOWED", "Unit " + unit.code + " is neither a lead nor a contributing unit of target " + target.code);
        }
        PlaceRules.Outcome place = PlaceRules.resolve(row.place(), unit.code, c -> lookups.node(c, ctx), d -> lookups.division(d, ctx));
        if (place.rejection() != null) {
            return place.rejection();
        }
        Period period = Period.parse(row.period()).orElse(null);
        if (period == null) {
            return Rejection.of("period", "MALFORMED_PERIOD",
                    "Period " + Numbers.abbreviate(row.period()) + " is not one of YYYY, YYYYS1..S2, YYYYQ1..Q4, YYYYMM");
        }
        Rejection wrongFrequency = PeriodRules.frequency(period, target.code, target.frequency());
        if (wrongFrequency != null) {
            return wrongFrequency;
        }
        if (!ctx.today.isAfter(period.end())) {
            return Rejection.of("period", "FUTURE_PERIOD", "Period " + period.id() + " ends on " + period.end()
                    + " and can be reported from the day after (Asia/Shanghai)");
        }
        Rejection outside = PeriodRules.horizon(period, target.code, target.planStartYear, target.planEndYear, target.baselineYear);
        if (outside != null) {
            return outside;
        }
        if (!unit.isActiveDuring(period.start(), period.end())) {
            return Rejection.of("unit", "UNIT_INACTIVE", "Unit " + unit.code + " was not active during " + period.id());
        }
        if (row.comment() != null && row.comment().length() > 1000) {
            return Rejection.of("comment", "COMMENT_TOO_LONG", "comment is longer than 1000 characters");
        }
        BigDecimal value = row.value();
        BigDecimal num = row.numerator();
        BigDecimal den = row.denominator();
        if (num != null || den != null) {
            if (!target.isRatio()) {
                return Rejection.of(num != null ? "numerator" : "denominator", "RATIO_NOT_APPLICABLE",
                        "Target " + target.code + " is not a RATIO target; numerator and denominator are not taken");
            }
            if (num == null || den == null) {
                return Rejection.of(num == null ? "numerator" : "denominator", "RATIO_INCOMPLETE",
                        "numerator and denominator come together");
            }
            if (den.signum() <= 0) {
                return Rejection.of("denominator", "DENOMINATOR_NOT_POSITIVE", "denominator must be greater than 0");
            }
            if (num.signum() < 0) {
                return Rejection.of("numerator", "VALUE_OUT_OF_BOUNDS", "numerator must not be negative");
            }
            if (target.isPercentage() && num.compareTo(den) > 0) {
                return Rejection.of("numerator", "NUMERATOR_EXCEEDS_DENOMINATOR", "numerator " + num.toPlainString()
                        + " exceeds denominator " + den.toPlainString());
            }
            BigDecimal scale = target.isPercentage() ? HUNDRED : BigDecimal.ONE;
            BigDecimal computed = num.multiply(scale).divide(den, Numbers.MAX_SCALE, RoundingMode.HALF_UP);
            if (value == null) {
                value = computed.setScale(6, RoundingMode.HALF_UP).stripTrailingZeros();
                if (value.scale() < 0) {
                    value = value.setScale(0);
                }
            } else if (!matches(value, computed)) {
                return Rejection.of("value", "RATIO_MISMATCH", "value " + value.toPlainString() + " is not "
                        + (target.isPercentage() ? "100 × " : "") + "numerator / denominator = "
                        + computed.setScale(4, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString());
            }
        }
        if (value == null) {
            return Rejection.of("value", "MISSING_FIELD", "value is required (a RATIO target may give numerator and denominator instead)");
        }
        if ((target.lowerBound != null && value.compareTo(target.lowerBound) < 0)
                || (target.upperBound != null && value.compareTo(target.upperBound) > 0)) {
            return Rejection.of("value", "VALUE_OUT_OF_BOUNDS", "value " + value.toPlainString() + " is outside "
                    + bound(target.lowerBound) + ".." + bound(target.upperBound) + " for target " + target.code);
        }
        return new Valid(row, target, unit, place.place(), period, value);
    }

    /** Equal within the rounding of the given value's own decimals, or within 0.01. */
    static boolean matches(BigDecimal given, BigDecimal computed) {
        if (given.subtract(computed).abs().compareTo(RATIO_TOLERANCE) <= 0) {
            return true;
        }
        int scale = Math.max(0, given.scale());
        return computed.setScale(scale, RoundingMode.HALF_UP).compareTo(given) == 0;
    }

    private static String bound(BigDecimal b) {
        return b == null ? "" : b.stripTrailingZeros().toPlainString();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private boolean allowed(TargetCopy target, UnitCopy unit, SubmissionContext ctx) {
        if (target.leadUnits.contains(unit.code) || target.contributingUnits.contains(unit.code)) {
            return true;
        }
        if (!target.sharesRollUp()) {
            return false;
        }
        UnitCopy u = unit;
        for (int depth = 0; u.parentCode != null && depth < 32; depth++) {
            if (target.contributingUnits.contains(u.parentCode)) {
                return true;
            }
            u = lookups.unit(u.parentCode, ctx).orElse(null);
            if (u == null) {
                return false;
            }
        }
        return false;
    }

    private String unitType(String code, SubmissionContext ctx) {
        if (code == null || code.isBlank() || code.length() > 64) {
            return "UNKNOWN";
        }
        return lookups.unit(code.trim(), ctx).map(u -> u.type).orElse("UNKNOWN");
    }

    // ---------------------------------------------------------------- reads and writes (JDBC)

    private void loadCurrent(List<Valid> valid, SubmissionContext ctx) {
        Set<String> wanted = new LinkedHashSet<>();
        List<String[]> keys = new ArrayList<>();
        for (Valid v : valid) {
            String key = v.key();
            if (!ctx.lookedUp.contains(key) && wanted.add(key)) {
                keys.add(new String[]{v.target().code, v.unit().code, v.place(), v.period().id()});
            }
        }
        if (keys.isEmpty()) {
            return;
        }
        work(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT id, target_code, unit_code, place_code, period, revision, value, numerator, denominator, comment, status,
                        first_submitted_at, reviewed_at, reviewed_by_key, review_reason
                    FROM measurement
                    WHERE (target_code, unit_code, place_code, period) IN (SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]))
                    FOR UPDATE""")) {
                for (int i = 0; i < 4; i++) {
                    int column = i;
                    ps.setArray(i + 1, c.createArrayOf("text", keys.stream().map(k -> k[column]).toArray()));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Current cur = new Current();
                        cur.id = rs.getObject(1, UUID.class);
                        cur.revision = rs.getInt(6);
                        cur.value = rs.getBigDecimal(7);
                        cur.numerator = rs.getBigDecimal(8);
                        cur.denominator = rs.getBigDecimal(9);
                        cur.comment = rs.getString(10);
                        cur.status = rs.getString(11);
                        cur.firstSubmittedAt = rs.getTimestamp(12).toInstant();
                        Timestamp reviewedAt = rs.getTimestamp(13);
                        cur.reviewedAt = reviewedAt == null ? null : reviewedAt.toInstant();
                        cur.reviewedBy = rs.getString(14);
                        cur.reviewReason = rs.getString(15);
                        cur.persisted = true;
                        ctx.current.put(SubmissionContext.key(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)), cur);
                    }
                }
            }
            return null;
        });
        ctx.lookedUp.addAll(wanted);
    }

    private void loadHistory(List<Valid> valid, SubmissionContext ctx) {
        List<String[]> series = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Valid v : valid) {
            String key = v.series();
            if (!ctx.history.containsKey(key) && seen.add(key)) {
                series.add(new String[]{v.target().code, v.unit().code, v.place(), v.period().frequency().name()});
            }
        }
        if (series.isEmpty()) {
            return;
        }
        for (String p : seen) {
            ctx.history.put(p, new TreeMap<>());
        }
        work(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT target_code, unit_code, place_code, frequency, period_start, value FROM measurement
                    WHERE (target_code, unit_code, place_code, frequency) IN (SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]))""")) {
                for (int i = 0; i < 4; i++) {
                    int column = i;
                    ps.setArray(i + 1, c.createArrayOf("text", series.stream().map(k -> k[column]).toArray()));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ctx.history.get(SubmissionContext.series(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                                .put(rs.getDate(5).toLocalDate(), rs.getBigDecimal(6).doubleValue());
                    }
                }
            }
            return null;
        });
    }

    /** From this many revisions per chunk on, writes are set-based (see {@link #writeBulk}); single submissions keep plain statements. */
    static final int BULK_WRITE_MIN = 32;

    private void write(java.util.Collection<Write> finals, List<Write> revisions, SubmissionContext ctx) {
        if (revisions.size() >= BULK_WRITE_MIN) {
            writeBulk(finals, revisions, ctx);
            return;
        }
        Timestamp now = Timestamp.from(ctx.now);
        boolean onBehalf = ctx.caller.isAdmin();
        String who = ctx.caller.keyId();
        String whoseUnit = ctx.submitterUnit();
        List<MeasurementPayload> payloads = new ArrayList<>(revisions.size());
        work(c -> {
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO measurement (id, target_code, unit_code, place_code, period, frequency, period_start, period_end,
                        revision, value, numerator, denominator, comment, status, follow_up, z_score, first_submitted_at, submitted_at,
                        submitted_by_key, on_behalf, submitted_by_unit)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""");
                 PreparedStatement update = c.prepareStatement("""
                    UPDATE measurement SET revision = ?, value = ?, numerator = ?, denominator = ?, comment = ?, status = ?,
                        follow_up = ?, z_score = ?, submitted_at = ?, submitted_by_key = ?, on_behalf = ?, submitted_by_unit = ?
                    WHERE id = ?""")) {
                int inserts = 0;
                int updates = 0;
                for (Write w : finals) {
                    Current s = w.state();
                    Valid v = w.valid();
                    if (w.insert()) {
                        int i = 0;
                        insert.setObject(++i, s.id);
                        insert.setString(++i, v.target().code);
                        insert.setString(++i, v.unit().code);
                        insert.setString(++i, v.place());
                        insert.setString(++i, v.period().id());
                        insert.setString(++i, v.period().frequency().name());
                        insert.setObject(++i, v.period().start());
                        insert.setObject(++i, v.period().end());
                        insert.setInt(++i, s.revision);
                        insert.setBigDecimal(++i, s.value);
                        setDecimal(insert, ++i, s.numerator);
                        setDecimal(insert, ++i, s.denominator);
                        insert.setString(++i, s.comment);
                        insert.setString(++i, s.status);
                        insert.setBoolean(++i, w.followUp());
                        setDouble(insert, ++i, w.zScore());
                        insert.setTimestamp(++i, Timestamp.from(s.firstSubmittedAt));
                        insert.setTimestamp(++i, now);
                        insert.setString(++i, who);
                        insert.setBoolean(++i, onBehalf);
                        insert.setString(++i, whoseUnit);
                        insert.addBatch();
                        inserts++;
                    } else {
                        update.setInt(1, s.revision);
                        update.setBigDecimal(2, s.value);
                        setDecimal(update, 3, s.numerator);
                        setDecimal(update, 4, s.denominator);
                        update.setString(5, s.comment);
                        update.setString(6, s.status);
                        update.setBoolean(7, w.followUp());
                        setDouble(update, 8, w.zScore());
                        update.setTimestamp(9, now);
                        update.setString(10, who);
                        update.setBoolean(11, onBehalf);
                        update.setString(12, whoseUnit);
                        update.setObject(13, s.id);
                        update.addBatch();
                        updates++;
                    }
                }
                if (inserts > 0) {
                    insert.executeBatch();
                }
                if (updates > 0) {
                    update.executeBatch();
                }
            }
            try (PreparedStatement rev = c.prepareStatement("""
                    INSERT INTO measurement_revision (measurement_id, revision, value, numerator, denominator, comment,
                        previous_value, follow_up, z_score, submitted_at, submitted_by_key, on_behalf, import_id, submitted_by_unit)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                for (Write w : revisions) {
                    int revision = w.revision();
                    Valid v = w.valid();
                    rev.setObject(1, w.state().id);
                    rev.setInt(2, revision);
                    rev.setBigDecimal(3, v.value());
                    setDecimal(rev, 4, v.row().numerator());
                    setDecimal(rev, 5, v.row().denominator());
                    rev.setString(6, v.row().comment());
                    setDecimal(rev, 7, w.previousValue());
                    rev.setBoolean(8, w.followUp());
                    setDouble(rev, 9, w.zScore());
                    rev.setTimestamp(10, now);
                    rev.setString(11, who);
                    rev.setBoolean(12, onBehalf);
                    rev.setObject(13, ctx.importId);
                    rev.setString(14, whoseUnit);
                    rev.addBatch();
                    payloads.add(recorded(w, ctx.now, who));
                }
                rev.executeBatch();
            }
            events.recordedBatch(c, payloads);
            return null;
        });
    }

    /**
     * The same rows as the statement batches of {@link #write}, with a handful of statements per chunk: new measurements
     * with one INSERT … SELECT FROM unnest(arrays), changed ones with one UPDATE … FROM unnest(arrays), revisions and
     * their outbox events with COPY. Profiling 1,000,000-row imports showed the per-row statements (one UPDATE per
     * changed measurement, multi-row INSERTs of revisions and events) as the bulk of the time.
     */
    private void writeBulk(java.util.Collection<Write> finals, List<Write> revisions, SubmissionContext ctx) {
        boolean onBehalf = ctx.caller.isAdmin();
        String who = ctx.caller.keyId();
        String whoseUnit = ctx.submitterUnit();
        String now = ctx.now.toString();
        List<Write> inserts = new ArrayList<>();
        List<Write> updates = new ArrayList<>();
        for (Write w : finals) {
            (w.insert() ? inserts : updates).add(w);
        }
        List<MeasurementPayload> payloads = new ArrayList<>(revisions.size());
        work(c -> {
            if (!inserts.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO measurement (id, target_code, unit_code, place_code, period, frequency, period_start, period_end,
                            revision, value, numerator, denominator, comment, status, follow_up, z_score, first_submitted_at, submitted_at,
                            submitted_by_key, on_behalf, submitted_by_unit)
                        SELECT v.id::uuid, v.target, v.unit, v.place, v.period, v.frequency, v.period_start::date, v.period_end::date,
                            v.revision::int, v.value::numeric, v.numerator::numeric, v.denominator::numeric, v.comment, v.status,
                            v.follow_up::boolean, v.z_score::float8, v.first_submitted_at::timestamptz, ?::timestamptz, ?, ?, ?
                        FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                            ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                            AS v(id, target, unit, place, period, frequency, period_start, period_end, revision, value, numerator,
                                 denominator, comment, status, follow_up, z_score, first_submitted_at)""")) {
                    ps.setString(1, now);
                    ps.setString(2, who);
                    ps.setBoolean(3, onBehalf);
                    ps.setString(4, whoseUnit);
                    int p = 5;
                    p = textArray(c, ps, p, inserts, w -> w.state().id.toString());
                    p = textArray(c, ps, p, inserts, w -> w.valid().target().code);
                    p = textArray(c, ps, p, inserts, w -> w.valid().unit().code);
                    p = textArray(c, ps, p, inserts, w -> w.valid().place());
                    p = textArray(c, ps, p, inserts, w -> w.valid().period().id());
                    p = textArray(c, ps, p, inserts, w -> w.valid().period().frequency().name());
                    p = textArray(c, ps, p, inserts, w -> w.valid().period().start().toString());
                    p = textArray(c, ps, p, inserts, w -> w.valid().period().end().toString());
                    p = textArray(c, ps, p, inserts, w -> Integer.toString(w.state().revision));
                    p = textArray(c, ps, p, inserts, w -> w.state().value.toPlainString());
                    p = textArray(c, ps, p, inserts, w -> plain(w.state().numerator));
                    p = textArray(c, ps, p, inserts, w -> plain(w.state().denominator));
                    p = textArray(c, ps, p, inserts, w -> w.state().comment);
                    p = textArray(c, ps, p, inserts, w -> w.state().status);
                    p = textArray(c, ps, p, inserts, w -> Boolean.toString(w.followUp()));
                    p = textArray(c, ps, p, inserts, w -> w.zScore() == null ? null : w.zScore().toString());
                    textArray(c, ps, p, inserts, w -> w.state().firstSubmittedAt.toString());
                    ps.executeUpdate();
                }
            }
            if (!updates.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("""
                        UPDATE measurement m SET revision = v.revision::int, value = v.value::numeric, numerator = v.numerator::numeric,
                            denominator = v.denominator::numeric, comment = v.comment, status = v.status,
                            follow_up = v.follow_up::boolean, z_score = v.z_score::float8, submitted_at = ?::timestamptz,
                            submitted_by_key = ?, on_behalf = ?, submitted_by_unit = ?
                        FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                            AS v(id, revision, value, numerator, denominator, comment, status, follow_up, z_score)
                        WHERE m.id = v.id::uuid""")) {
                    ps.setString(1, now);
                    ps.setString(2, who);
                    ps.setBoolean(3, onBehalf);
                    ps.setString(4, whoseUnit);
                    int p = 5;
                    p = textArray(c, ps, p, updates, w -> w.state().id.toString());
                    p = textArray(c, ps, p, updates, w -> Integer.toString(w.state().revision));
                    p = textArray(c, ps, p, updates, w -> w.state().value.toPlainString());
                    p = textArray(c, ps, p, updates, w -> plain(w.state().numerator));
                    p = textArray(c, ps, p, updates, w -> plain(w.state().denominator));
                    p = textArray(c, ps, p, updates, w -> w.state().comment);
                    p = textArray(c, ps, p, updates, w -> w.state().status);
                    p = textArray(c, ps, p, updates, w -> Boolean.toString(w.followUp()));
                    textArray(c, ps, p, updates, w -> w.zScore() == null ? null : w.zScore().toString());
                    int n = ps.executeUpdate();
                    if (n != updates.size()) {
                        throw new IllegalStateException("updated " + n + " measurements, expected " + updates.size());
                    }
                }
            }
            PgCopy rev = new PgCopy("measurement_revision", "measurement_id, revision, value, numerator, denominator, comment, "
                    + "previous_value, follow_up, z_score, submitted_at, submitted_by_key, on_behalf, import_id, submitted_by_unit");
            for (Write w : revisions) {
                Valid v = w.valid();
                rev.raw(w.state().id).raw(w.revision()).raw(v.value()).raw(v.row().numerator()).raw(v.row().denominator())
                        .text(v.row().comment()).raw(w.previousValue()).bool(w.followUp()).raw(w.zScore()).raw(now)
                        .text(who).bool(onBehalf).raw(ctx.importId).text(whoseUnit);
                rev.endRow();
                payloads.add(recorded(w, ctx.now, who));
            }
            rev.copy(c);
            events.recordedCopy(c, payloads);
            return null;
        });
    }

    private static MeasurementPayload recorded(Write w, java.time.Instant now, String who) {
        Valid v = w.valid();
        return new MeasurementPayload(w.state().id.toString(), w.revision(), v.target().code, v.unit().code, v.period().id(),
                v.value(), v.row().numerator(), v.row().denominator(), Measurement.SUBMITTED, w.followUp(), now, who, v.place());
    }

    private static String plain(BigDecimal d) {
        return d == null ? null : d.toPlainString();
    }

    private static int textArray(Connection c, PreparedStatement ps, int index, List<Write> writes,
                                 java.util.function.Function<Write, String> field) throws SQLException {
        String[] values = new String[writes.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = field.apply(writes.get(i));
        }
        ps.setArray(index, c.createArrayOf("text", values));
        return index + 1;
    }

    private static void setDecimal(PreparedStatement ps, int i, BigDecimal d) throws SQLException {
        if (d == null) {
            ps.setNull(i, Types.NUMERIC);
        } else {
            ps.setBigDecimal(i, d);
        }
    }

    private static void setDouble(PreparedStatement ps, int i, Double d) throws SQLException {
        if (d == null) {
            ps.setNull(i, Types.DOUBLE);
        } else {
            ps.setDouble(i, d);
        }
    }

    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T work(Work<T> work) {
        try {
            return em.unwrap(Session.class).doReturningWork(work::run);
        } catch (RuntimeException e) {
            if (isUniqueViolation(e)) {
                throw ApiException.conflict("CONCURRENT_SUBMISSION",
                        "Another submission for the same target, unit, place and period committed at the same time; retry");
            }
            throw e;
        }
    }

    private static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getNextException() != null && "23505".equals(sql.getNextException().getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
