package org.kith.connectors.filedrop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;

/**
 * A partner's local drop directory ({@code <dir>/<partner>}) as the hub may use it: it reads only
 * regular files that sit in the real {@code in/} directory, and writes only into real directories
 * of the partner's. A symbolic link (whatever it points at: a file outside the drop, another
 * partner's batch), a FIFO (which would block the poller when opened), a device, a socket, or a
 * file with a second hard link (its content is also some other directory's) is refused
 * ({@value #NOT_A_FILE}) without being opened; the route files the entry itself in {@code failed/}
 * (a rename moves a link, never its target). If {@code in/} or a directory the hub writes into
 * ({@code results/}, {@code done/}, {@code failed/}) is itself a link or not a directory, the drop
 * is not {@link #sound()} and nothing in it is taken, so no file of another directory is ever moved.
 */
final class DropDirectory {

    static final String NOT_A_FILE = "not-a-file";
    static final String IN = "in";
    static final String RESULTS = "results";
    private static final List<String> WRITTEN = List.of(RESULTS, BatchIntake.DONE, BatchIntake.FAILED);

    private final Path directory;

    DropDirectory(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    /** Whether {@code in/} and every directory the hub writes into are real directories of the partner's. */
    boolean sound() {
        try {
            Path real = directory.toRealPath();
            if (!realDirectory(directory.resolve(IN), real)) {
                return false;
            }
            for (String name : WRITTEN) {
                Path written = directory.resolve(name);
                if (Files.exists(written, LinkOption.NOFOLLOW_LINKS) && !realDirectory(written, real)) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Empty if {@code file} is a regular file, with one link, directly in the real {@code in/}; else {@value #NOT_A_FILE}. */
    Optional<String> refusal(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isRegularFile() || links(file) > 1) {
                return Optional.of(NOT_A_FILE);
            }
            Path in = directory.toRealPath().resolve(IN);
            return file.toRealPath().getParent().equals(in) ? Optional.empty() : Optional.of(NOT_A_FILE);
        } catch (IOException e) {
            return Optional.of(NOT_A_FILE);
        }
    }

    /**
     * Files {@code entry} (and a signature beside it) in {@code failed/} as it is, never opening or
     * following it (a rename moves a link itself, a FIFO without reading it), and writes its result
     * file, {@code file,refused,,<reason>}, written aside and renamed into {@code results/}.
     */
    void refuse(Path entry, String reason) throws IOException {
        String name = entry.getFileName().toString();
        Path failed = Files.createDirectories(directory.resolve(BatchIntake.FAILED));
        Path jws = entry.resolveSibling(name + BatchIntake.SIGNATURE_SUFFIX);
        Files.move(entry, failed.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        if (present(jws)) {
            Files.move(jws, failed.resolve(jws.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        Path results = Files.createDirectories(directory.resolve(RESULTS));
        Path writing = Files.write(results.resolve(".writing-" + name + ResultFile.SUFFIX),
                ResultFile.write(List.of(RowStatus.file("refused", reason))));
        Files.move(writing, results.resolve(name + ResultFile.SUFFIX), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    /** Whether an entry by this name exists at all, a link included (never followed). */
    static boolean present(Path entry) {
        return Files.exists(entry, LinkOption.NOFOLLOW_LINKS);
    }

    private static boolean realDirectory(Path path, Path realParent) throws IOException {
        return Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) && path.toRealPath().getParent().equals(realParent);
    }

    private static int links(Path file) throws IOException {
        try {
            return ((Number) Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS)).intValue();
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return 1; // a file system without link counts
        }
    }
}
