package cn.fjquality.gateway.docs;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pages (scorecard, reporting form, target page) share their head, the language and sign-out buttons, and the
 * footer that lists the page's API calls; those are written once, in {@code scorecard/parts/}, and each page names
 * them with a line {@code <!--#include file="head.html" -->} (the SSI syntax), so a page file holds only what is its
 * own. The gateway puts the parts in when it first loads a page ({@link DocsRoutes}); the browser gets one whole
 * document, as before, and the parts are never served by themselves.
 */
final class PageParts {
    static final String PARTS = "scorecard/parts/";
    /** One include a line, on a line of its own: the line (with its end) becomes the part. */
    private static final Pattern INCLUDE = Pattern.compile("^<!--#include file=\"([a-z-]+\\.html)\" -->\\R", Pattern.MULTILINE);

    private PageParts() {
    }

    /**
     * The page with every include replaced by its part. {@code part} gives a part's text by its resource name, or null
     * when there is none: a page that names a missing part is a mistake in this repository, not in a request.
     */
    static String expand(String page, Function<String, String> part) {
        Matcher m = INCLUDE.matcher(page);
        StringBuilder out = new StringBuilder(page.length() + 1024);
        while (m.find()) {
            String text = part.apply(PARTS + m.group(1));
            if (text == null) {
                throw new IllegalStateException("page part not found: " + PARTS + m.group(1));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(text));
        }
        m.appendTail(out);
        return out.toString();
    }
}
