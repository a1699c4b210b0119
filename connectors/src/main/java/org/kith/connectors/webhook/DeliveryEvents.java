package org.kith.connectors.webhook;

/**
 * What a webhook route tells the operators' metrics: a delivery attempt failed, one is retried,
 * a copy was delivered. Partner ids only, never a message.
 */
public interface DeliveryEvents {

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
    };

    void attemptFailed(String partnerId);

    void retried(String partnerId);

    void delivered(String partnerId);
}
