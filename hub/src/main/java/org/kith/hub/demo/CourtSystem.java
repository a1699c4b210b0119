package org.kith.hub.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.kith.hub.crypto.DetachedJws;
import org.kith.hub.crypto.SigningInput;
import org.kith.hub.crypto.SigningKey;

/**
 * A family court's case-management system as it uses the hub's file drop: it writes a batch of
 * hearing notices as CSV, signs the file's bytes with its key (a detached JWS beside it), moves both
 * into its {@code in/} directory (the signature first, so the hub never sees an unsigned batch), and
 * later reads the hub's result file for each row's fate.
 */
public final class CourtSystem {

    /** The columns of a hearing notice batch, in the order the README lists them. */
    public static final String HEADER = "eventId,familyId,purpose,recipients,noticeId,courtCaseId,noticeType,hearingId,"
            + "hearingType,scheduledAt,courtroom";

    private final Path drop;
    private final SigningKey key;
    private final Clock clock;

    /** @param drop the court's own directory under the hub's file drop ({@code <kith.filedrop.dir>/<court id>}) */
    public CourtSystem(Path drop, SigningKey key, Clock clock) {
        this.drop = drop;
        this.key = key;
        this.clock = clock;
    }

    /** Drops a signed batch of {@code rows} (CSV lines without the header) as {@code name}. */
    public void drop(String name, List<String> rows) {
        byte[] batch = (HEADER + "\n" + String.join("\n", rows) + "\n").getBytes(StandardCharsets.UTF_8);
        String signature = DetachedJws.sign(key, clock.instant(), SigningInput.file(batch));
        try {
            Path in = Files.createDirectories(drop.resolve("in"));
            Path staging = Files.createDirectories(drop.resolve("outgoing"));
            Files.writeString(staging.resolve(name + ".jws"), signature, StandardCharsets.US_ASCII);
            Files.write(staging.resolve(name), batch);
            Files.move(staging.resolve(name + ".jws"), in.resolve(name + ".jws"), StandardCopyOption.ATOMIC_MOVE);
            Files.move(staging.resolve(name), in.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The hub's result file for batch {@code name}, once it is there: a header, then one line per row. */
    public Optional<List<String>> result(String name) {
        Path result = drop.resolve("results").resolve(name + ".result.csv");
        try {
            return Files.exists(result) ? Optional.of(Files.readAllLines(result, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
