package org.kith.consent.model;

import java.time.Instant;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import org.kith.schemas.Category;
import org.kith.schemas.MessageType;
import org.kith.schemas.Purpose;

/**
 * A consent directive recorded for a family: a grantor permits or denies disclosure of some
 * categories of data about some family members to some recipients, for some purposes, for a
 * period. It binds only if its grantor may consent for that subject and category, which the engine
 * checks at decision time (ages change; a directive does not).
 *
 * @param sources the senders whose messages it covers ({@link Sources#ANY} for every sender)
 * @param messageTypes the message types it is limited to; empty means it is not limited by type
 * @param redisclosureAllowed whether a recipient may pass the data on under this directive
 */
public record Directive(String id, String familyId, Set<String> subjects, Grantor grantor, Effect effect,
                        Recipients recipients, Sources sources, Set<Category> categories, Set<Purpose> purposes,
                        Set<MessageType> messageTypes, Period period, Evidence evidence,
                        DirectiveStatus status, boolean redisclosureAllowed) {

    public Directive {
        Ids.require(id, "directive id");
        Ids.require(familyId, "family id");
        subjects = Ids.nonEmptyIds(subjects, "subjects");
        Objects.requireNonNull(grantor, "grantor");
        Objects.requireNonNull(effect, "effect");
        Objects.requireNonNull(recipients, "recipients");
        Objects.requireNonNull(sources, "sources");
        categories = Ids.nonEmptyEnumSet(categories, Category.class, "categories");
        purposes = Ids.nonEmptyEnumSet(purposes, Purpose.class, "purposes");
        messageTypes = Ids.enumSet(messageTypes, MessageType.class, "message types");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(status, "status");
        if (effect == Effect.PERMIT && categories.contains(Category.SUBSTANCE_USE) && period.to().isEmpty()) {
            throw new IllegalArgumentException("directive " + id
                    + ": a consent to disclose substance-use records must state when it expires (42 CFR 2.31)");
        }
    }

    public boolean isPermit() {
        return effect == Effect.PERMIT;
    }

    public boolean appliesTo(MessageType type) {
        return messageTypes.isEmpty() || messageTypes.contains(type);
    }

    /** Whether it covers messages of this type from this sender. */
    public boolean appliesTo(MessageType type, Partner sender) {
        return appliesTo(type) && sources.covers(sender);
    }

    /** Neither revoked nor outside its period at {@code instant}. */
    public boolean inForceAt(Instant instant) {
        return status.inForceAt(instant) && period.contains(instant);
    }

    /** This directive revoked at {@code at} by {@code by}; throws if the lifecycle does not allow it. */
    public Directive revoke(Instant at, String by) {
        DirectiveState.Transition.between(id, status.state(), DirectiveState.REVOKED);
        return withStatus(new DirectiveStatus.Revoked(at, by));
    }

    private Directive withStatus(DirectiveStatus newStatus) {
        return new Directive(id, familyId, subjects, grantor, effect, recipients, sources, categories, purposes,
                messageTypes, period, evidence, newStatus, redisclosureAllowed);
    }

    /** A builder for the common case, so tests and tools need not spell out every component. */
    public static Builder builder(String id, String familyId) {
        return new Builder(id, familyId);
    }

    /** Collects the components; {@link #build()} validates through the canonical constructor. */
    public static final class Builder {
        private final String id;
        private final String familyId;
        private Set<String> subjects = Set.of();
        private Grantor grantor;
        private Effect effect = Effect.PERMIT;
        private Recipients recipients;
        private Sources sources = Sources.ANY;
        private Set<Category> categories = Set.of();
        private Set<Purpose> purposes = Set.of();
        private Set<MessageType> messageTypes = Set.of();
        private Period period;
        private Evidence evidence = Evidence.form("KITH-CONSENT-1", "en");
        private DirectiveStatus status = DirectiveStatus.ACTIVE;
        private boolean redisclosureAllowed;

        private Builder(String id, String familyId) {
            this.id = id;
            this.familyId = familyId;
        }

        public Builder subjects(String... personIds) {
            this.subjects = Set.of(personIds);
            return this;
        }

        public Builder grantor(String personId, String relationship, Capacity capacity) {
            this.grantor = new Grantor(personId, relationship, capacity);
            return this;
        }

        public Builder permit() {
            this.effect = Effect.PERMIT;
            return this;
        }

        public Builder deny() {
            this.effect = Effect.DENY;
            return this;
        }

        public Builder recipients(Recipients recipients) {
            this.recipients = recipients;
            return this;
        }

        public Builder sources(Sources sources) {
            this.sources = sources;
            return this;
        }

        public Builder categories(Category... categories) {
            this.categories = Set.of(categories);
            return this;
        }

        public Builder categories(Collection<Category> categories) {
            this.categories = Set.copyOf(categories);
            return this;
        }

        public Builder purposes(Purpose... purposes) {
            this.purposes = Set.of(purposes);
            return this;
        }

        public Builder messageTypes(MessageType... types) {
            this.messageTypes = Set.of(types);
            return this;
        }

        public Builder period(Period period) {
            this.period = period;
            return this;
        }

        public Builder evidence(Evidence evidence) {
            this.evidence = evidence;
            return this;
        }

        public Builder status(DirectiveStatus status) {
            this.status = status;
            return this;
        }

        public Builder redisclosureAllowed(boolean allowed) {
            this.redisclosureAllowed = allowed;
            return this;
        }

        public Directive build() {
            return new Directive(id, familyId, subjects, grantor, effect, recipients, sources, categories, purposes,
                    messageTypes, period, evidence, status, redisclosureAllowed);
        }
    }
}
