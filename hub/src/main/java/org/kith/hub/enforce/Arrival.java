package org.kith.hub.enforce;

import java.util.List;
import org.kith.connectors.rest.RefusalNotice;
import org.kith.connectors.webhook.DeliveryNotice;
import org.kith.hub.config.Partner;
import org.kith.hub.ledger.LedgerEvent;
import org.kith.schemas.Envelope;
import org.kith.schemas.Violation;

/**
 * What arrived on the inbound topic, read once from the record by the {@link ArrivalClassifier}:
 * a notice of an edge (a refusal at the door, a webhook delivery, an administrative change, a
 * refused request for a family's data), a
 * message of a registered partner (a family document, a referral, a referral status, any other
 * message), a second copy of a message decided already, or a record set aside before any decision.
 * Each kind goes to one handler ({@link Handlers}), and Java makes that routing complete: a new
 * kind of arrival cannot compile until it has its handler. An operator's redelivery of a partner's
 * dead letter is a kind of its own, decided again when it happens (it carries the id of a message
 * decided already, and is no second copy of it).
 */
sealed interface Arrival {

    /** The record it was read from. */
    Inbound inbound();

    /** How the arrivals metric counts it: the message's short type, or the kind of notice. */
    String label();

    /** Hands the arrival to its handler. */
    Effects handledBy(Handlers handlers);

    /** One handler per kind of arrival; each returns what is to be written, and writes nothing itself. */
    interface Handlers {
        Effects edgeRefusal(EdgeRefusal arrival);

        Effects deliveryReceipt(DeliveryReceipt arrival);

        Effects adminChange(AdminChange arrival);

        Effects accessRefused(AccessRefused arrival);

        Effects rejected(Rejected arrival);

        Effects familyDocument(FamilyDocument arrival);

        Effects referral(ReferralMessage arrival);

        Effects referralStatus(ReferralStatus arrival);

        Effects otherMessage(OtherMessage arrival);

        Effects duplicate(Duplicate arrival);

        Effects redelivery(Redelivery arrival);
    }

    /** A message refused at an ingress (signature, replay; any reason at the Kafka ingress), told by the ingress. */
    record EdgeRefusal(Inbound inbound, RefusalNotice notice) implements Arrival {
        public String label() {
            return "refusal-notice";
        }

        public Effects handledBy(Handlers handlers) {
            return handlers.edgeRefusal(this);
        }
    }

    /** A webhook route's notice that a partner's endpoint took a copy, or refused it for good. */
    record DeliveryReceipt(Inbound inbound, DeliveryNotice notice) implements Arrival {
        public String label() {
            return "delivery-receipt";
        }

        public Effects handledBy(Handlers handlers) {
            return handlers.deliveryReceipt(this);
        }
    }

    /** An administrative change made outside the stream (a replay, a configuration change). */
    record AdminChange(Inbound inbound, LedgerEvent.AdminChange change) implements Arrival {
        public String label() {
            return "admin-change";
        }

        public Effects handledBy(Handlers handlers) {
            return handlers.adminChange(this);
        }
    }

    /** Requests for a family's data the API refused, told by the API edge: for the ledger only. */
    record AccessRefused(Inbound inbound, LedgerEvent.AccessRefused refused) implements Arrival {
        public String label() {
            return "access-refused";
        }

        public Effects handledBy(Handlers handlers) {
            return handlers.accessRefused(this);
        }
    }

    /**
     * A record the core will not decide on: it cannot be read, does not satisfy its schema, is keyed
     * by another family than its own, or comes from no registered partner. It becomes a dead letter.
     *
     * @param reason a {@link DeadLetter} reason code
     */
    record Rejected(Inbound inbound, String label, String reason, String detail, List<Violation> violations)
            implements Arrival {
        public Rejected {
            violations = List.copyOf(violations);
        }

        public Effects handledBy(Handlers handlers) {
            return handlers.rejected(this);
        }
    }

    /**
     * A valid message of a registered partner whose message id this task decided already
     * ({@link DecidedMessages}): a copy stored twice, never decided twice.
     */
    record Duplicate(Inbound inbound, Envelope envelope, Partner sender) implements Arrival {
        public String label() {
            return "duplicate";
        }

        public Effects handledBy(Handlers handlers) {
            return handlers.duplicate(this);
        }
    }

    /** A valid message of a registered partner, keyed by its own family. */
    sealed interface Message extends Arrival {
        Envelope envelope();

        Partner sender();

        default String label() {
            return envelope().type().shortName();
        }
    }

    /** A family profile, consent directive, revocation or legal authority: for the family's consent file. */
    record FamilyDocument(Inbound inbound, Envelope envelope, Partner sender) implements Message {
        public Effects handledBy(Handlers handlers) {
            return handlers.familyDocument(this);
        }
    }

    /** A referral: released like any message, and each copy starts a referral lifecycle. */
    record ReferralMessage(Inbound inbound, Envelope envelope, Partner sender) implements Message {
        public Effects handledBy(Handlers handlers) {
            return handlers.referral(this);
        }
    }

    /** A referral status: moves the referrals it is about, then is released to the other side. */
    record ReferralStatus(Inbound inbound, Envelope envelope, Partner sender) implements Message {
        public Effects handledBy(Handlers handlers) {
            return handlers.referralStatus(this);
        }
    }

    /** Any other message (a case plan, a hearing notice...): released to its addressees and the routed ones. */
    record OtherMessage(Inbound inbound, Envelope envelope, Partner sender) implements Message {
        public Effects handledBy(Handlers handlers) {
            return handlers.otherMessage(this);
        }
    }

    /**
     * An operator's redelivery of a copy a partner refused for good (written only by the hub's
     * dead-letter tools): the released copy, to be decided again for that one recipient when it
     * happens. Not a {@link Message}: the copy is the hub's own output, already redacted once, and
     * carries the message id of a message already decided, by design.
     *
     * @param copy   the released copy as its CloudEvent says (the original message id, the redacted data)
     * @param sender the partner that sent the original message; empty if it is no longer registered
     */
    record Redelivery(Inbound inbound, org.kith.hub.deadletter.Redelivery request, Envelope copy,
                      java.util.Optional<Partner> sender)
            implements Arrival {
        public String label() {
            return "redelivery";
        }

        public Effects handledBy(Handlers handlers) {
            return handlers.redelivery(this);
        }
    }
}
