package org.kith.connectors.filedrop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The SHA-256 of every batch a partner's drop accepted (filed in {@code done/}), so the same bytes
 * dropped again are refused as a duplicate rather than published twice. Kept in one small file in
 * the partner's drop directory, beside the batches it speaks of, one hex digest a line, rewritten
 * whole and renamed into place at each acceptance: a crash leaves the old file or the new one, never
 * half of one, and a restart reads it back. Only digests: nothing of a batch's content.
 */
final class AcceptedBatches {

    private final Path file;
    private Set<String> digests;

    /** @param file the partner's digest file; it need not exist yet */
    AcceptedBatches(Path file) {
        this.file = file;
    }

    static String sha256(byte[] batch) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(batch));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    synchronized boolean contains(String digest) throws IOException {
        return loaded().contains(digest);
    }

    synchronized void add(String digest) throws IOException {
        if (!loaded().add(digest)) {
            return;
        }
        Path temp = file.resolveSibling(".writing-" + file.getFileName());
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(temp, (String.join("\n", digests) + "\n").getBytes(StandardCharsets.US_ASCII));
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private Set<String> loaded() throws IOException {
        if (digests == null) {
            digests = new LinkedHashSet<>();
            if (Files.exists(file)) {
                Files.readAllLines(file, StandardCharsets.US_ASCII).stream().map(String::strip)
                        .filter(line -> !line.isEmpty()).forEach(digests::add);
            }
        }
        return digests;
    }
}
