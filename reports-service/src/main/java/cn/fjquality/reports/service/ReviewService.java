package cn.fjquality.reports.service;

import cn.fjquality.problem.ApiException;
import cn.fjquality.reports.domain.Measurement;
import cn.fjquality.reports.domain.MeasurementRepository;
import cn.fjquality.reports.domain.MeasurementReview;
import cn.fjquality.reports.domain.TargetCopy;
import cn.fjquality.reports.domain.TargetCopyRepository;
import cn.fjquality.reports.domain.UnitCopyRepository;
import cn.fjquality.reports.messaging.MeasurementEvents;
import cn.fjquality.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Approve / return. Allowed for an ADMIN, or a REPORTER bound to one of the target's lead units for
 * values of other units, under the four-eyes rule ({@link ReviewRules}). An approved value is locked (new submissions
 * get VALUE_LOCKED) until returned.
 */
@ApplicationScoped
public class ReviewService {
    private final MeasurementRepository measurements;
    private final TargetCopyRepository targets;
    private final UnitCopyRepository units;
    private final MeasurementEvents events;
    private final EntityManager em;
    private final Clock clock;

    public ReviewService(MeasurementRepository measurements, TargetCopyRepository targets, UnitCopyRepository units,
                         MeasurementEvents events, EntityManager em, Clock clock) {
        this.measurements = measurements;
        this.targets = targets;
        this.units = units;
        this.events = events;
        this.em = em;
        this.clock = clock;
    }

    @Transactional
    public Measurement approve(UUID id, Caller caller) {
        Measurement m = reviewable(id, caller);
        if (Measurement.APPROVED.equals(m.status)) {
            return m;
        }
        if (Measurement.RETURNED.equals(m.status)) {
            throw ApiException.conflict("NOT_REVIEWABLE", "A returned value must be submitted again before it can be approved");
        }
        return decide(m, Measurement.APPROVED, null, caller);
    }

    @Transactional
    public Measurement returnValue(UUID id, String reason, Caller caller) {
        if (reason == null || reason.isBlank()) {
            throw new ApiException(422, "REASON_REQUIRED", "Returning a value needs a reason", java.util.List.of(
                    cn.fjquality.problem.Problem.FieldError.of("reason", "REASON_REQUIRED", "must not be blank")));
        }
        if (reason.length() > 1000) {
            throw ApiException.unprocessable("REASON_TOO_LONG", "reason is longer than 1000 characters");
        }
        Measurement m = reviewable(id, caller);
        if (Measurement.RETURNED.equals(m.status)) {
            throw ApiException.conflict("NOT_REVIEWABLE", "The value was already returned");
        }
        return decide(m, Measurement.RETURNED, reason.trim(), caller);
    }

    private Measurement reviewable(UUID id, Caller caller) {
        Measurement m = em.find(Measurement.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (m == null) {
            throw ApiException.notFound("MEASUREMENT_NOT_FOUND", "No measurement " + id);
        }
        TargetCopy target = caller.isAdmin() ? null : targets.findById(m.targetCode);
        boolean leads = caller.isReporter() && caller.unitCode() != null && target != null && target.isLead(caller.unitCode());
        ApiException refusal = ReviewRules.refusal(caller,
                new ReviewRules.Submitted(m.targetCode, m.unitCode, m.submittedByKey, m.submittedByUnit, m.onBehalf),
                leads, units::isDescendant);
        if (refusal != null) {
            throw refusal;
        }
        return m;
    }

    private Measurement decide(Measurement m, String status, String reason, Caller caller) {
        Instant now = Instant.now(clock);
        m.status = status;
        m.reviewedAt = now;
        m.reviewedByKey = caller.keyId();
        m.reviewReason = reason;
        MeasurementReview review = new MeasurementReview();
        review.measurementId = m.id;
        review.revision = m.revision;
        review.action = Measurement.APPROVED.equals(status) ? "APPROVE" : "RETURN";
        review.reason = reason;
        review.reviewedByKey = caller.keyId();
        review.onBehalf = caller.isAdmin();
        review.reviewedAt = now;
        em.persist(review);
        em.flush();
        events.reviewed(m);
        return m;
    }
}
