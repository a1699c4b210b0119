package org.kith.hub.enforce;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * What the sender learns about one of its messages for one recipient: forwarded or withheld and
 * the reason code. Never the data, and never anything about what other senders sent.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StatusNotice(String messageId, String recipient, String outcome, String reason, String decisionId,
                           Instant at) {

    public static final String FORWARDED = "forwarded";
    public static final String WITHHELD = "withheld";
    public static final String RECORDED = "recorded";
}
