package cn.fjquality.targets.messaging;

import cn.fjquality.events.Topics;
import cn.fjquality.outbox.EventDelivery;
import cn.fjquality.targets.service.KnownUnitService;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Consumes {@code units.v1 into the local known_unit table}; parsing, skipping and retrying are {@link EventDelivery}'s. */
@ApplicationScoped
public class UnitEventsConsumer {
    private final EventDelivery delivery;
    private final KnownUnitService service;

    public UnitEventsConsumer(EventDelivery delivery, KnownUnitService service) {
        this.delivery = delivery;
        this.service = service;
    }

    @Incoming("units-in")
    @Blocking
    public void consume(String value) {
        delivery.deliver(Topics.UNITS, value, service::apply);
    }
}
