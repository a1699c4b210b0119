package org.kith.hub.family;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

/**
 * One family's consent file as the hub keeps it in the per-family state store: the documents the
 * child welfare agency (and the courts) recorded for the family, each as its message contract's
 * JSON, with when it was recorded and, for a directive, when and by whom it was revoked. The
 * engine's view ({@code FamilyRecord}) is read from it by {@link FamilyRecords}. Keeping the documents
 * rather than the engine's model means a change of the model never strands stored state: a
 * document that no longer reads becomes an unreadable directive, which withholds (fail closed).
 *
 * <p>The file stays small however long the family's history: only the {@value #KEEP_REVOKED} most
 * recently revoked directives keep their document (a decision can still say "consent revoked");
 * older ones keep only their id, so they can never be recorded again, and bind nothing, as before.
 * What was decided on them is in the ledger, not here.
 *
 * @param profile the latest family profile's data, or null if none was recorded
 * @param revokedIds directives revoked earlier than the kept ones: only the fact remains
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FamilyFile(String familyId, JsonNode profile, List<Filed> directives, List<Filed> authorities,
                         List<String> revokedIds) {

    /** How many revoked directives keep their document. */
    public static final int KEEP_REVOKED = 16;

    /**
     * One recorded document.
     *
     * @param messageId the hub's id of the message that recorded it
     * @param revokedAt for a directive: when it stopped binding, or null
     * @param revokedBy the message id of the revocation, or of the directive that replaced it
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Filed(String id, JsonNode data, String sender, String messageId, Instant recordedAt,
                        Instant revokedAt, String revokedBy) {
        public Filed {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(data, "data");
        }

        Filed revoked(Instant at, String by) {
            return new Filed(id, data, sender, messageId, recordedAt, at, by);
        }
    }

    public FamilyFile {
        Objects.requireNonNull(familyId, "family id");
        directives = directives == null ? List.of() : List.copyOf(directives);
        authorities = authorities == null ? List.of() : List.copyOf(authorities);
        revokedIds = revokedIds == null ? List.of() : List.copyOf(revokedIds);
    }

    public static FamilyFile empty(String familyId) {
        return new FamilyFile(familyId, null, List.of(), List.of(), List.of());
    }

    public Optional<Filed> directive(String id) {
        return directives.stream().filter(d -> d.id().equals(id)).findFirst();
    }

    /** This file with {@code data} as the family's profile, in place of any earlier one. */
    public FamilyFile withProfile(JsonNode data) {
        return new FamilyFile(familyId, data, directives, authorities, revokedIds);
    }

    /**
     * This file with a directive recorded: new, or an amendment of an active one of the same id.
     * A revoked directive stays revoked: a family that consents again gets a new directive.
     */
    public FamilyFile withDirective(Filed directive) {
        if (revokedIds.contains(directive.id()) || directive(directive.id()).filter(d -> d.revokedAt() != null).isPresent()) {
            throw new IllegalStateException("directive " + directive.id() + " was revoked; record a new directive instead");
        }
        return new FamilyFile(familyId, profile, replace(directives, directive), authorities, revokedIds);
    }

    /** This file with directive {@code id} revoked at {@code at}; throws if the family has no such directive. */
    public FamilyFile revoke(String id, Instant at, String by) {
        if (revokedIds.contains(id)) {
            return this;
        }
        Filed current = directive(id).orElseThrow(
                () -> new NoSuchElementException("no directive " + id + " on file for the family"));
        if (current.revokedAt() != null) {
            return this;
        }
        return new FamilyFile(familyId, profile, replace(directives, current.revoked(at, by)), authorities, revokedIds)
                .compacted();
    }

    /** Keeps the documents of the {@value #KEEP_REVOKED} latest revoked directives; of older ones, the id. */
    private FamilyFile compacted() {
        List<Filed> revoked = directives.stream().filter(d -> d.revokedAt() != null)
                .sorted(java.util.Comparator.comparing(Filed::revokedAt).thenComparing(Filed::id)).toList();
        if (revoked.size() <= KEEP_REVOKED) {
            return this;
        }
        List<Filed> dropped = revoked.subList(0, revoked.size() - KEEP_REVOKED);
        List<String> ids = new ArrayList<>(revokedIds);
        dropped.forEach(d -> ids.add(d.id()));
        return new FamilyFile(familyId, profile, directives.stream().filter(d -> !dropped.contains(d)).toList(),
                authorities, ids);
    }

    public FamilyFile withAuthority(Filed authority) {
        return new FamilyFile(familyId, profile, directives, replace(authorities, authority), revokedIds);
    }

    private static List<Filed> replace(List<Filed> list, Filed item) {
        List<Filed> next = new ArrayList<>(list.size() + 1);
        list.stream().filter(f -> !f.id().equals(item.id())).forEach(next::add);
        next.add(item);
        return next;
    }
}
