package org.kith.hub.family;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One family's consent file read whole: the documents the child welfare agency (and the courts)
 * recorded for the family, each as its message contract's JSON, with when it was recorded and, for
 * a directive, when and by whom it was revoked. The administration API lists a family from it; the
 * consent store keeps each document as its own entry ({@link FamilyStore}), and a store written
 * before that layout holds this whole file under the family id, which is still read.
 *
 * <p>Keeping the documents rather than the engine's model means a change of the model never
 * strands stored state: a document that no longer reads becomes an unreadable directive, which
 * withholds (fail closed; see {@link FamilyRecords#read}).
 *
 * @param profile    the latest family profile's data, or null if none was recorded
 * @param directives the directives in force and the {@value Filing#KEEP_REVOKED} latest revoked ones
 * @param revokedIds directives revoked earlier than the kept ones: only the fact remains
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FamilyFile(String familyId, JsonNode profile, List<Filed> directives, List<Filed> authorities,
                         List<String> revokedIds) implements FamilyDocuments {

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

        /** Whether it binds now: a directive not revoked, or any authority. */
        @JsonIgnore
        boolean inForce() {
            return revokedAt == null;
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

    @Override
    public Optional<Filed> directive(String id) {
        return directives.stream().filter(d -> d.id().equals(id)).findFirst();
    }

    @Override
    public boolean revokedLongAgo(String directiveId) {
        return revokedIds.contains(directiveId);
    }

    @Override
    public Optional<Filed> authority(String id) {
        return authorities.stream().filter(a -> a.id().equals(id)).findFirst();
    }

    /** Counted from the documents: this file is read whole anyway. */
    @Override
    public FamilyHeader header() {
        return FamilyHeader.of(profile, directives, authorities);
    }
}
