package org.kith.consent.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.kith.schemas.Category;
import org.kith.schemas.MessageType;
import org.kith.schemas.Purpose;

/**
 * What a legal authority other than consent reaches: these subjects, these named recipients (never a
 * kind of partner), these categories and purposes, messages of these types from these senders, for
 * this period. Recorded authorities and break-glass emergencies share it; each adds what makes it lawful.
 *
 * @param messageTypes the message types it is limited to; empty means any
 * @param sources      the senders whose messages it covers
 */
public record AuthorityScope(Set<String> subjects, Set<String> recipients, Set<Category> categories,
                             Set<Purpose> purposes, Set<MessageType> messageTypes, Sources sources, Period period) {

    public AuthorityScope {
        subjects = Ids.nonEmptyIds(subjects, "subjects");
        recipients = Ids.nonEmptyIds(recipients, "recipients");
        categories = Ids.nonEmptyEnumSet(categories, Category.class, "categories");
        purposes = Ids.nonEmptyEnumSet(purposes, Purpose.class, "purposes");
        messageTypes = Ids.enumSet(messageTypes, MessageType.class, "message types");
        Objects.requireNonNull(sources, "sources");
        Objects.requireNonNull(period, "period");
    }

    /** A scope over messages of any type from any sender. */
    public AuthorityScope(Set<String> subjects, Set<String> recipients, Set<Category> categories,
                          Set<Purpose> purposes, Period period) {
        this(subjects, recipients, categories, purposes, Set.of(), Sources.ANY, period);
    }

    public boolean covers(String subject, Partner sender, Partner recipient, Category category, Purpose purpose,
                          MessageType type, Instant at) {
        return subjects.contains(subject) && recipients.contains(recipient.id()) && categories.contains(category)
                && purposes.contains(purpose) && (messageTypes.isEmpty() || messageTypes.contains(type))
                && sources.covers(sender) && period.contains(at);
    }
}
