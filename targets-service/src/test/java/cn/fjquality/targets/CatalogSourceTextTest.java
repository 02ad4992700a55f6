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
