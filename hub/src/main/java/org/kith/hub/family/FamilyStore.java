package org.kith.hub.family;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.kith.schemas.Json;

/**
 * How the consent store (and its compacted changelog) holds each family: one entry per document,
 * and a small header, so that recording a document writes that document and the header, never the
 * family's whole file, and the engine's record is read from what is in force.
 *
 * <pre>
 * family|h              the {@link FamilyHeader}: profile, tallies, latest revocations, people named
 * family|d|directiveId  a directive in force, or revoked with its document kept ({@link FamilyFile.Filed})
 * family|x|directiveId  a directive revoked long ago: only the fact is kept
 * family|a|authorityId  a legal authority
 * </pre>
 *
 * Ids never hold {@code |} (the schemas' id pattern), so one family's entries are one key range,
 * and one kind's are a range within it. A store written before this layout holds each family's
 * whole {@link FamilyFile} under the bare family id: it is still read, and the family's first
 * recorded document splits it ({@link FamilyDocuments#migration}), so a hub upgraded on its state
 * or restored from the old changelog reads every family as it was.
 */
public final class FamilyStore {

    /** One write to the consent store: {@code value} null deletes the entry. */
    public record Write(String key, byte[] value) {
    }

    /** After every id character ({@code [A-Za-z0-9._-]}): the end of a key range. */
    private static final String END = "~";

    private FamilyStore() {
    }

    static String headerKey(String familyId) {
        return familyId + "|h";
    }

    static String directiveKey(String familyId, String id) {
        return familyId + "|d|" + id;
    }

    static String revokedKey(String familyId, String id) {
        return familyId + "|x|" + id;
    }

    static String authorityKey(String familyId, String id) {
        return familyId + "|a|" + id;
    }

    /**
     * The family's documents in {@code store}, read as needed (nothing recorded: an empty family).
     *
     * @throws IllegalStateException if the family is kept in the first layout and its file no longer reads
     */
    public static FamilyDocuments documents(ReadOnlyKeyValueStore<String, byte[]> store, String familyId) {
        byte[] header = store.get(headerKey(familyId));
        if (header == null) {
            byte[] whole = store.get(familyId);
            if (whole != null) {
                return new Whole(decode(whole, FamilyFile.class));
            }
        }
        return new Stored(store, familyId, header == null ? null : decode(header, FamilyHeader.class));
    }

    /** The family's file read whole (for the administration API), or empty if nothing was recorded for it. */
    public static Optional<FamilyFile> file(ReadOnlyKeyValueStore<String, byte[]> store, String familyId) {
        FamilyDocuments documents = documents(store, familyId);
        if (documents instanceof Whole whole) {
            return Optional.of(whole.file);
        }
        Stored stored = (Stored) documents;
        if (!stored.recorded()) {
            return Optional.empty();
        }
        List<String> revokedIds = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> range = store.range(revokedKey(familyId, ""), revokedKey(familyId, END))) {
            range.forEachRemaining(entry -> revokedIds.add(entry.key.substring(revokedKey(familyId, "").length())));
        }
        return Optional.of(new FamilyFile(familyId, stored.header().profile(), stored.directives(), stored.authorities(),
                revokedIds));
    }

    static byte[] encode(Object value) {
        try {
            return Json.mapper().writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a " + value.getClass().getSimpleName(), e);
        }
    }

    private static <T> T decode(byte[] bytes, Class<T> type) {
        try {
            return Json.mapper().readValue(bytes, type);
        } catch (IOException e) {
            // by type only: the entry holds a family's documents
            throw new IllegalStateException("a stored " + type.getSimpleName() + " does not read");
        }
    }

    /** Recording order: when recorded, then id (an amendment is recorded anew). */
    private static final Comparator<FamilyFile.Filed> RECORDED = Comparator.comparing(FamilyFile.Filed::recordedAt,
            Comparator.nullsFirst(Comparator.naturalOrder())).thenComparing(FamilyFile.Filed::id);

    /** A family kept one entry per document: each read is a point read or one kind's key range. */
    private static final class Stored implements FamilyDocuments {

        private final ReadOnlyKeyValueStore<String, byte[]> store;
        private final String familyId;
        private final FamilyHeader header;

        /** @param header null if nothing was ever recorded for the family */
        Stored(ReadOnlyKeyValueStore<String, byte[]> store, String familyId, FamilyHeader header) {
            this.store = store;
            this.familyId = familyId;
            this.header = header;
        }

        boolean recorded() {
            return header != null;
        }

        @Override
        public String familyId() {
            return familyId;
        }

        @Override
        public FamilyHeader header() {
            return header == null ? FamilyHeader.empty() : header;
        }

        @Override
        public Optional<FamilyFile.Filed> directive(String id) {
            return Optional.ofNullable(store.get(directiveKey(familyId, id))).map(b -> decode(b, FamilyFile.Filed.class));
        }

        @Override
        public boolean revokedLongAgo(String directiveId) {
            return store.get(revokedKey(familyId, directiveId)) != null;
        }

        @Override
        public Optional<FamilyFile.Filed> authority(String id) {
            return Optional.ofNullable(store.get(authorityKey(familyId, id))).map(b -> decode(b, FamilyFile.Filed.class));
        }

        @Override
        public List<FamilyFile.Filed> directives() {
            return range(directiveKey(familyId, ""));
        }

        @Override
        public List<FamilyFile.Filed> authorities() {
            return range(authorityKey(familyId, ""));
        }

        private List<FamilyFile.Filed> range(String prefix) {
            if (!recorded()) {
                return List.of();
            }
            List<FamilyFile.Filed> found = new ArrayList<>();
            try (KeyValueIterator<String, byte[]> range = store.range(prefix, prefix + END)) {
                while (range.hasNext()) {
                    KeyValue<String, byte[]> entry = range.next();
                    found.add(decode(entry.value, FamilyFile.Filed.class));
                }
            }
            found.sort(RECORDED);
            return found;
        }
    }

    /** A family kept in the first layout: its whole file, and the writes that split it. */
    private static final class Whole implements FamilyDocuments {

        private final FamilyFile file;

        Whole(FamilyFile file) {
            this.file = file;
        }

        @Override
        public String familyId() {
            return file.familyId();
        }

        @Override
        public FamilyHeader header() {
            return file.header();
        }

        @Override
        public Optional<FamilyFile.Filed> directive(String id) {
            return file.directive(id);
        }

        @Override
        public boolean revokedLongAgo(String directiveId) {
            return file.revokedLongAgo(directiveId);
        }

        @Override
        public Optional<FamilyFile.Filed> authority(String id) {
            return file.authority(id);
        }

        @Override
        public List<FamilyFile.Filed> directives() {
            return file.directives();
        }

        @Override
        public List<FamilyFile.Filed> authorities() {
            return file.authorities();
        }

        @Override
        public List<Write> migration() {
            String familyId = file.familyId();
            List<Write> writes = new ArrayList<>();
            writes.add(new Write(familyId, null));
            writes.add(new Write(headerKey(familyId), encode(file.header())));
            file.directives().forEach(d -> writes.add(new Write(directiveKey(familyId, d.id()), encode(d))));
            file.revokedIds().forEach(id -> writes.add(new Write(revokedKey(familyId, id), encode(new Gone(id)))));
            file.authorities().forEach(a -> writes.add(new Write(authorityKey(familyId, a.id()), encode(a))));
            return writes;
        }
    }

    /** The value of a directive revoked long ago: only its id. */
    record Gone(String id) {
    }
}
