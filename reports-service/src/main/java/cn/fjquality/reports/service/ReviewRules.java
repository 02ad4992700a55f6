package cn.fjquality.reports.service;

import cn.fjquality.problem.ApiException;
import cn.fjquality.security.Caller;

import java.util.function.BiPredicate;

/**
 * Who may approve or return a value: an ADMIN, or a REPORTER bound to one of the target's lead units for the values of
 * other units; and the four-eyes rule, which binds admins too. Checked in this order; the first that fails answers:
 * <ol>
 *   <li>a REPORTER not bound to a lead unit of the target: {@code REVIEW_NOT_ALLOWED};</li>
 *   <li>a lead unit's own value (reported by the unit, whichever of its keys submitted it): {@code REVIEW_NOT_ALLOWED},
 *       an ADMIN reviews it;</li>
 *   <li>the caller's key submitted the current revision (ADMIN keys too, on behalf): {@code SELF_REVIEW_NOT_ALLOWED};</li>
 *   <li>a key of the reviewer's unit submitted the current revision for another unit (a subtree key of a city reporting
 *       for its county): {@code SELF_REVIEW_NOT_ALLOWED};</li>
 *   <li>the current revision was stored before the submitting key's unit was recorded (migration V4: a REPORTER's
 *       revision with no {@code submitted_by_unit}) and the value's unit lies below the reviewer's, so a subtree key of the
 *       reviewer's unit may have submitted it: {@code SELF_REVIEW_NOT_ALLOWED} (an ADMIN reviews it, or the unit submits
 *       it again).</li>
 * </ol>
 * Pure: the unit tree comes from the caller.
 */
public final class ReviewRules {
    private ReviewRules() {
    }

    /**
     * What the rules need of a value and its current revision.
     *
     * @param unitCode         the unit that reported the value
     * @param submittedByKey   the API key id that submitted the current revision
     * @param submittedByUnit  the unit of that key (a REPORTER's); null for an ADMIN's revision or one stored before V4
     * @param onBehalf         an ADMIN key submitted the current revision
     */
    public record Submitted(String targetCode, String unitCode, String submittedByKey, String submittedByUnit, boolean onBehalf) {
    }

    /**
     * @param leadsTarget  the caller is a REPORTER bound to one of the target's lead units
     * @param isDescendant (unit, ancestor): unit lies below ancestor
     * @return why the caller may not review the value, or null when it may
     */
    public static ApiException refusal(Caller caller, Submitted value, boolean leadsTarget, BiPredicate<String, String> isDescendant) {
        if (!caller.isAdmin()) {
            if (!caller.isReporter() || caller.unitCode() == null || !leadsTarget) {
                return ApiException.forbidden("REVIEW_NOT_ALLOWED",
                        "Only an admin or a lead unit of target " + value.targetCode() + " may review its values");
            }
            if (caller.unitCode().equals(value.unitCode())) {
                return ApiException.forbidden("REVIEW_NOT_ALLOWED", "A lead unit does not review its own values; an admin does");
            }
        }
        if (caller.keyId() != null && caller.keyId().equals(value.submittedByKey())) {
            return ApiException.forbidden("SELF_REVIEW_NOT_ALLOWED", "Your key submitted the current revision of this value; "
                    + "another key reviews it (four-eyes rule)");
        }
        if (caller.isAdmin()) {
            return null;
        }
        if (caller.unitCode().equals(value.submittedByUnit())) {
            return ApiException.forbidden("SELF_REVIEW_NOT_ALLOWED", "A key of your unit " + caller.unitCode()
                    + " submitted the current revision for " + value.unitCode() + "; a unit does not review what it submitted "
                    + "(four-eyes rule): an admin reviews it, or " + value.unitCode() + " submits it itself");
        }
        if (value.submittedByUnit() == null && !value.onBehalf() && isDescendant.test(value.unitCode(), caller.unitCode())) {
            return ApiException.forbidden("SELF_REVIEW_NOT_ALLOWED", "It is not recorded which unit's key submitted the current "
                    + "revision (stored before that was kept), and a key of your unit " + caller.unitCode() + " may have; an admin "
                    + "reviews it, or " + value.unitCode() + " submits it again (four-eyes rule)");
        }
        return null;
    }
}
