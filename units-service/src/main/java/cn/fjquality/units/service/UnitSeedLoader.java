package cn.fjquality.units.service;

import cn.fjquality.events.v1.UnitEventType;
import cn.fjquality.units.config.UnitsConfig;
import cn.fjquality.units.domain.Unit;
import cn.fjquality.units.domain.UnitRepository;
import cn.fjquality.units.domain.UnitType;
import cn.fjquality.units.messaging.UnitEvents;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import org.apache.commons.codec.digest.DigestUtils;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads the versioned unit seed at every start, with the places seed ({@link PlacesSeed}: division codes and the
 * county-level units) folded in. Idempotent: a unit is inserted when missing, and updated only when its own seed
 * entry (division code included) changed since it was last applied (tracked by a hash), so a re-run changes nothing
 * and edits made through the API are not undone by a restart.
 */
@ApplicationScoped
public class UnitSeedLoader {
    private static final Logger LOG = Logger.getLogger(UnitSeedLoader.class);

    private final UnitRepository units;
    private final UnitEvents events;
    private final ObjectMapper mapper;
    private final UnitsConfig config;
    private final PlacesSeed places;
    private final Clock clock;

    public UnitSeedLoader(UnitRepository units, UnitEvents events, ObjectMapper mapper, UnitsConfig config,
                          PlacesSeed places, Clock clock) {
        this.units = units;
        this.events = events;
        this.mapper = mapper;
        this.config = config;
        this.places = places;
        this.clock = clock;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SeedFile(int version, List<SeedUnit> units) {
    }

    /**
     * One unit's seed entry; its JSON form is what the hash is taken of. {@code divisionCode} comes last and is left
     * out when null, so the entries of departments hash as they did before places had codes (no needless update).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SeedUnit(String code, String nameZh, String nameEn, UnitType type, String parentCode,
                           LocalDate activeFrom, LocalDate activeTo, List<String> aliases, String note,
                           String contactEmail, @JsonInclude(JsonInclude.Include.NON_NULL) String divisionCode) {

        SeedUnit withDivisionCode(String code) {
            return new SeedUnit(this.code, nameZh, nameEn, type, parentCode, activeFrom, activeTo, aliases, note,
                    contactEmail, code);
        }
    }

    public record SeedResult(int inserted, int updated, int unchanged) {
    }

    void onStart(@Observes @Priority(10) StartupEvent ignored) {
        if (config.seed().enabled()) {
            SeedResult result = load();
            LOG.infof("unit seed %s with %s: %d inserted, %d updated, %d unchanged", config.seed().resource(),
                    places.resource(), result.inserted(), result.updated(), result.unchanged());
        }
    }

    @Transactional
    public SeedResult load() {
        List<SeedUnit> entries = PlacesSeed.merge(read().units(), places.read());
        // Instances starting together apply the seed one after the other, not into each other's inserts.
        units.getEntityManager().createNativeQuery("SELECT pg_advisory_xact_lock(hashtext('units-seed'))").getSingleResult();
        // The stored seed units in one query, not one query (and one auto-flush) per entry: at start-up the JIT has
        // not compiled Hibernate's query path yet, and 166 lookups cost about a tenth of the main thread's start.
        Map<String, Unit> stored = new HashMap<>();
        units.list("code in ?1", entries.stream().map(SeedUnit::code).toList()).forEach(u -> stored.put(u.code, u));
        int inserted = 0;
        int updated = 0;
        int unchanged = 0;
        for (SeedUnit entry : parentsFirst(entries)) {
            String hash = hash(entry);
            Unit unit = stored.get(entry.code());
            if (unit == null || !hash.equals(unit.seedHash)) {
                requireDivisionCodeFree(entry);
            }
            if (unit == null) {
                unit = new Unit();
                unit.code = entry.code();
                unit.createdAt = Instant.now(clock);
                apply(entry, unit, hash);
                units.persistAndFlush(unit);
                events.emit(UnitEventType.UnitRegistered, unit);
                inserted++;
            } else if (!hash.equals(unit.seedHash)) {
                apply(entry, unit, hash);
                units.flush();
                events.emit(UnitEventType.UnitUpdated, unit);
                updated++;
            } else {
                unchanged++;
            }
        }
        return new SeedResult(inserted, updated, unchanged);
    }

    private void apply(SeedUnit entry, Unit unit, String hash) {
        unit.nameZh = entry.nameZh();
        unit.nameEn = entry.nameEn();
        unit.type = entry.type();
        unit.parentCode = entry.parentCode();
        unit.divisionCode = entry.divisionCode();
        unit.activeFrom = entry.activeFrom() != null ? entry.activeFrom() : LocalDate.of(2000, 1, 1);
        unit.activeTo = entry.activeTo();
        unit.aliases = entry.aliases() == null ? new ArrayList<>() : new ArrayList<>(entry.aliases());
        unit.note = entry.note();
        unit.contactEmail = entry.contactEmail();
        unit.seedHash = hash;
        unit.updatedAt = Instant.now(clock);
    }

    /** A division code given to another unit through the API stops the start: which unit is the place is a human's call. */
    private void requireDivisionCodeFree(SeedUnit entry) {
        if (entry.divisionCode() == null) {
            return;
        }
        units.findByDivisionCode(entry.divisionCode()).filter(holder -> !holder.code.equals(entry.code())).ifPresent(holder -> {
            throw new IllegalStateException("seed unit " + entry.code() + " has division code " + entry.divisionCode()
                    + ", which unit " + holder.code + " already has; change that unit's division code, then restart");
        });
    }

    private SeedFile read() {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(config.seed().resource())) {
            if (in == null) {
                throw new IllegalStateException("unit seed " + config.seed().resource() + " is not on the classpath");
            }
            return mapper.readValue(in, SeedFile.class);
        } catch (IOException e) {
            throw new UncheckedIOException("unit seed " + config.seed().resource() + " cannot be read", e);
        }
    }

    /** SHA-256 of the entry's JSON form, as stored in {@code unit.seed_hash}. */
    private String hash(SeedUnit entry) {
        try {
            return DigestUtils.sha256Hex(mapper.writeValueAsBytes(entry));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Orders entries so every parent is stored before its children. */
    static List<SeedUnit> parentsFirst(List<SeedUnit> entries) {
        Map<String, SeedUnit> byCode = new LinkedHashMap<>();
        entries.forEach(e -> byCode.put(e.code(), e));
        List<SeedUnit> ordered = new ArrayList<>();
        Map<String, Boolean> placed = new HashMap<>();
        for (SeedUnit e : entries) {
            place(e, byCode, placed, ordered, 0);
        }
        return ordered;
    }

    private static void place(SeedUnit e, Map<String, SeedUnit> byCode, Map<String, Boolean> placed, List<SeedUnit> out, int depth) {
        if (placed.containsKey(e.code())) {
            return;
        }
        if (depth > byCode.size()) {
            throw new IllegalStateException("unit seed has a parent cycle at " + e.code());
        }
        SeedUnit parent = e.parentCode() == null ? null : byCode.get(e.parentCode());
        if (parent != null) {
            place(parent, byCode, placed, out, depth + 1);
        }
        placed.put(e.code(), true);
        out.add(e);
    }
}
