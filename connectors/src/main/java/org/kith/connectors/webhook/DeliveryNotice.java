package org.kith.connectors.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.util.Objects;
import org.kith.schemas.Json;

/**
 * What a webhook route writes to {@code kith.inbound} (with the {@code kith-delivery} header, keyed
 * by the family id) once a partner's endpoint took a copy: the ledger is written only by the
 * enforcement core, which turns this receipt into a delivery record. When the partner refused the
 * copy for good, the same notice carries the {@code failure} and the core records a final failure
 * instead. Ids, a hash and a code, never the data.
 *
 * @param bodySha256 hex SHA-256 of the exact bytes delivered (what the hub's signature covered)
 * @param kid        the hub key that signed them
 * @param failure    why the delivery finally failed (e.g. {@code http-422}); absent for a delivered copy
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeliveryNotice(String decisionId, String messageId, String recipient, String channel, String bodySha256,
                             String kid, String failure) {

    public DeliveryNotice {
        Objects.requireNonNull(messageId, "message id");
        Objects.requireNonNull(recipient, "recipient");
    }

    /** The same notice for a copy that was not delivered, for this reason. */
    public DeliveryNotice failed(String reason) {
        return new DeliveryNotice(decisionId, messageId, recipient, channel, bodySha256, kid,
                Objects.requireNonNull(reason, "failure"));
    }

    public byte[] toJson() {
        try {
            return Json.mapper().writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a delivery notice", e);
        }
    }

    /** Reads a notice; throws {@link IllegalArgumentException} if it is not one. */
    public static DeliveryNotice fromJson(byte[] json) {
        try {
            return Json.mapper().readValue(json, DeliveryNotice.class);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a delivery notice", e);
        }
    }
}
