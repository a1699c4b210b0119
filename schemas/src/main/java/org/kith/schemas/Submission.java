package org.kith.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What a partner sends to the hub: the message type, the family it concerns, the partners it is
 * addressed to and the data. The hub adds id, sender and time to make it an {@link Envelope}.
 */
public record Submission(String type, String familyid, List<String> recipients, JsonNode data) {

    public Submission {
        recipients = List.copyOf(recipients == null ? List.of() : recipients);
    }
}
