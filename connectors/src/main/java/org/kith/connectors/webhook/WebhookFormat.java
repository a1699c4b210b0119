package org.kith.connectors.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.Optional;

/**
 * The partner's own format of a released message, if it asked for one (e.g. FHIR R4): the webhook
 * then carries these bytes, signed, hashed into the receipt and recorded as the ones sent. Empty:
 * the structured CloudEvent, as for every partner.
 */
@FunctionalInterface
public interface WebhookFormat {

    /** The structured CloudEvent as every partner gets it. */
    WebhookFormat CLOUDEVENT = event -> Optional.empty();

    /** @param event the released copy as a structured CloudEvent */
    Optional<Body> format(JsonNode event);

    /** A body and its content type. */
    record Body(String contentType, byte[] bytes) {
        public Body {
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(bytes, "bytes");
        }
    }
}
