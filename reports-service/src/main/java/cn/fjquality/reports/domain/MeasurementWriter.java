package cn.fjquality.reports.domain;

import cn.fjquality.support.UniqueViolation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Stores accepted revisions with plain JDBC in the caller's transaction: each revision as a {@code measurement_revision}
 * row, and the last revision of each key as its {@code measurement} row (inserted or updated). Each table's columns are
 * listed once ({@link #MEASUREMENT}, {@link #REVISION}; what both record, {@link #RECORDED}, once for the two) and both
 * write paths are generated from those lists, so the statements a single submission runs and the set-based ones of an
 * import chunk cannot drift apart. Every value goes
 * to PostgreSQL as text and is cast to the column's type: the same conversion on both paths.
 */
@ApplicationScoped
public class MeasurementWriter {
    /**
     * From this many revisions on, a write is set-based (one {@code INSERT … SELECT FROM unnest(arrays)}, one
     * {@code UPDATE … FROM unnest(arrays)}, one {@code COPY} of the revisions): profiling 1,000,000-row imports showed
     * per-row statements as the bulk of the time. Below it (single submissions) plain statement batches are cheaper.
     */
    public static final int BULK_MIN = 32;

    /** A column's value as text, null for NULL. */
    @FunctionalInterface
    private interface Text {
        String of(NewRevision r, Submitter s);
    }

    private record Column(String name, String type, Text text) {
    }

    /** What a revision records in its own row and, as the current one, in its measurement's row. */
    private static final List<Column> RECORDED = List.of(
            new Column("revision", "int", (r, s) -> Integer.toString(r.revision())),
            new Column("value", "numeric", (r, s) -> plain(r.value())),
            new Column("numerator", "numeric", (r, s) -> plain(r.numerator())),
            new Column("denominator", "numeric", (r, s) -> plain(r.denominator())),
            new Column("comment", "text", (r, s) -> r.comment()),
            new Column("follow_up", "boolean", (r, s) -> Boolean.toString(r.followUp())),
            new Column("z_score", "float8", (r, s) -> r.zScore() == null ? null : r.zScore().toString()),
            new Column("submitted_at", "timestamptz", (r, s) -> s.at().toString()),
            new Column("submitted_by_key", "text", (r, s) -> s.keyId()),
            new Column("on_behalf", "boolean", (r, s) -> Boolean.toString(s.onBehalf())),
            new Column("submitted_by_unit", "text", (r, s) -> s.unit()));

    private static final Column MEASUREMENT_ID = new Column("id", "uuid", (r, s) -> r.id().toString());

    /** The measurement columns a new revision sets (a new revision is SUBMITTED again, whatever the review said). */
    private static final List<Column> UPDATED = Stream.concat(
            Stream.of(new Column("status", "text", (r, s) -> Measurement.SUBMITTED)), RECORDED.stream()).toList();

    private static final List<Column> MEASUREMENT = Stream.concat(Stream.of(
            MEASUREMENT_ID,
            new Column("target_code", "text", (r, s) -> r.target()),
            new Column("unit_code", "text", (r, s) -> r.unit()),
            new Column("place_code", "text", (r, s) -> r.place()),
            new Column("period", "text", (r, s) -> r.period().id()),
            new Column("frequency", "text", (r, s) -> r.period().frequency().name()),
            new Column("period_start", "date", (r, s) -> r.period().start().toString()),
            new Column("period_end", "date", (r, s) -> r.period().end().toString()),
            new Column("first_submitted_at", "timestamptz", (r, s) -> r.firstSubmittedAt().toString())), UPDATED.stream()).toList();

    private static final List<Column> REVISION = Stream.concat(Stream.of(
            new Column("measurement_id", "uuid", MEASUREMENT_ID.text()),
            new Column("previous_value", "numeric", (r, s) -> plain(r.previousValue())),
            new Column("import_id", "uuid", (r, s) -> s.importId() == null ? null : s.importId().toString())), RECORDED.stream()).toList();

    /** The parameters of the statement UPDATE: the columns it sets, then the id of its WHERE. */
    private static final List<Column> UPDATE_PARAMETERS = Stream.concat(UPDATED.stream(), Stream.of(MEASUREMENT_ID)).toList();
    /** The arrays of the set-based UPDATE: the id, then the columns it sets. */
    private static final List<Column> UPDATE_ARRAYS = Stream.concat(Stream.of(MEASUREMENT_ID), UPDATED.stream()).toList();

    private static final String INSERT = "INSERT INTO measurement (" + names(MEASUREMENT) + ") VALUES (" + parameters(MEASUREMENT) + ")";
    private static final String UPDATE = "UPDATE measurement SET " + UPDATED.stream().map(c -> c.name() + " = ?::" + c.type())
            .collect(Collectors.joining(", ")) + " WHERE id = ?::uuid";
    private static final String INSERT_REVISION = "INSERT INTO measurement_revision (" + names(REVISION) + ") VALUES ("
            + parameters(REVISION) + ")";
    private static final String BULK_INSERT = "INSERT INTO measurement (" + names(MEASUREMENT) + ") SELECT "
            + MEASUREMENT.stream().map(c -> "v." + c.name() + "::" + c.type()).collect(Collectors.joining(", "))
            + " FROM " + unnest(MEASUREMENT);
    private static final String BULK_UPDATE = "UPDATE measurement m SET " + UPDATED.stream()
            .map(c -> c.name() + " = v." + c.name() + "::" + c.type()).collect(Collectors.joining(", "))
            + " FROM " + unnest(UPDATE_ARRAYS) + " WHERE m.id = v.id::uuid";

    /** A concurrent transaction created one of the measurements first (its unique key): the whole write is void. */
    public static final class ConcurrentWrite extends RuntimeException {
        ConcurrentWrite(Throwable cause) {
            super(cause);
        }
    }

    private final EntityManager em;

    public MeasurementWriter(EntityManager em) {
        this.em = em;
    }

    /**
     * @param revisions every revision, in the order the rows came
     * @param latest    the last revision of each key among them: what each measurement row becomes
     * @throws ConcurrentWrite when another transaction inserted one of the new measurements meanwhile
     */
    public void write(List<NewRevision> revisions, Collection<NewRevision> latest, Submitter submitter) {
        List<NewRevision> inserts = latest.stream().filter(NewRevision::insert).toList();
        List<NewRevision> updates = latest.stream().filter(r -> !r.insert()).toList();
        try {
            em.unwrap(Session.class).doWork(c -> {
                if (revisions.size() >= BULK_MIN) {
                    bulk(c, BULK_INSERT, MEASUREMENT, inserts, submitter);
                    int updated = bulk(c, BULK_UPDATE, UPDATE_ARRAYS, updates, submitter);
                    if (updated != updates.size()) {
                        throw new IllegalStateException("updated " + updated + " measurements, expected " + updates.size());
                    }
                    PgCopy copy = new PgCopy("measurement_revision", names(REVISION));
                    for (NewRevision r : revisions) {
                        REVISION.forEach(col -> copy.text(col.text().of(r, submitter)));
                        copy.endRow();
                    }
                    copy.copy(c);
                } else {
                    batch(c, INSERT, MEASUREMENT, inserts, submitter);
                    batch(c, UPDATE, UPDATE_PARAMETERS, updates, submitter);
                    batch(c, INSERT_REVISION, REVISION, revisions, submitter);
                }
            });
        } catch (RuntimeException e) {
            if (UniqueViolation.in(e)) {
                throw new ConcurrentWrite(e);
            }
            throw e;
        }
    }

    /** One statement per row, sent as one JDBC batch. */
    private static void batch(Connection c, String sql, List<Column> columns, List<NewRevision> rows, Submitter s) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (NewRevision r : rows) {
                for (int i = 0; i < columns.size(); i++) {
                    ps.setString(i + 1, columns.get(i).text().of(r, s));
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** One statement for all rows, each column bound as one text array; returns the rows it changed. */
    private static int bulk(Connection c, String sql, List<Column> columns, List<NewRevision> rows, Submitter s) throws SQLException {
        if (rows.isEmpty()) {
            return 0;
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < columns.size(); i++) {
                String[] values = new String[rows.size()];
                for (int j = 0; j < values.length; j++) {
                    values[j] = columns.get(i).text().of(rows.get(j), s);
                }
                ps.setArray(i + 1, c.createArrayOf("text", values));
            }
            return ps.executeUpdate();
        }
    }

    private static String names(List<Column> columns) {
        return columns.stream().map(Column::name).collect(Collectors.joining(", "));
    }

    /** {@code ?::uuid, ?::text, …}: each parameter cast to its column's type. */
    private static String parameters(List<Column> columns) {
        return columns.stream().map(c -> "?::" + c.type()).collect(Collectors.joining(", "));
    }

    /** {@code unnest(?::text[], …) AS v(id, …)}: one text array per column, named like the column. */
    private static String unnest(List<Column> columns) {
        return "unnest(" + columns.stream().map(c -> "?::text[]").collect(Collectors.joining(", ")) + ") AS v("
                + names(columns) + ")";
    }

    private static String plain(BigDecimal d) {
        return d == null ? null : d.toPlainString();
    }
}
