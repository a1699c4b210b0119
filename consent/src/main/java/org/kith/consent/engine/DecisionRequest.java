package org.kith.consent.engine;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.kith.consent.model.Ids;
import org.kith.consent.model.Partner;
import org.kith.schemas.MessageType;
import org.kith.schemas.Purpose;

/**
 * One question to the engine: may this message, about these members of this family, go from this
 * sender to this recipient for this purpose? The payload itself stays out; its {@link MessageFacts} suffice.
 *
 * @param subjects the family members the message is about, in the message's order
 */
public record DecisionRequest(String messageId, String familyId, MessageType messageType, Purpose purpose,
                              List<String> subjects, Partner sender, Partner recipient, MessageFacts facts) {

    public DecisionRequest {
        Ids.require(messageId, "message id");
        Ids.require(familyId, "family id");
        Objects.requireNonNull(messageType, "message type");
        Objects.requireNonNull(purpose, "purpose");
        subjects = List.copyOf(subjects);
        if (subjects.isEmpty() || Set.copyOf(subjects).size() != subjects.size()) {
            throw new IllegalArgumentException("message " + messageId + ": subjects must be distinct and not empty");
        }
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(facts, "facts");
    }

    /** The same question for another recipient: the fan-out of one message. */
    public DecisionRequest to(Partner otherRecipient) {
        return new DecisionRequest(messageId, familyId, messageType, purpose, subjects, sender, otherRecipient, facts);
    }
}
