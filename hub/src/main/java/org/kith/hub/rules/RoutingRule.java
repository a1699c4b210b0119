package org.kith.hub.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.kith.schemas.Envelope;
import org.kith.schemas.MessageType;
import org.kith.schemas.PartnerKind;

/**
 * A routing rule, kept as data in the config topic: messages that match get further recipients
 * beyond the addressees their sender named. Each recipient is still decided on its own (agreement,
 * consent), so a rule can only propose, never disclose.
 *
 * <p>Example: every placement-change goes to the school named in its {@code /newSchool/partnerId}
 * field; every case plan from {@code county-cw} goes to {@code family-court}.
 *
 * @param messageTypes match these types; empty matches any
 * @param senderKinds  match senders of these kinds; empty matches any
 * @param senders      match these sender ids; empty matches any
 * @param where        every condition must hold on the message's data
 * @param to           recipients by partner id
 * @param toFromFields recipients read from the message's data at these JSON pointers
 * @param choose       whether the message goes to all of them, or to the one most able to take it
 */
public record RoutingRule(String id, Set<MessageType> messageTypes, Set<PartnerKind> senderKinds, Set<String> senders,
                          List<Condition> where, List<String> to, List<String> toFromFields, Choice choose) {

    /**
     * {@code all}: every recipient of the rule. {@code first-with-capacity}: one provider, the first
     * in the rule's order among the best-placed by reported capacity for the referral's
     * {@code /serviceType} and area (accepting, then waitlist, then no report, then full): a
     * referral is offered to one provider at a time, and re-sent elsewhere if declined.
     */
    public enum Choice {
        ALL("all"), FIRST_WITH_CAPACITY("first-with-capacity");

        private final String code;

        Choice(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        public static Choice fromCode(String code) {
            for (Choice c : values()) {
                if (c.code.equals(code)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("unknown routing choice '" + code + "'");
        }
    }

    /** Where a referral's family lives, for capacity by area: the referral's {@code familyContact/address/area}. */
    public static final String AREA_POINTER = "/familyContact/address/area";

    /** The text at {@code pointer} (relative to the data) equals {@code equals}. */
    public record Condition(String pointer, String equals) {
        public Condition {
            Objects.requireNonNull(pointer, "pointer");
            Objects.requireNonNull(equals, "equals");
        }

        boolean holds(JsonNode data) {
            JsonNode value = data.at(pointer);
            return value.isValueNode() && value.asText().equals(equals);
        }
    }

    public RoutingRule {
        Objects.requireNonNull(id, "id");
        messageTypes = Set.copyOf(messageTypes);
        senderKinds = Set.copyOf(senderKinds);
        senders = Set.copyOf(senders);
        where = List.copyOf(where);
        to = List.copyOf(to);
        toFromFields = List.copyOf(toFromFields);
        Objects.requireNonNull(choose, "choose");
        if (to.isEmpty() && toFromFields.isEmpty()) {
            throw new IllegalArgumentException("routing rule " + id + " names no recipient");
        }
    }

    public boolean matches(Envelope envelope, PartnerKind senderKind) {
        return (messageTypes.isEmpty() || messageTypes.contains(envelope.type()))
                && (senderKinds.isEmpty() || senderKinds.contains(senderKind))
                && (senders.isEmpty() || senders.contains(envelope.source()))
                && where.stream().allMatch(condition -> condition.holds(envelope.data()));
    }

    /** The recipients this rule adds for a matching message, in order; one of them if the rule chooses by capacity. */
    public List<String> recipients(Envelope envelope, ConfigSnapshot config) {
        Set<String> recipients = new LinkedHashSet<>(to);
        for (String pointer : toFromFields) {
            JsonNode value = envelope.data().at(pointer);
            if (value.isTextual()) {
                recipients.add(value.asText());
            }
        }
        if (choose == Choice.ALL || recipients.isEmpty()) {
            return new ArrayList<>(recipients);
        }
        String serviceType = envelope.data().path("serviceType").asText(null);
        String area = envelope.data().at(AREA_POINTER).asText(null);
        return List.of(recipients.stream()
                .min(Comparator.comparingInt(partner -> rank(config, partner, serviceType, area)))
                .orElseThrow());
    }

    private static int rank(ConfigSnapshot config, String partner, String serviceType, String area) {
        return config.capacityOf(partner, serviceType, area).map(status -> switch (status) {
            case ACCEPTING -> 0;
            case WAITLIST -> 1;
            case FULL -> 3;
        }).orElse(2);
    }
}
