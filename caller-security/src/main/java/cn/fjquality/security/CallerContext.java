package cn.fjquality.security;

import cn.fjquality.problem.ApiException;
import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The current request's caller, read from the verified token. */
@RequestScoped
public class CallerContext {
    public static final String UNIT_CLAIM = "unit";
    public static final String SUBTREE_CLAIM = "subtree";

    private final JsonWebToken token;

    public CallerContext(JsonWebToken token) {
        this.token = token;
    }

    public Caller caller() {
        if (token == null || token.getRawToken() == null) {
            throw new ApiException(401, "UNAUTHENTICATED", "A valid credential is required");
        }
        String role = token.getGroups().stream().findFirst().orElse("");
        Object subtree = token.getClaim(SUBTREE_CLAIM);
        return new Caller(token.getSubject(), role, token.getClaim(UNIT_CLAIM),
                subtree != null && Boolean.parseBoolean(subtree.toString()));
    }

    /** Fails with 403 unless the caller may act for the unit. */
    public Caller requireMayActFor(String unitCode, UnitHierarchy hierarchy) {
        Caller caller = caller();
        if (!caller.mayActFor(unitCode, hierarchy)) {
            throw ApiException.forbidden("UNIT_OUT_OF_SCOPE", "Your key may not act for unit " + unitCode);
        }
        return caller;
    }
}
