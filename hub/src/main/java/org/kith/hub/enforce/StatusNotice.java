package org.kith.hub.enforce;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * What the sender learns about one of its messages for one recipient: forwarded whole, forwarded
 * with some categories removed, or withheld, with the categories withheld and their reason codes.
 * Never the data, and never anything about what other senders sent.
 *
 * @param reason   for a withheld message: the reason code of its first withheld category
 * @param withheld the categories removed or withheld, each with its reason code
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record StatusNotice(String messageId, String recipient, String outcome, String reason, String decisionId,
                           List<Withholding> withheld, Instant at) {

    public static final String FORWARDED = "forwarded";
    public static final String REDACTED = "forwarded-redacted";
    public static final String WITHHELD = "withheld";
    public static final String RECORDED = "recorded";

    public StatusNotice {
        withheld = withheld == null ? List.of() : List.copyOf(withheld);
    }
}
