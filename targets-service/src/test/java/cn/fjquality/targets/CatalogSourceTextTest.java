package cn.fjquality.targets;

import cn.fjquality.problem.ApiException;
import cn.fjquality.targets.service.CatalogFile;
import cn.fjquality.targets.service.CatalogFile.CatalogPlan;
import cn.fjquality.targets.service.CatalogFile.CatalogTarget;
import cn.fjquality.targets.service.TargetRules;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped catalog against the seed documents (../seeds, relative to this module): every target's
 * sourceText occurs verbatim in its document and contains its number as written there.
 */
class CatalogSourceTextTest {
    static final Path SEEDS = Path.of("..", "seeds");
    static CatalogFile catalog;

    @BeforeAll
    static void read() throws IOException {
        ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        try (InputStream in = CatalogSourceTextTest.class.getClassLoader().getResourceAsStream("catalog/catalog-v1.json")) {
            catalog = mapper.readValue(in, CatalogFile.class);
        }
    }

    @Test
    void catalogHasTheFivePlansAndEveryTarget() {
        assertEquals(1, catalog.version());
        assertTrue(catalog.plans().size() >= 5, "at least the five plans");
        assertTrue(catalog.targets().size() >= 100, "about fifty outline targets plus the work points'");
        Set<String> codes = catalog.targets().stream().map(CatalogTarget::code).collect(Collectors.toSet());
        assertEquals(catalog.targets().size(), codes.size(), "target codes are unique");
    }

    @Test
    void everySourceTextOccursVerbatimInItsSeedAndContainsItsNumber() throws IOException {
        assertTrue(Files.isDirectory(SEEDS), "seed documents expected at " + SEEDS.toAbsolutePath());
        Map<String, String> seeds = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (CatalogTarget t : catalog.targets()) {
            String doc = t.sourceDocument();
            String text = seeds.computeIfAbsent(doc, d -> readSeed(SEEDS.resolve(d)));
            if (text == null) {
                problems.add(t.code() + ": seed " + doc + " missing");
                continue;
            }
            if (t.sourceText() == null || t.sourceText().isBlank() || !text.contains(t.sourceText())) {
                problems.add(t.code() + ": sourceText not verbatim in " + doc);
            }
            if (t.sourceText() != null && !containsNumber(t.sourceText(), t.targetValue())) {
                problems.add(t.code() + ": sourceText lacks " + numberForms(t.targetValue()));
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void everyTargetSatisfiesTheRulesTheApiApplies() {
        Map<String, CatalogPlan> plans = catalog.plans().stream().collect(Collectors.toMap(CatalogPlan::code, Function.identity()));
        List<String> problems = new ArrayList<>();
        for (CatalogTarget t : catalog.targets()) {
            CatalogPlan p = plans.get(t.planCode());
            try {
                TargetRules.check(TargetRules.withNaturalBounds(t.spec()),
                        p == null ? null : new TargetRules.Horizon(p.startYear(), p.endYear()));
            } catch (ApiException e) {
                problems.add(t.code() + ": " + e.code() + " " + e.getMessage());
            }
            if (p != null && !t.sourceDocument().equals(p.sourceDocument())) {
                problems.add(t.code() + ": cites a document other than its plan's");
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /**
     * Chapter titles (issue "[4/6] Pages"): every section a plan's targets name at chapter or sub-chapter level has a
     * title, and each title is the heading of that section in the plan's seed document, word for word: a chapter
     * {@code 二、} is the line starting {@code 二、<title>}; a sub-chapter {@code 二、(一)} the first line starting
     * {@code (一)<title>} after that chapter's line and before the next chapter's (full-width and ASCII brackets alike); an
     * item {@code 4} of a work-points list the line starting {@code 4.<title>}.
     */
    @Test
    void everyChapterTitleIsItsHeadingInTheSeed() throws IOException {
        Pattern chapterLevel = Pattern.compile("^([一二三四五六七八九十]+、)(\\([一二三四五六七八九十]+\\))?");
        Pattern item = Pattern.compile("^(\\d+)");
        List<String> problems = new ArrayList<>();
        for (CatalogPlan plan : catalog.plans()) {
            Map<String, String> titles = new HashMap<>();
            for (CatalogFile.Chapter c : plan.chapters()) {
                assertFalse(c.titleZh().isBlank(), plan.code() + " " + c.section());
                titles.put(c.section(), c.titleZh());
            }
            Set<String> named = new LinkedHashSet<>();
            for (CatalogTarget t : catalog.targets()) {
                if (!t.planCode().equals(plan.code())) {
                    continue;
                }
                var m = chapterLevel.matcher(t.section());
                if (m.find()) {
                    named.add(m.group(1));
                    if (m.group(2) != null) {
                        named.add(m.group(1) + m.group(2));
                    }
                } else {
                    var n = item.matcher(t.section());
                    if (n.find()) {
                        named.add(n.group(1));
                    }
                }
            }
            for (String section : named) {
                if (!titles.containsKey(section)) {
                    problems.add(plan.code() + ": section " + section + " has no chapter title");
                }
            }
            List<String> lines = Files.readAllLines(SEEDS.resolve(plan.sourceDocument()), StandardCharsets.UTF_8).stream()
                    .map(l -> l.replace('（', '(').replace('）', ')').replace("\u3000", "").strip()).toList();
            for (CatalogFile.Chapter c : plan.chapters()) {
                if (!heading(lines, c.section(), c.titleZh())) {
                    problems.add(plan.code() + ": " + c.section() + " " + c.titleZh() + " is not that section's heading in "
                            + plan.sourceDocument());
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    static boolean heading(List<String> lines, String section, String title) {
        var m = Pattern.compile("^([一二三四五六七八九十]+、)(\\(.+\\))?$").matcher(section);
        if (!m.matches()) {
            return lines.stream().anyMatch(l -> l.matches("^" + Pattern.quote(section) + "[.．、]" + Pattern.quote(title) + ".*"));
        }
        int chapter = -1;
        for (int i = 0; i < lines.size() && chapter < 0; i++) {
            if (lines.get(i).startsWith(m.group(1))) {
                chapter = i;
            }
        }
        if (chapter < 0) {
            return false;
        }
        if (m.group(2) == null) {
            return lines.get(chapter).startsWith(m.group(1) + title);
        }
        for (int i = chapter + 1; i < lines.size(); i++) {
            if (lines.get(i).matches("^[一二三四五六七八九十]+、.*")) {
                return false;
            }
            if (lines.get(i).startsWith(m.group(2))) {
                return lines.get(i).startsWith(m.group(2) + title);
            }
        }
        return false;
    }

    @Test
    void numberMatchingIsStrictAboutLongerNumbers() {
        assertTrue(containsNumber("均达到98.5%以上", new BigDecimal("98.5")));
        assertTrue(containsNumber("超过1万家", new BigDecimal("10000")));
        assertTrue(containsNumber("培育打造鲁班奖15个", new BigDecimal("15.0")));
        assertFalse(containsNumber("达到2400项", new BigDecimal("400")));
        assertFalse(containsNumber("达到98.5%", new BigDecimal("98")));
    }

    private static String readSeed(Path path) {
        try {
            return Files.exists(path) ? Files.readString(path, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The number as a document writes it (98.5, 10000), or its 万/亿 form (1万, 2亿). */
    static Set<String> numberForms(BigDecimal value) {
        BigDecimal v = value.abs();
        Set<String> forms = new LinkedHashSet<>();
        forms.add(plain(v));
        if (v.compareTo(BigDecimal.valueOf(10_000)) >= 0) {
            forms.add(plain(v.divide(BigDecimal.valueOf(10_000))) + "万");
        }
        if (v.compareTo(BigDecimal.valueOf(100_000_000)) >= 0) {
            forms.add(plain(v.divide(BigDecimal.valueOf(100_000_000))) + "亿");
        }
        return forms;
    }

    static boolean containsNumber(String text, BigDecimal value) {
        for (String form : numberForms(value)) {
            boolean magnitude = form.endsWith("万") || form.endsWith("亿");
            Pattern p = Pattern.compile("(?<![0-9.])" + Pattern.quote(form) + "(?![0-9])" + (magnitude ? "" : "(?!\\.[0-9])"));
            if (p.matcher(text).find()) {
                return true;
            }
        }
        return false;
    }

    private static String plain(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        return (s.scale() < 0 ? s.setScale(0) : s).toPlainString();
    }
}
