package cn.fjquality.targets.messaging;

import cn.fjquality.events.Topics;
import cn.fjquality.outbox.EventDelivery;
import cn.fjquality.targets.service.ProgressService;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Consumes {@code measurements.v1 into the progress projection}; parsing, skipping and retrying are {@link EventDelivery}'s. */
@ApplicationScoped
public class MeasurementEventsConsumer {
    private final EventDelivery delivery;
    private final ProgressService service;

    public MeasurementEventsConsumer(EventDelivery delivery, ProgressService service) {
        this.delivery = delivery;
        this.service = service;
    }

    @Incoming("measurements-in")
    @Blocking
    public void consume(String value) {
        delivery.deliver(Topics.MEASUREMENTS, value, service::apply);
    }
}
