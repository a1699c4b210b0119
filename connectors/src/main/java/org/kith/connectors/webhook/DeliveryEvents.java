package org.kith.connectors.webhook;

/**
 * What a webhook route tells the operators' metrics: a delivery attempt failed, one is retried,
 * a copy was delivered, one was set aside as a dead letter, the partner's circuit breaker changed
 * state. Partner ids only, never a message. Each is a no-op unless implemented.
 */
public interface DeliveryEvents {

    /** A partner's circuit breaker, as operators see it. */
    enum Breaker {
        /** Deliveries go to the partner. */
        CLOSED,
        /** One probe delivery is let through to see whether the partner is back. */
        HALF_OPEN,
        /** The partner is not called; its records wait on its topic. */
        OPEN
    }

    /** Tells nobody. */
    DeliveryEvents NONE = new DeliveryEvents() {
    };

    default void attemptFailed(String partnerId) {
    }

    default void retried(String partnerId) {
    }

    default void delivered(String partnerId) {
    }

    /** The partner refused a copy for good: it went to the partner's dead letters. */
    default void deadLettered(String partnerId) {
    }

    /** The partner's circuit breaker is now in this state (also told once when the route starts). */
    default void breaker(String partnerId, Breaker state) {
    }
}
