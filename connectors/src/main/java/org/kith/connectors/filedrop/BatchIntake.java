package org.kith.connectors.filedrop;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.kith.connectors.IdRegistry;
import org.kith.connectors.InboundRecord;
import org.kith.schemas.Json;
import org.kith.schemas.Submission;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one dropped batch: that it and its signature are regular files of the partner's {@code in/}
 * ({@link DropDirectory}: a link, a FIFO or a device is refused, {@code not-a-file}, never opened), its size
 * (a file larger than the limit is refused, {@code too-large},
 * without reading more of it than the limit), then the signature (an unsigned or badly signed file is
 * refused whole, nothing read), then whether these very bytes were accepted before ({@code duplicate}),
 * then the rows, each valid one published in file order, then the result file as the body. Each row's
 * event id is claimed in the hub's {@link IdRegistry}, shared with the other edges, so a row is
 * published once whatever file it comes in: a row accepted before (in any encoding, column order or
 * format of its batch, since its digest is that of the message it becomes) is reported
 * {@code duplicate} with its message id, another message under a used id {@code replayed}. Once the
 * hub fails to store a row, the rows after it are not tried ({@code not-stored}): publishing a later
 * notice of the same family before an earlier one would reorder them. A batch read to the end is
 * filed in {@code done/} and its digest recorded, even with rows not stored: those are sent again
 * (in a new batch, or this one again, whose accepted rows are then reported as duplicates).
 */
final class BatchIntake implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(BatchIntake.class);

    /** Where the batch is filed afterwards, under the partner's directory. */
    static final String DONE = "done";
    static final String FAILED = "failed";
    static final String SIGNATURE_SUFFIX = ".jws";
    static final String TOO_LARGE = "too-large";
    static final String DUPLICATE = "duplicate";
    static final String REPLAYED = "replayed";
    /** Longer than any detached JWS we accept (see the hub's DetachedJws), so a longer file is malformed anyway. */
    private static final int MAX_SIGNATURE_BYTES = 4096;

    /** Writes one record to the inbound topic; returns once it is stored, throws if it is not. */
    @FunctionalInterface
    interface Publisher {
        void publish(InboundRecord record) throws Exception;
    }

    private final String partnerId;
    private final BatchSignatureCheck signatures;
    private final BatchReader reader;
    private final Publisher publisher;
    private final Clock clock;
    private final long maxBytes;
    private final AcceptedBatches accepted;
    private final IdRegistry ids;
    private final Optional<DropDirectory> local;

    /**
     * @param local the partner's local drop, which the batch and its signature beside it must be regular
     *              files of ({@link DropDirectory}); empty for a batch from an SFTP server, whose signature
     *              is then the exchange's {@link FileDropRoutes#SIGNATURE} (fetched by the route)
     */
    BatchIntake(String partnerId, BatchSignatureCheck signatures, BatchReader reader, Publisher publisher, Clock clock,
                long maxBytes, AcceptedBatches accepted, IdRegistry ids, Optional<DropDirectory> local) {
        this.partnerId = partnerId;
        this.ids = ids;
        this.local = local;
        this.maxBytes = maxBytes;
        this.accepted = accepted;
        this.signatures = signatures;
        this.reader = reader;
        this.publisher = publisher;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        exchange.setProperty(FileDropRoutes.TARGET, FAILED);
        exchange.setProperty(FileDropRoutes.RESULT_NAME, name + ResultFile.SUFFIX);
        Optional<String> signature;
        if (local.isPresent()) {
            Path file = Path.of(exchange.getMessage().getHeader(Exchange.FILE_PATH, String.class));
            Path jws = signatureOf(file);
            Optional<String> notAFile = local.get().refusal(file)
                    .or(() -> DropDirectory.present(jws) ? local.get().refusal(jws) : Optional.empty());
            if (notAFile.isPresent()) {
                // neither opened nor followed: the entry itself (a link, a FIFO...) is filed in failed/
                LOG.warn("File drop of partner {}: an entry that is not a regular file of its in/ was refused", partnerId);
                exchange.getMessage().setBody(ResultFile.write(List.of(RowStatus.file("refused", notAFile.get()))));
                return;
            }
            signature = signature(jws);
        } else {
            signature = remoteSignature(exchange);
        }
        InputStream body = exchange.getMessage().getMandatoryBody(InputStream.class);
        exchange.getMessage().setBody(ResultFile.write(take(name, signature, body,
                () -> exchange.setProperty(FileDropRoutes.TARGET, DONE))));
    }

    /** The batch's statuses; {@code done} is told when the batch was read and its rows all published or reported. */
    private List<RowStatus> take(String name, Optional<String> signature, InputStream body, Runnable done)
            throws IOException {
        byte[] batch;
        try (InputStream in = body) {
            batch = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        }
        if (batch.length > maxBytes) {
            return List.of(RowStatus.file("refused", TOO_LARGE));
        }
        Optional<String> refusal = signatures.refusal(partnerId, batch, signature);
        if (refusal.isPresent()) {
            return List.of(RowStatus.file("refused", refusal.get()));
        }
        String digest = AcceptedBatches.sha256(batch);
        if (accepted.contains(digest)) {
            return List.of(RowStatus.file("refused", DUPLICATE));
        }
        try {
            List<RowStatus> statuses = publish(reader.read(partnerId, name, batch));
            done.run();
            try {
                accepted.add(digest);
            } catch (IOException e) {
                // its rows are published and must be reported: only a later copy of it would go unnoticed
                LOG.error("File drop of partner {}: a taken batch's digest could not be recorded: {}", partnerId,
                        e.getClass().getName());
            }
            return statuses;
        } catch (UnreadableBatchException e) {
            return List.of(RowStatus.file("unreadable", e.getMessage()));
        }
    }

    List<RowStatus> publish(List<BatchRow> rows) {
        List<RowStatus> statuses = new ArrayList<>(rows.size());
        boolean storing = true;
        for (BatchRow row : rows) {
            String number = Integer.toString(row.row());
            if (row instanceof BatchRow.Rejected rejected) {
                statuses.add(new RowStatus(number, rejected.status(), "", rejected.reason()));
            } else if (!storing) {
                statuses.add(new RowStatus(number, "not-stored", "", "an earlier row was not stored; send it again"));
            } else {
                RowStatus status = take(number, ((BatchRow.Valid) row).submission());
                storing = !status.status().equals("not-stored");
                statuses.add(status);
            }
        }
        return statuses;
    }

    /** One valid row: claimed by its event id, published if new, its id recorded once it is stored. */
    private RowStatus take(String number, Submission submission) {
        IdRegistry.Verdict verdict = ids.claim(partnerId, submission.id(), digest(submission));
        if (verdict instanceof IdRegistry.Resent resent) {
            return new RowStatus(number, DUPLICATE, resent.messageId(), "already-accepted");
        }
        if (verdict instanceof IdRegistry.Replayed) {
            return new RowStatus(number, REPLAYED, "",
                    "another message used this event id within the replay window; a new message needs a new id");
        }
        if (verdict instanceof IdRegistry.Full full) {
            return new RowStatus(number, "not-stored", "", "replay-capacity: the partner holds as many event ids as its"
                    + " share allows; send it again in " + full.retryAfterSeconds() + " s");
        }
        IdRegistry.Claimed claimed = (IdRegistry.Claimed) verdict;
        InboundRecord record = InboundRecord.accept(submission, clock);
        try {
            publisher.publish(record);
        } catch (Exception e) {
            claimed.release().run();
            return new RowStatus(number, "not-stored", "", "the hub could not store it; send it again");
        }
        claimed.record().run();
        return new RowStatus(number, "accepted", record.messageId(), "");
    }

    /**
     * The SHA-256 of the message a row becomes, not of the row's bytes: the same row in a batch
     * encoded otherwise (line endings, column order, CSV or XML) has the same digest.
     */
    static String digest(Submission submission) {
        try {
            return AcceptedBatches.sha256(Json.mapper().writeValueAsBytes(submission));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a validated submission is always written", e);
        }
    }

    /**
     * The batch's detached signature, {@code NAME.csv.jws} or {@code NAME.xml.jws} beside it, if the partner
     * dropped one (a regular file of the drop: {@link #process} refused the batch otherwise).
     */
    private static Optional<String> signature(Path jws) throws IOException {
        if (!DropDirectory.present(jws)) {
            return Optional.empty();
        }
        if (Files.size(jws) > MAX_SIGNATURE_BYTES) {
            return Optional.of("");
        }
        return Optional.of(Files.readString(jws, StandardCharsets.US_ASCII).strip());
    }

    private static Optional<String> remoteSignature(Exchange exchange) {
        String jws = exchange.getProperty(FileDropRoutes.SIGNATURE, String.class);
        if (jws == null) {
            return Optional.empty();
        }
        return Optional.of(jws.length() > MAX_SIGNATURE_BYTES ? "" : jws.strip());
    }

    /** Files the signature where the batch goes ({@code done/} or {@code failed/}), so {@code in/} keeps nothing taken. */
    static void fileAwaySignature(Exchange exchange) throws IOException {
        Path file = Path.of(exchange.getMessage().getHeader(Exchange.FILE_PATH, String.class));
        Path jws = signatureOf(file);
        if (DropDirectory.present(jws)) { // moved as it is, a link included, never followed
            Path to = file.toAbsolutePath().getParent().resolveSibling(exchange.getProperty(FileDropRoutes.TARGET, String.class));
            Files.createDirectories(to);
            Files.move(jws, to.resolve(jws.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static Path signatureOf(Path file) {
        return file.resolveSibling(file.getFileName() + SIGNATURE_SUFFIX);
    }
}
