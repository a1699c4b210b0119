package org.kith.hub.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What the hub would do with a message now, sending nothing: for each recipient the outcome the
 * enforcement core would reach, the plain-language explanation, what would be disclosed and
 * withheld and on which basis, and the copy it would receive.
 *
 * @param subjects the family members the message is about (their ids)
 */
public record DryRunReport(String familyId, String type, String purpose, String sender, List<String> subjects,
                           List<Recipient> recipients) {

    public DryRunReport {
        subjects = List.copyOf(subjects);
        recipients = List.copyOf(recipients);
    }

    /**
     * One recipient's verdict.
     *
     * @param outcome   {@code permit}, {@code redact}, {@code deny} (nothing would go), or
     *                  {@code unknown-recipient}
     * @param withheld  each as {@code category:reason}, as the sender's status notice says it
     * @param basis     the directive, authority and agreement ids the decision rests on, each with its kind
     * @param copy      the data the recipient would receive, or null when nothing would go
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Recipient(String recipient, String outcome, String explanation, List<String> disclosed,
                            List<String> withheld, List<String> basis, List<String> rules, String policyVersion,
                            JsonNode copy) {
    }
}
