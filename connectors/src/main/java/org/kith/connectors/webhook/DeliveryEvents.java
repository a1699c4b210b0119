package org.kith.connectors.webhook;

/**
 * What a webhook route tells the operators' metrics: a delivery attempt failed, one is retried,
 * a copy was delivered, one was set aside as a dead letter, the partner's circuit breaker changed
 * state. Partner ids only, never a message.
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

    DeliveryEvents NONE = new DeliveryEvents() {
        @Override
        public void attemptFailed(String partnerId) {
        }

        @Override
        public void retried(String partnerId) {
        }

        @Override
        public void delivered(String partnerId) {
        }

        @Override
        public void deadLettered(String partnerId) {
        }

        @Override
        public void breaker(String partnerId, Breaker state) {
        }
    };

    void attemptFailed(String partnerId);

    void retried(String partnerId);

    void delivered(String partnerId);

    /** The partner refused a copy for good: it went to the partner's dead letters. */
    void deadLettered(String partnerId);

    /** The partner's circuit breaker is now in this state (also told once when the route starts). */
    void breaker(String partnerId, Breaker state);
}
