package cn.fjquality.outbox;

/** Fired when an event is appended; observed after commit to publish without waiting for the next tick. */
public record OutboxAppended(String topic) {
}
