package cn.fjquality.targets.service;

import cn.fjquality.problem.ApiException;
import cn.fjquality.security.Caller;
import cn.fjquality.targets.domain.progress.PlaceTree;

import java.util.function.Predicate;

/**
 * Who may read which progress scope. The province's and the cities' figures are the level the plan's targets are
 * set and judged at (the scorecard, the city comparison): every key reads them. Below that, unit-level data follows
 * reports-service's rule for the same values: a REPORTER key reads a county's figure or a reporting unit's own values
 * only for its own unit, or its descendants with a subtree key (else 403 UNIT_OUT_OF_SCOPE), and does not see the
 * values other units reported beside a figure ({@code otherReports}) outside that scope. ADMIN, ANALYST and GATEWAY
 * read everything.
 */
public final class ReadScope {
    private ReadScope() {
    }

    /** @throws ApiException 403 UNIT_OUT_OF_SCOPE when the caller may not read the scope */
    public static void require(Caller caller, ProgressMethod.Scope scope, PlaceTree tree) {
        if (!mayRead(caller, scope, tree)) {
            throw ApiException.forbidden("UNIT_OUT_OF_SCOPE", "Your key may not read the values of " + scope.key()
                    + ": below the cities, progress is readable for your own unit (and its subtree with a subtree key)");
        }
    }

    public static boolean mayRead(Caller caller, ProgressMethod.Scope scope, PlaceTree tree) {
        if (!caller.isReporter() || scope.isProvince()) {
            return true;
        }
        if (!scope.ownValues() && scope.place() != null && tree.isCity(scope.place())) {
            return true;
        }
        return caller.mayActFor(scope.key(), tree::isDescendant);
    }

    /** Whose individually reported values the caller may see (other reports beside a figure). */
    public static Predicate<String> unitsVisible(Caller caller, PlaceTree tree) {
        return unit -> !caller.isReporter() || caller.mayActFor(unit, tree::isDescendant);
    }
}
