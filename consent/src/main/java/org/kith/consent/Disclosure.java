package org.kith.consent;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.kith.schemas.Category;
import org.kith.schemas.MessageType;
import org.kith.schemas.PartnerKind;
import org.kith.schemas.Purpose;

/**
 * The question the interim gate answers: may this message, from this sender, about these persons,
 * carrying these categories for this purpose, go to this recipient now?
 *
 * @param personIds every person the message's data names
 */
public record Disclosure(String recipient, String sender, PartnerKind senderKind, MessageType type,
                         Set<String> personIds, Set<Category> carried, Purpose purpose, Instant at) {

    public Disclosure {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(senderKind, "senderKind");
        Objects.requireNonNull(type, "type");
        personIds = Set.copyOf(personIds);
        carried = Set.copyOf(carried);
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(at, "at");
    }
}
