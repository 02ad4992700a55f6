package cn.fjquality.reports.messaging;

import cn.fjquality.events.Topics;
import cn.fjquality.outbox.EventDelivery;
import cn.fjquality.reports.service.Lookups;
import cn.fjquality.reports.service.ReferenceDataService;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes units.v1 and targets.v1 into the local copies ({@link ReferenceDataService} applies each event).
 * {@link EventDelivery} parses, skips what can never apply, and retries an event until its transaction commits, so a
 * database outage loses nothing.
 */
@ApplicationScoped
public class ReferenceDataConsumer {
    private final EventDelivery delivery;
    private final ReferenceDataService service;
    private final Lookups lookups;

    public ReferenceDataConsumer(EventDelivery delivery, ReferenceDataService service, Lookups lookups) {
        this.lookups = lookups;
        this.delivery = delivery;
        this.service = service;
    }

    @Incoming("units-in")
    @Blocking
    public void onUnitEvent(String json) {
        delivery.deliver(Topics.UNITS, json, envelope -> {
            service.applyUnit(envelope);
            lookups.forget(); // committed: later submissions read the changed copy
        });
    }

    @Incoming("targets-in")
    @Blocking
    public void onTargetEvent(String json) {
        delivery.deliver(Topics.TARGETS, json, envelope -> {
            service.applyTarget(envelope);
            lookups.forget();
        });
    }
}
