package org.kith.connectors.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.time.Instant;
import java.util.Objects;
import org.kith.schemas.Json;

/**
 * A copy a partner refused for good, set aside on the partner's dead-letter topic so the partner's
 * later copies flow: the reason, the partner's answer and where the record came from, laid out as
 * the hub's own dead letters are ({@code reason}, {@code detail}, {@code sourceTopic}...). The topic
 * is hub-internal; {@code value} is the document as it was sent.
 *
 * @param status the partner's HTTP status
 * @param key    the family id (the record key)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WebhookDeadLetter(String reason, String detail, String partner, int status, String messageId,
                                String sourceTopic, int sourcePartition, long sourceOffset, String key, String value,
                                Instant at) {

    /** The reason code of a copy the partner refused. */
    public static final String REFUSED_BY_PARTNER = "refused-by-partner";

    public WebhookDeadLetter {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(partner, "partner");
    }

    /** Where an outbound record was read from; unknown parts are null or -1. */
    public record Origin(String topic, int partition, long offset) {
    }

    public byte[] toJson() {
        try {
            return Json.mapper().writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a webhook dead letter", e);
        }
    }
}
