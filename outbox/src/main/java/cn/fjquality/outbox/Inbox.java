package cn.fjquality.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/**
 * The idempotent-consumer half: records that a consumer applied an event, in the same
 * transaction as the effect, so a redelivered event is recognised and skipped.
 */
@ApplicationScoped
public class Inbox {
    private final EntityManager em;

    public Inbox(EntityManager em) {
        this.em = em;
    }

    /** @return true the first time this consumer sees the event, false for a duplicate */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstDelivery(String consumer, UUID eventId) {
        int inserted = em.createNativeQuery(
                        "INSERT INTO processed_event (consumer, event_id) VALUES (:consumer, :eventId) ON CONFLICT DO NOTHING")
                .setParameter("consumer", consumer)
                .setParameter("eventId", eventId)
                .executeUpdate();
        return inserted == 1;
    }

    /**
     * {@link #firstDelivery} for many events in one round trip (a consumer applying a whole poll).
     *
     * @return the events this consumer sees for the first time; the others are duplicates
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<UUID> firstDeliveries(String consumer, Collection<UUID> eventIds) {
        Set<UUID> fresh = new HashSet<>();
        if (eventIds.isEmpty()) {
            return fresh;
        }
        UUID[] ids = new LinkedHashSet<>(eventIds).toArray(UUID[]::new);
        em.unwrap(org.hibernate.Session.class).doWork(c -> {
            Array array = c.createArrayOf("uuid", ids);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO processed_event (consumer, event_id) "
                    + "SELECT ?, id FROM unnest(?::uuid[]) AS id ON CONFLICT DO NOTHING RETURNING event_id")) {
                ps.setString(1, consumer);
                ps.setArray(2, array);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        fresh.add(rs.getObject(1, UUID.class));
                    }
                }
            } finally {
                array.free();
            }
        });
        return fresh;
    }
}
