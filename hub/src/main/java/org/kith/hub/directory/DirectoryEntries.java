package org.kith.hub.directory;

/**
 * Where the directory lives in the config topic: a live entry under {@code directory:<kind>:<hsdsId>},
 * a draft waiting for approval under {@code directory-draft:<kind>:<hsdsId>} (one draft per object:
 * a later import replaces it). Every instance reads both from its copy of the topic.
 */
public final class DirectoryEntries {

    public static final String LIVE = "directory:";
    public static final String DRAFT = "directory-draft:";

    private DirectoryEntries() {
    }

    /** The live entry's key. */
    public static String key(DirectoryImport.Kind kind, String hsdsId) {
        return LIVE + draftId(kind, hsdsId);
    }

    /** A draft's id, as the administration API names it: {@code <kind>:<hsdsId>}. */
    public static String draftId(DirectoryImport.Kind kind, String hsdsId) {
        return kind.code() + ":" + hsdsId;
    }

    public static String draftKey(String draftId) {
        return DRAFT + draftId;
    }
}
