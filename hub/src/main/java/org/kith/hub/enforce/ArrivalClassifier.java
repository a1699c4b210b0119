package org.kith.hub.enforce;

import io.cloudevents.kafka.KafkaMessageFactory;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.kith.connectors.rest.RefusalNotice;
import org.kith.connectors.webhook.DeliveryNotice;
import org.kith.hub.config.Partner;
import org.kith.hub.config.Partners;
import org.kith.hub.ledger.LedgerEvent;
import org.kith.schemas.CloudEventCodec;
import org.kith.schemas.Envelope;
import org.kith.schemas.Json;
import org.kith.schemas.KithHeaders;
import org.kith.schemas.SubmissionValidator;
import org.kith.schemas.Violation;

/**
 * Reads an inbound record once and says what it is ({@link Arrival}). An edge's notice, and an
 * operator's redelivery, is told by the header only the hub writes; anything else must be a Kith CloudEvent that satisfies its
 * schema, keyed by its family and sent by a registered partner, else it is {@link Arrival.Rejected}
 * with the dead-letter reason; a message whose id was decided already is a {@link Arrival.Duplicate}.
 * It decides nothing about consent and writes nothing.
 */
final class ArrivalClassifier {

    private final SubmissionValidator validator;
    private final Partners partners;
    private final DecidedMessages decided;

    ArrivalClassifier(SubmissionValidator validator, Partners partners) {
        this(validator, partners, DecidedMessages.NONE);
    }

    ArrivalClassifier(SubmissionValidator validator, Partners partners, DecidedMessages decided) {
        this.validator = validator;
        this.partners = partners;
        this.decided = decided;
    }

    Arrival classify(Inbound in) {
        if (in.headers().lastHeader(KithHeaders.REFUSAL) != null) {
            try {
                return new Arrival.EdgeRefusal(in, RefusalNotice.fromJson(in.value()));
            } catch (IllegalArgumentException e) {
                return unreadable(in, "refusal-notice", "not a refusal notice");
            }
        }
        if (in.headers().lastHeader(KithHeaders.DELIVERY) != null) {
            try {
                return new Arrival.DeliveryReceipt(in, DeliveryNotice.fromJson(in.value()));
            } catch (IllegalArgumentException e) {
                return unreadable(in, "delivery-receipt", "not a delivery notice");
            }
        }
        if (in.headers().lastHeader(KithHeaders.ADMIN_CHANGE) != null) {
            try {
                return new Arrival.AdminChange(in, Json.mapper().readValue(in.value(), LedgerEvent.AdminChange.class));
            } catch (IOException | RuntimeException e) {
                return unreadable(in, "admin-change", "not an admin change notice");
            }
        }
        if (in.headers().lastHeader(KithHeaders.ACCESS_REFUSED) != null) {
            try {
                return new Arrival.AccessRefused(in, Json.mapper().readValue(in.value(), LedgerEvent.AccessRefused.class));
            } catch (IOException | RuntimeException e) {
                return unreadable(in, "access-refused", "not an access refused notice");
            }
        }
        if (in.headers().lastHeader(KithHeaders.REDELIVERY) != null) {
            return redelivery(in);
        }
        return message(in);
    }

    /**
     * A redelivery: the request in its header, the released copy as a CloudEvent keyed by its own
     * family, and its sender if still registered. The copy is not checked against its schema again: it
     * is the hub's own redacted output, which a schema's required fields need not survive.
     */
    private Arrival redelivery(Inbound in) {
        org.kith.hub.deadletter.Redelivery request;
        Envelope copy;
        try {
            request = org.kith.hub.deadletter.Redelivery.fromJson(in.headers().lastHeader(KithHeaders.REDELIVERY).value());
            copy = CloudEventCodec.fromCloudEvent(KafkaMessageFactory.createReader(in.headers(), in.value()).toEvent());
        } catch (RuntimeException e) {
            return unreadable(in, "redelivery", "not a redelivery of a released copy");
        }
        if (!copy.familyid().equals(in.key())) {
            return new Arrival.Rejected(in, "redelivery", DeadLetter.KEY_MISMATCH, "the record key must be the family id",
                    List.of());
        }
        return new Arrival.Redelivery(in, request, copy, partners.find(copy.source()));
    }

    private Arrival message(Inbound in) {
        Envelope envelope;
        try {
            envelope = CloudEventCodec.fromCloudEvent(KafkaMessageFactory.createReader(in.headers(), in.value()).toEvent());
        } catch (RuntimeException e) {
            return unreadable(in, "unparseable", "not a Kith CloudEvent");
        }
        String label = envelope.type().shortName();
        List<Violation> violations = validator.validateData(envelope.type(), envelope.purpose(), envelope.data());
        if (!violations.isEmpty()) {
            return new Arrival.Rejected(in, label, DeadLetter.INVALID, "the message does not satisfy its schema", violations);
        }
        if (!envelope.familyid().equals(in.key())) {
            return new Arrival.Rejected(in, label, DeadLetter.KEY_MISMATCH, "the record key must be the family id", List.of());
        }
        Optional<Partner> found = partners.find(envelope.source());
        if (found.isEmpty()) {
            return new Arrival.Rejected(in, label, DeadLetter.UNKNOWN_SENDER, "the source is not a registered partner",
                    List.of());
        }
        Partner sender = found.get();
        if (decided.decided(envelope.id(), in.timestamp())) {
            return new Arrival.Duplicate(in, envelope, sender);
        }
        return switch (envelope.type()) {
            case FAMILY_PROFILE, CONSENT_DIRECTIVE, CONSENT_REVOCATION, LEGAL_AUTHORITY ->
                    new Arrival.FamilyDocument(in, envelope, sender);
            case REFERRAL -> new Arrival.ReferralMessage(in, envelope, sender);
            case REFERRAL_STATUS -> new Arrival.ReferralStatus(in, envelope, sender);
            default -> new Arrival.OtherMessage(in, envelope, sender);
        };
    }

    private static Arrival unreadable(Inbound in, String label, String detail) {
        return new Arrival.Rejected(in, label, DeadLetter.UNPARSEABLE, detail, List.of());
    }
}
