package cn.fjquality.gateway.docs;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PagePartsTest {

    private static String resource(String name) {
        try (InputStream in = PagePartsTest.class.getClassLoader().getResourceAsStream(name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int count(String text, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** Each page, put together as served: one whole document with what the scripts and the browser check look for. */
    @ParameterizedTest
    @ValueSource(strings = {"index", "report", "target"})
    void everyPageIsOneWholeDocument(String name) {
        String page = PageParts.expand(resource("scorecard/" + name + ".html"), PagePartsTest::resource);
        assertTrue(page.startsWith("<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n  <meta charset=\"utf-8\">"), page);
        assertFalse(page.contains("#include"), page);
        assertEquals(1, count(page, "<title>"));
        assertEquals(1, count(page, "<link rel=\"stylesheet\" href=\"/scorecard/scorecard.css\">"));
        assertTrue(page.indexOf("</title>") < page.indexOf("</head>") && page.indexOf("</head>") < page.indexOf("<body"), page);
        for (String id : new String[] {"lang", "forget", "login", "key", "message", "calls"}) {
            assertEquals(1, count(page, "id=\"" + id + "\""), id);
        }
        // the language and sign-out buttons inside the header's controls; common.js before the page's own script
        assertTrue(page.indexOf("<div class=\"controls\">") < page.indexOf("id=\"lang\"")
                && page.indexOf("id=\"forget\"") < page.indexOf("</header>"), page);
        int common = page.indexOf("<script src=\"/scorecard/common.js\"></script>");
        String own = "<script src=\"/scorecard/" + ("index".equals(name) ? "scorecard" : name) + ".js\"></script>";
        assertTrue(common > 0 && common < page.indexOf(own), page);
        assertTrue(page.endsWith("</body>\n</html>\n"), page);
    }

    @Test
    void onlyWholeIncludeLinesAreReplaced() {
        Map<String, String> parts = Map.of("scorecard/parts/a.html", "A $1 \\\n");
        assertEquals("x\nA $1 \\\ny <!--#include file=\"a.html\" -->\n",
                PageParts.expand("x\n<!--#include file=\"a.html\" -->\ny <!--#include file=\"a.html\" -->\n", parts::get));
    }

    @Test
    void aMissingPartIsAnError() {
        assertThrows(IllegalStateException.class, () -> PageParts.expand("<!--#include file=\"nothing.html\" -->\n", n -> null));
    }
}
