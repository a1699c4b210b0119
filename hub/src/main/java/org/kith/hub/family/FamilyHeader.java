package org.kith.hub.family;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.kith.schemas.Json;

/**
 * What recording one more document needs to know about a family besides the few documents it
 * touches, kept in one small entry beside them so that recording never reads the whole family: the
 * profile, the tallies the family's limits bound ({@link FamilyLimits}), the latest revoked
 * directives (whose documents are kept), and who the kept directives name (the engine numbers at
 * most {@link org.kith.consent.engine.FamilyRecord#MAX_PEOPLE} people per family). Its size is
 * bounded: {@value Filing#KEEP_REVOKED} revocations, at most that many people.
 *
 * @param profile   the latest family profile's data, or null
 * @param inForce   directives not revoked, and authorities
 * @param bytes     the data bytes of the documents in force ({@link #size})
 * @param revoked   the revoked directives whose documents are kept, oldest revocation first
 * @param people    each person a kept directive names (subject or grantor), with how many do
 * @param revision  how many documents were recorded in this layout: it changes with every write of
 *                  the family's entries, so a record read at one revision is the family's until the next
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FamilyHeader(JsonNode profile, int inForce, long bytes, List<Revoked> revoked, Map<String, Integer> people,
                           long revision) {

    /** A revoked directive whose document is kept, and when it was revoked. */
    public record Revoked(String id, Instant at) {
    }

    /** Oldest revocation first, then by id: the order in which documents of revoked directives are let go. */
    static final Comparator<Revoked> OLDEST_FIRST = Comparator.comparing(Revoked::at).thenComparing(Revoked::id);

    public FamilyHeader {
        revoked = revoked == null ? List.of() : List.copyOf(revoked);
        people = people == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(people)); // in order: the same bytes for the same header
    }

    public static FamilyHeader empty() {
        return new FamilyHeader(null, 0, 0, List.of(), Map.of(), 0);
    }

    /** The header of a family whose documents are all at hand. */
    static FamilyHeader of(JsonNode profile, List<FamilyFile.Filed> directives, List<FamilyFile.Filed> authorities) {
        int inForce = authorities.size();
        long bytes = 0;
        List<Revoked> revoked = new ArrayList<>();
        Map<String, Integer> people = new TreeMap<>();
        for (FamilyFile.Filed directive : directives) {
            if (directive.inForce()) {
                inForce++;
                bytes += size(directive);
            } else {
                revoked.add(new Revoked(directive.id(), directive.revokedAt()));
            }
            named(directive).forEach(person -> people.merge(person, 1, Integer::sum));
        }
        for (FamilyFile.Filed authority : authorities) {
            bytes += size(authority);
        }
        revoked.sort(OLDEST_FIRST);
        return new FamilyHeader(profile, inForce, bytes, revoked, people, 0);
    }

    /** The people a directive names: its subjects and its grantor. */
    static Set<String> named(FamilyFile.Filed directive) {
        Set<String> named = new LinkedHashSet<>();
        directive.data().path("subjects").forEach(subject -> named.add(subject.asText()));
        named.add(directive.data().at("/grantor/personId").asText());
        return named;
    }

    /** A document's size as the limits count it: the bytes of its data as JSON. */
    static long size(FamilyFile.Filed document) {
        try {
            return Json.mapper().writeValueAsBytes(document.data()).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a document's data", e);
        }
    }
}
