package cn.fjquality.reports.service;

import cn.fjquality.problem.ApiException;
import cn.fjquality.reports.domain.Measurement;
import cn.fjquality.reports.domain.MeasurementState;
import cn.fjquality.reports.domain.NewRevision;
import cn.fjquality.reports.domain.Submitter;
import cn.fjquality.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.apache.commons.codec.digest.DigestUtils;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** Single submissions: validation, a new revision, its event and the Idempotency-Key answer, in one transaction. */
@ApplicationScoped
public class SubmissionService {
    public static final int MAX_IDEMPOTENCY_KEY = 200;

    private final SubmissionProcessor processor;
    private final EntityManager em;
    private final ReportsMetrics metrics;
    private final Clock clock;

    public SubmissionService(SubmissionProcessor processor, EntityManager em, ReportsMetrics metrics, Clock clock) {
        this.processor = processor;
        this.em = em;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** The answer to send: status and the exact JSON body (replays send the stored one). */
    public record Answer(int status, String body, UUID measurementId, boolean replayed) {
    }

    /**
     * The answer is JSON the REST layer writes, and an Idempotency-Key keeps that exact body in this transaction (a
     * replay sends it as it was): hence the request and the answer come as JSON, not as this service's own types.
     *
     * @param row         the submitted row, parsed
     * @param requestJson the request as JSON: a replay with the same key must have the same
     * @param answerJson  the answer to send for the stored measurement
     */
    @Transactional
    public Answer submit(SubmissionRow row, String requestJson, Caller caller, String idempotencyKey,
                         Function<Measurement, String> answerJson) {
        String hash = null;
        if (idempotencyKey != null) {
            if (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY) {
                throw ApiException.badRequest("INVALID_IDEMPOTENCY_KEY", "Idempotency-Key must be 1 to " + MAX_IDEMPOTENCY_KEY + " characters");
            }
            hash = DigestUtils.sha256Hex(requestJson);
            Object[] stored = storedAnswer(caller.keyId(), idempotencyKey);
            if (stored != null) {
                if (!hash.equals(stored[0])) {
                    throw ApiException.unprocessable("IDEMPOTENCY_KEY_REUSED",
                            "This Idempotency-Key was used for a different request body");
                }
                return new Answer(((Number) stored[1]).intValue(), (String) stored[2], null, true);
            }
        }
        // microseconds: what PostgreSQL keeps, so the answer built from it equals a later GET
        SubmissionContext ctx = new SubmissionContext(caller, false, false, null, Instant.now(clock).truncatedTo(ChronoUnit.MICROS),
                LocalDate.now(clock));
        SubmissionProcessor.Outcome outcome = processor.process(List.of(row), ctx).get(0);
        metrics.submitted(outcome.kind() != SubmissionProcessor.Kind.REJECTED, outcome.unitType());
        if (outcome.rejection() != null) {
            throw outcome.rejection().toException();
        }
        // The answer from the state just written, not a re-read of it (one round trip less per submission).
        String body = answerJson.apply(written(outcome.written(), ctx));
        if (idempotencyKey != null) {
            int inserted = em.createNativeQuery("""
                            INSERT INTO idempotency_record (caller_key_id, idem_key, request_hash, status, body)
                            VALUES (:caller, :key, :hash, 201, :body) ON CONFLICT DO NOTHING""")
                    .setParameter("caller", caller.keyId())
                    .setParameter("key", idempotencyKey)
                    .setParameter("hash", hash)
                    .setParameter("body", body)
                    .executeUpdate();
            if (inserted == 0) {
                throw ApiException.conflict("IDEMPOTENCY_KEY_IN_USE", "A request with this Idempotency-Key is being processed; retry");
            }
        }
        return new Answer(201, body, outcome.measurementId(), false);
    }

    /** The measurement as the revision just written left it (with the last review, which a new revision keeps). */
    private static Measurement written(NewRevision r, SubmissionContext ctx) {
        MeasurementState state = ctx.current.get(r.key());
        Submitter submitter = ctx.submitter();
        Measurement m = new Measurement();
        m.id = r.id();
        m.targetCode = r.target();
        m.unitCode = r.unit();
        m.placeCode = r.place();
        m.period = r.period().id();
        m.frequency = r.period().frequency().name();
        m.periodStart = r.period().start();
        m.periodEnd = r.period().end();
        m.revision = r.revision();
        m.value = r.value();
        m.numerator = r.numerator();
        m.denominator = r.denominator();
        m.comment = r.comment();
        m.status = state.status;
        m.followUp = r.followUp();
        m.zScore = r.zScore();
        m.firstSubmittedAt = r.firstSubmittedAt();
        m.submittedAt = submitter.at();
        m.submittedByKey = submitter.keyId();
        m.submittedByUnit = submitter.unit();
        m.onBehalf = submitter.onBehalf();
        m.reviewedAt = state.reviewedAt;
        m.reviewedByKey = state.reviewedBy;
        m.reviewReason = state.reviewReason;
        return m;
    }

    private Object[] storedAnswer(String caller, String key) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "SELECT request_hash, status, body FROM idempotency_record WHERE caller_key_id = :caller AND idem_key = :key")
                .setParameter("caller", caller)
                .setParameter("key", key)
                .getResultList();
        return rows.isEmpty() ? null : rows.get(0);
    }
}
