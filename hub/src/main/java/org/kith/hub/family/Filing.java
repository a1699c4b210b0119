package org.kith.hub.family;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.kith.hub.ledger.LedgerEvent;
import org.kith.schemas.Envelope;
import org.kith.schemas.Json;
import org.kith.schemas.MessageType;
import org.kith.schemas.PartnerKind;

/**
 * What recording one consent document (a family profile, a directive, a revocation, an authority)
 * does to a family's file, checked in full before anything is kept: the enforcement core records
 * it, and the administration API checks a document the same way before sending it, so an officer
 * hears at once why a document would be refused. A child-safety emergency is recorded only with
 * the person who declared it ({@link Declarer}), and its ledger record says who and why.
 */
public final class Filing {

    /** Largest consent file a family may have: well under Kafka's default 1 MiB record limit of its changelog. */
    public static final int MAX_FILE_BYTES = 512 * 1024;

    /**
     * The file after recording, its ledger record, and the administered object it changed.
     *
     * @param objectType {@code profile}, {@code directive} or {@code authority}
     */
    public record Filed(FamilyFile next, LedgerEvent.ConsentRecorded entry, String objectType) {

        /** The object's id in the history: the family, then the document. */
        public String objectId() {
            return entry.familyId() + "/" + entry.documentId();
        }
    }

    /**
     * Who declared a child-safety emergency, as the hub established it: a user signed in to the
     * administration API whose emergency role the API checked, or the verified subject of a
     * declaration token of the identity provider.
     *
     * @param userId     the user id (never a name)
     * @param verifiedBy {@link LedgerEvent.ConsentRecorded.Emergency#ADMIN_API} or
     *                   {@link LedgerEvent.ConsentRecorded.Emergency#IDENTITY_PROVIDER}
     */
    public record Declarer(String userId, String verifiedBy) {
    }

    private Filing() {
    }

    /**
     * Whether {@code envelope} declares a child-safety emergency (break-glass): a legal authority of
     * kind {@code emergency}, which only a person holding the emergency role may declare.
     */
    public static boolean isEmergency(Envelope envelope) {
        return envelope.type() == MessageType.LEGAL_AUTHORITY
                && LedgerEvent.ConsentRecorded.EMERGENCY.equals(envelope.data().path("kind").asText());
    }

    /** The child welfare agency a family's profile names as responsible for it, if it has a profile. */
    public static Optional<String> responsibleAgency(FamilyFile file) {
        return file.profile() == null ? Optional.empty()
                : Optional.ofNullable(file.profile().path("responsibleAgency").asText(null));
    }

    /**
     * Why a partner of this kind may not record the document, if it may not: only a child welfare
     * agency records family facts, consent and authorities; a court may also record its own orders.
     */
    public static Optional<String> notAuthorised(PartnerKind sender, Envelope envelope) {
        boolean courtRecordingItsOrder = sender == PartnerKind.COURT && envelope.type() == MessageType.LEGAL_AUTHORITY
                && "court-order".equals(envelope.data().path("kind").asText());
        return sender == PartnerKind.CHILD_WELFARE || courtRecordingItsOrder ? Optional.empty()
                : Optional.of("only a child welfare agency records family facts, consent and authorities "
                + "(a court its own orders)");
    }

    /**
     * Records {@code envelope}'s document in {@code current}. Throws a {@link RuntimeException}
     * whose message is the reason (for the sender) when the engine could not take the new file.
     */
    public static Filed file(FamilyFile current, Envelope envelope, Instant now, FamilyRecords records) {
        return file(current, envelope, Optional.empty(), now, records);
    }

    /**
     * {@link #file(FamilyFile, Envelope, Instant, FamilyRecords)} of a document that may be a
     * child-safety emergency: one is recorded only with the person who declared it, whose user id
     * and justification go into its ledger record.
     */
    public static Filed file(FamilyFile current, Envelope envelope, Optional<Declarer> declarer, Instant now,
                             FamilyRecords records) {
        if (isEmergency(envelope) && declarer.isEmpty()) {
            throw new IllegalArgumentException("a child-safety emergency must name the person who declared it");
        }
        JsonNode data = envelope.data();
        String document = envelope.type().shortName();
        FamilyFile next;
        LedgerEvent.ConsentRecorded entry;
        String objectType;
        switch (envelope.type()) {
            case FAMILY_PROFILE -> {
                next = current.withProfile(data);
                entry = new LedgerEvent.ConsentRecorded(document, envelope.familyid(), envelope.familyid(),
                        envelope.id(), envelope.source(), "recorded", List.of());
                objectType = "profile";
            }
            case CONSENT_DIRECTIVE -> {
                String id = data.path("directiveId").asText();
                FamilyFile base = data.hasNonNull("replaces")
                        ? current.revoke(data.get("replaces").asText(), now, envelope.id()) : current;
                next = base.withDirective(filed(id, envelope, now));
                List<String> basis = data.hasNonNull("replaces") ? List.of(data.get("replaces").asText()) : List.of();
                entry = new LedgerEvent.ConsentRecorded(document, id, envelope.familyid(), envelope.id(),
                        envelope.source(), data.path("effect").asText(), basis);
                objectType = "directive";
            }
            case CONSENT_REVOCATION -> {
                String id = data.path("directiveId").asText();
                Instant revokedAt = OffsetDateTime.parse(data.path("revokedAt").asText()).toInstant();
                next = current.revoke(id, revokedAt.isBefore(now) ? revokedAt : now, envelope.id());
                entry = new LedgerEvent.ConsentRecorded(document, id, envelope.familyid(), envelope.id(),
                        envelope.source(), "revoked", List.of(id));
                objectType = "directive";
            }
            case LEGAL_AUTHORITY -> {
                String id = data.path("authorityId").asText();
                next = current.withAuthority(filed(id, envelope, now));
                entry = new LedgerEvent.ConsentRecorded(document, id, envelope.familyid(), envelope.id(),
                        envelope.source(), data.path("kind").asText(), List.of(), declarer.filter(d -> isEmergency(envelope))
                        .map(d -> new LedgerEvent.ConsentRecorded.Emergency(d.userId(), d.verifiedBy(),
                                data.at("/emergency/justification").asText())).orElse(null));
                objectType = "authority";
            }
            default -> throw new IllegalArgumentException("a " + document + " is not a consent document");
        }
        records.strict(next);
        if (size(next) > MAX_FILE_BYTES) {
            throw new IllegalStateException("the family's consent file would exceed " + MAX_FILE_BYTES
                    + " bytes; replace directives instead of adding to them");
        }
        return new Filed(next, entry, objectType);
    }

    private static FamilyFile.Filed filed(String id, Envelope envelope, Instant now) {
        return new FamilyFile.Filed(id, envelope.data(), envelope.source(), envelope.id(), now, null, null);
    }

    private static int size(FamilyFile file) {
        try {
            return Json.mapper().writeValueAsBytes(file).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the family's file", e);
        }
    }
}
