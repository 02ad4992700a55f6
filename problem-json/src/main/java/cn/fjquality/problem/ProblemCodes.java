package cn.fjquality.problem;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The problem codes an OpenAPI response description names: the services write them in backticks ({@code `VALUE_LOCKED`}).
 * Read by each service's OpenAPI filter (to give each code an example) and by the gateway's merger (to add only the codes
 * a service did not already name).
 */
public final class ProblemCodes {
    private static final Pattern CODE = Pattern.compile("`([A-Z][A-Z0-9_]*[A-Z0-9])`");

    private ProblemCodes() {
    }

    /** The codes named in backticks, in order of appearance; empty for null. */
    public static Set<String> namedIn(String description) {
        Set<String> codes = new LinkedHashSet<>();
        if (description != null) {
            Matcher m = CODE.matcher(description);
            while (m.find()) {
                codes.add(m.group(1));
            }
        }
        return codes;
    }
}
