package cn.fjquality.reports.service;

import cn.fjquality.problem.ApiException;
import cn.fjquality.reports.rest.MeasurementDtos.MeasurementResponse;
import cn.fjquality.reports.rest.MeasurementDtos.SubmitMeasurementRequest;
import cn.fjquality.security.Caller;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.apache.commons.codec.digest.DigestUtils;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/** Single submissions: validation, a new revision, its event and the Idempotency-Key answer, in one transaction. */
@ApplicationScoped
public class SubmissionService {
    public static final int MAX_IDEMPOTENCY_KEY = 200;

    private final SubmissionProcessor processor;
    private final EntityManager em;
    private final ObjectMapper mapper;
    private final ReportsMetrics metrics;
    private final Clock clock;

    public SubmissionService(SubmissionProcessor processor, EntityManager em, ObjectMapper mapper, ReportsMetrics metrics, Clock clock) {
        this.processor = processor;
        this.em = em;
        this.mapper = mapper;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** The answer to send: status and the exact JSON body (replays send the stored one). */
    public record Answer(int status, String body, UUID measurementId, boolean replayed) {
    }

    @Transactional
    public Answer submit(SubmitMeasurementRequest request, Caller caller, String idempotencyKey) {
        String hash = null;
        if (idempotencyKey != null) {
            if (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY) {
                throw ApiException.badRequest("INVALID_IDEMPOTENCY_KEY", "Idempotency-Key must be 1 to " + MAX_IDEMPOTENCY_KEY + " characters");
            }
            hash = DigestUtils.sha256Hex(json(request));
            Object[] stored = stored(caller.keyId(), idempotencyKey);
            if (stored != null) {
                if (!hash.equals(stored[0])) {
                    throw ApiException.unprocessable("IDEMPOTENCY_KEY_REUSED",
                            "This Idempotency-Key was used for a different request body");
                }
                return new Answer(((Number) stored[1]).intValue(), (String) stored[2], null, true);
            }
        }
        SubmissionRow row = toRow(request);
        // microseconds: what PostgreSQL keeps, so the answer built from it equals a later GET
        SubmissionContext ctx = new SubmissionContext(caller, false, false, null, Instant.now(clock).truncatedTo(ChronoUnit.MICROS),
                LocalDate.now(clock));
        SubmissionProcessor.Outcome outcome = processor.process(List.of(row), ctx).get(0);
        metrics.submitted(outcome.kind() != SubmissionProcessor.Kind.REJECTED, outcome.unitType());
        if (outcome.rejection() != null) {
            throw outcome.rejection().toException();
        }
        // The answer from the state just written, not a re-read of it (one round trip less per submission).
        String body = json(answer(outcome.written(), ctx));
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

    private static MeasurementResponse answer(SubmissionProcessor.Write w, SubmissionContext ctx) {
        SubmissionContext.Current s = w.state();
        SubmissionProcessor.Valid v = w.valid();
        return new MeasurementResponse(s.id, v.target().code, v.unit().code, v.place(), v.period().id(), v.period().frequency().name(),
                w.revision(), s.value, s.numerator, s.denominator, s.comment, s.status, w.followUp(), w.zScore(),
                s.firstSubmittedAt, ctx.now, ctx.caller.keyId(), ctx.submitterUnit(), ctx.caller.isAdmin(), s.reviewedAt, s.reviewedBy,
                s.reviewReason);
    }

    private Object[] stored(String caller, String key) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "SELECT request_hash, status, body FROM idempotency_record WHERE caller_key_id = :caller AND idem_key = :key")
                .setParameter("caller", caller)
                .setParameter("key", key)
                .getResultList();
        return rows.isEmpty() ? null : rows.get(0);
    }

    static SubmissionRow toRow(SubmitMeasurementRequest r) {
        try {
            BigDecimal value = Numbers.parse("value", r.value());
            BigDecimal numerator = Numbers.parse("numerator", r.numerator());
            BigDecimal denominator = Numbers.parse("denominator", r.denominator());
            return new SubmissionRow(1, r.target(), r.unit(), r.place(), r.period(), value, numerator, denominator, r.comment(), null);
        } catch (Numbers.BadNumber e) {
            return SubmissionRow.rejected(1, e.rejection);
        }
    }

    private String json(Object o) {
        try {
            return mapper.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
