package org.kith.hub.family;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.kith.consent.engine.FamilyRecord;
import org.kith.hub.ledger.LedgerEvent;
import org.kith.schemas.Envelope;
import org.kith.schemas.MessageType;
import org.kith.schemas.PartnerKind;

/**
 * What recording one consent document (a family profile, a directive, a revocation, an authority)
 * does to a family's documents, checked in full before anything is kept: the enforcement core
 * records it, and the administration API and the ingress check a document the same way before
 * sending it, so the sender hears at once why a document would be refused. A child-safety
 * emergency is recorded only with the person who declared it ({@link Declarer}), and its ledger
 * record says who and why.
 *
 * <p>Recording costs the same however many documents the family has: it reads the family's header
 * and the documents it touches ({@link FamilyDocuments}), checks the new document alone (it must
 * read as the engine reads it) and the family's tallies against its {@link FamilyLimits}, and
 * writes those documents and the header ({@link FamilyStore}). Only the
 * {@value #KEEP_REVOKED} most recently revoked directives keep their document (a decision can still
 * say "consent revoked"); older ones keep only their id, so they can never be recorded again, and
 * bind nothing, as before. What was decided on them is in the ledger.
 */
public final class Filing {

    /** How many revoked directives keep their document. */
    public static final int KEEP_REVOKED = 16;

    /**
     * The writes that record the document, its ledger record, and the administered object it changed.
     *
     * @param writes     to the consent store, in order
     * @param objectType {@code profile}, {@code directive} or {@code authority}
     * @param document   the directive or authority as recorded; empty for a profile or a revocation
     */
    public record Filed(List<FamilyStore.Write> writes, LedgerEvent.ConsentRecorded entry, String objectType,
                        Optional<FamilyFile.Filed> document) {

        public Filed {
            writes = List.copyOf(writes);
        }

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
    public static Optional<String> responsibleAgency(FamilyDocuments family) {
        JsonNode profile = family.header().profile();
        return profile == null ? Optional.empty() : Optional.ofNullable(profile.path("responsibleAgency").asText(null));
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
     * Records {@code envelope}'s document in {@code current}. Throws {@link FamilyLimitExceeded} when
     * it would take the family past {@code limits}, and another {@link RuntimeException} whose
     * message is the reason (for the sender) when the family's documents cannot take it.
     */
    public static Filed file(FamilyDocuments current, Envelope envelope, Instant now, FamilyRecords records,
                             FamilyLimits limits) {
        return file(current, envelope, Optional.empty(), now, records, limits);
    }

    /**
     * {@link #file(FamilyDocuments, Envelope, Instant, FamilyRecords, FamilyLimits)} of a document
     * that may be a child-safety emergency: one is recorded only with the person who declared it,
     * whose user id and justification go into its ledger record.
     */
    public static Filed file(FamilyDocuments current, Envelope envelope, Optional<Declarer> declarer, Instant now,
                             FamilyRecords records, FamilyLimits limits) {
        if (isEmergency(envelope) && declarer.isEmpty()) {
            throw new IllegalArgumentException("a child-safety emergency must name the person who declared it");
        }
        JsonNode data = envelope.data();
        String familyId = current.familyId();
        String document = envelope.type().shortName();
        Change change = new Change(current);
        LedgerEvent.ConsentRecorded entry;
        String objectType;
        Optional<FamilyFile.Filed> recorded = Optional.empty();
        switch (envelope.type()) {
            case FAMILY_PROFILE -> {
                records.profile(familyId, data);
                change.profile(data);
                entry = new LedgerEvent.ConsentRecorded(document, familyId, familyId, envelope.id(), envelope.source(),
                        "recorded", List.of());
                objectType = "profile";
            }
            case CONSENT_DIRECTIVE -> {
                String id = data.path("directiveId").asText();
                List<String> basis = List.of();
                if (data.hasNonNull("replaces")) {
                    change.revoke(data.get("replaces").asText(), now, envelope.id());
                    basis = List.of(data.get("replaces").asText());
                }
                FamilyFile.Filed directive = filed(id, envelope, now);
                records.directive(familyId, directive);
                change.directive(directive);
                recorded = Optional.of(directive);
                entry = new LedgerEvent.ConsentRecorded(document, id, familyId, envelope.id(), envelope.source(),
                        data.path("effect").asText(), basis);
                objectType = "directive";
            }
            case CONSENT_REVOCATION -> {
                String id = data.path("directiveId").asText();
                Instant revokedAt = OffsetDateTime.parse(data.path("revokedAt").asText()).toInstant();
                change.revoke(id, revokedAt.isBefore(now) ? revokedAt : now, envelope.id());
                entry = new LedgerEvent.ConsentRecorded(document, id, familyId, envelope.id(), envelope.source(),
                        "revoked", List.of(id));
                objectType = "directive";
            }
            case LEGAL_AUTHORITY -> {
                String id = data.path("authorityId").asText();
                FamilyFile.Filed authority = filed(id, envelope, now);
                records.authority(familyId, authority);
                change.authority(authority);
                recorded = Optional.of(authority);
                entry = new LedgerEvent.ConsentRecorded(document, id, familyId, envelope.id(), envelope.source(),
                        data.path("kind").asText(), List.of(), declarer.filter(d -> isEmergency(envelope))
                        .map(d -> new LedgerEvent.ConsentRecorded.Emergency(d.userId(), d.verifiedBy(),
                                data.at("/emergency/justification").asText())).orElse(null));
                objectType = "authority";
            }
            default -> throw new IllegalArgumentException("a " + document + " is not a consent document");
        }
        change.check(limits);
        List<FamilyStore.Write> writes = new ArrayList<>(current.migration());
        writes.addAll(change.writes());
        return new Filed(writes, entry, objectType, recorded);
    }

    private static FamilyFile.Filed filed(String id, Envelope envelope, Instant now) {
        return new FamilyFile.Filed(id, envelope.data(), envelope.source(), envelope.id(), now, null, null);
    }

    /**
     * One document's change to a family: the documents it touches, read once and then as changed,
     * the header's tallies as they become, and the writes, in order.
     */
    private static final class Change {

        private final FamilyDocuments current;
        private final FamilyHeader before;
        private final String familyId;
        private JsonNode profile;
        private int inForce;
        private long bytes;
        private final List<FamilyHeader.Revoked> revoked;
        private final Map<String, Integer> people;
        /** Directives this change wrote (null: let go to an id), read before the stored ones. */
        private final Map<String, FamilyFile.Filed> directives = new HashMap<>();
        private final Set<String> gone = new HashSet<>();
        private final Map<String, FamilyStore.Write> writes = new LinkedHashMap<>();

        Change(FamilyDocuments current) {
            this.current = current;
            this.before = current.header();
            this.familyId = current.familyId();
            this.profile = before.profile();
            this.inForce = before.inForce();
            this.bytes = before.bytes();
            this.revoked = new ArrayList<>(before.revoked());
            this.people = new TreeMap<>(before.people());
        }

        void profile(JsonNode data) {
            profile = data;
        }

        private Optional<FamilyFile.Filed> directive(String id) {
            return directives.containsKey(id) ? Optional.ofNullable(directives.get(id)) : current.directive(id);
        }

        private boolean revokedLongAgo(String id) {
            return gone.contains(id) || current.revokedLongAgo(id);
        }

        /** A new directive, or an amendment of one in force of the same id; a revoked one stays revoked. */
        void directive(FamilyFile.Filed directive) {
            Optional<FamilyFile.Filed> existing = directive(directive.id());
            if (revokedLongAgo(directive.id()) || existing.filter(d -> !d.inForce()).isPresent()) {
                throw new IllegalStateException("directive " + directive.id()
                        + " was revoked; record a new directive instead");
            }
            existing.ifPresent(this::forget);
            remember(directive);
        }

        /** Revokes the directive of this id from {@code at}; revoking one already revoked changes nothing. */
        void revoke(String id, Instant at, String by) {
            if (revokedLongAgo(id)) {
                return;
            }
            FamilyFile.Filed directive = directive(id).orElseThrow(
                    () -> new NoSuchElementException("no directive " + id + " on file for the family"));
            if (!directive.inForce()) {
                return;
            }
            forget(directive);
            remember(directive.revoked(at, by));
            revoked.add(new FamilyHeader.Revoked(id, at));
            revoked.sort(FamilyHeader.OLDEST_FIRST);
            while (revoked.size() > KEEP_REVOKED) {
                String oldest = revoked.remove(0).id();
                forget(directive(oldest).orElseThrow(
                        () -> new IllegalStateException("a kept revocation without its document")));
                directives.put(oldest, null);
                gone.add(oldest);
                write(FamilyStore.directiveKey(familyId, oldest), null);
                write(FamilyStore.revokedKey(familyId, oldest), FamilyStore.encode(new FamilyStore.Gone(oldest)));
            }
        }

        void authority(FamilyFile.Filed authority) {
            current.authority(authority.id()).ifPresentOrElse(old -> bytes -= FamilyHeader.size(old), () -> inForce++);
            bytes += FamilyHeader.size(authority);
            put(FamilyStore.authorityKey(familyId, authority.id()), authority);
        }

        /** Takes a kept directive out of the tallies (its entry is then rewritten or deleted). */
        private void forget(FamilyFile.Filed directive) {
            if (directive.inForce()) {
                inForce--;
                bytes -= FamilyHeader.size(directive);
            }
            FamilyHeader.named(directive).forEach(person -> people.computeIfPresent(person, (p, n) -> n > 1 ? n - 1 : null));
        }

        private void remember(FamilyFile.Filed directive) {
            if (directive.inForce()) {
                inForce++;
                bytes += FamilyHeader.size(directive);
            }
            FamilyHeader.named(directive).forEach(person -> people.merge(person, 1, Integer::sum));
            directives.put(directive.id(), directive);
            put(FamilyStore.directiveKey(familyId, directive.id()), directive);
        }

        private void put(String key, FamilyFile.Filed document) {
            write(key, FamilyStore.encode(document));
        }

        /** The last write of a key is the one kept, in the order of the keys' first writes. */
        private void write(String key, byte[] value) {
            writes.put(key, new FamilyStore.Write(key, value));
        }

        /**
         * Refuses a change that takes the family past a limit (one that keeps a family already past
         * it where it is, or brings it down, is taken), or names more people than the engine numbers.
         */
        void check(FamilyLimits limits) {
            if (inForce > limits.maxDocuments() && inForce > before.inForce()) {
                throw new FamilyLimitExceeded("the family would have " + inForce + " documents in force; the hub"
                        + " keeps at most " + limits.maxDocuments() + " for one family: replace or revoke directives"
                        + " instead of adding to them");
            }
            if (bytes > limits.maxBytes() && bytes > before.bytes()) {
                throw new FamilyLimitExceeded("the family's documents in force would take " + bytes + " bytes; the"
                        + " hub keeps at most " + limits.maxBytes() + " for one family: replace or revoke directives"
                        + " instead of adding to them");
            }
            Set<String> everyone = new HashSet<>(people.keySet());
            profile().forEach(everyone::add);
            if (everyone.size() > FamilyRecord.MAX_PEOPLE) {
                throw new IllegalArgumentException("the family's profile and directives would name more than "
                        + FamilyRecord.MAX_PEOPLE + " people");
            }
        }

        private List<String> profile() {
            List<String> members = new ArrayList<>();
            if (profile != null) {
                profile.path("members").forEach(member -> members.add(member.path("personId").asText()));
            }
            return members;
        }

        List<FamilyStore.Write> writes() {
            List<FamilyStore.Write> all = new ArrayList<>(writes.values());
            all.add(new FamilyStore.Write(FamilyStore.headerKey(familyId), FamilyStore.encode(
                    new FamilyHeader(profile, inForce, bytes, revoked, people, before.revision() + 1))));
            return all;
        }
    }
}
