package org.kith.connectors.filedrop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.kith.connectors.InboundRecord;
import org.kith.connectors.MemoryIds;
import org.kith.fuzz.Echoes;
import org.kith.schemas.Json;
import org.kith.schemas.SubmissionValidator;

/**
 * Fuzz target of the file drop's batch readers (CSV and XML, every layout), driven through
 * {@link BatchIntake}, the processor the drop's route runs, as for a batch whose signature verified
 * (the signature check itself is the hub's, fuzzed there). The input is the file's name on its first
 * line and the file's bytes after it, so the corpus reads like the batches partners drop.
 *
 * <p>Properties: nothing escapes the intake (the route would file the batch in {@code failed/} with no
 * result file, and the partner would never learn why); the result file accounts for every row, each
 * refusal with a reason (a row the reader refused as it judged it, a valid one only as a repeat of an
 * earlier row or of its event id); a record is published for each accepted row and nothing else, and
 * its data is the row's; no reason repeats what the batch said (a column name or a cell, which may be a name).
 */
class BatchReaderFuzzTest {

    private static final String PARTNER = "family-court";
    private static final Set<String> ROW_STATUSES = Set.of("accepted", "invalid", "malformed", "duplicate", "replayed");
    private static final Set<String> FILE_STATUSES = Set.of("refused", "unreadable");
    private static final CSVFormat RESULT = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
    private static final BatchSignatureCheck SIGNED = (partner, batch, signature) -> Optional.empty();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-20T14:00:00Z"), ZoneOffset.UTC);
    private static final BatchReader READER = new BatchReader(new SubmissionValidator());
    private static final CamelContext CAMEL = new DefaultCamelContext();
    private static final Path DIGESTS;

    static {
        try {
            DIGESTS = Files.createTempDirectory("kith-fuzz-drop").resolve("accepted-batches");
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** What one batch did: the result file's lines and the records published. */
    private record Taken(List<CSVRecord> lines, List<InboundRecord> published) {

        String reasons() {
            return String.join("\n", lines.stream().map(line -> line.get("reason")).toList());
        }
    }

    @FuzzTest(maxDuration = "10s")
    void everyRowIsAccountedForAndOnlyAcceptedRowsArePublished(byte[] input) throws Exception {
        int newline = indexOf(input, (byte) '\n');
        String name = new String(input, 0, newline < 0 ? input.length : newline, StandardCharsets.UTF_8);
        byte[] batch = newline < 0 ? new byte[0] : Arrays.copyOfRange(input, newline + 1, input.length);

        Taken taken = take(name, batch);

        List<CSVRecord> lines = taken.lines();
        assertFalse(lines.isEmpty(), "a result file names the batch or its rows");
        if (lines.get(0).get("row").equals("file")) {
            assertEquals(1, lines.size(), "a file refused as a whole has one line");
            assertTrue(FILE_STATUSES.contains(lines.get(0).get("status")), lines.get(0).get("status"));
            assertFalse(lines.get(0).get("reason").isBlank(), "a refused file says why");
            assertTrue(taken.published().isEmpty(), "nothing of a refused file is published");
        } else {
            accountsForEveryRow(name, batch, taken);
        }
        Echoes.find(input, taken.reasons(), canary -> {
            int at = indexOf(canary, (byte) '\n');
            return take(new String(canary, 0, at < 0 ? canary.length : at, StandardCharsets.UTF_8),
                    at < 0 ? new byte[0] : Arrays.copyOfRange(canary, at + 1, canary.length)).reasons();
        }).ifPresent(echoed -> fail("a result file repeats what the batch said: " + echoed));
    }

    private static void accountsForEveryRow(String name, byte[] batch, Taken taken) throws Exception {
        List<BatchRow> rows = READER.read(PARTNER, name, batch); // readable, since the intake read it
        assertEquals(rows.size(), taken.lines().size(), "one line a row");
        Set<String> acceptedIds = new HashSet<>();
        int published = 0;
        for (int i = 0; i < rows.size(); i++) {
            CSVRecord line = taken.lines().get(i);
            BatchRow row = rows.get(i);
            assertEquals(Integer.toString(i + 1), line.get("row"), "rows in file order");
            String status = line.get("status");
            assertTrue(ROW_STATUSES.contains(status), status);
            if (status.equals("accepted")) {
                InboundRecord record = taken.published().get(published++);
                var submission = ((BatchRow.Valid) row).submission();
                assertEquals(record.messageId(), line.get("messageId"));
                assertTrue(line.get("reason").isEmpty());
                assertEquals(submission.data(), Json.mapper().readTree(record.value()), "the row's data, as read");
                assertEquals(submission.familyid(), record.familyId());
                assertEquals(PARTNER, record.headers().get("ce_source"), "the drop's partner, never a column");
                acceptedIds.add(record.messageId());
                continue;
            }
            assertFalse(line.get("reason").isBlank(), "a row not accepted says why");
            if (row instanceof BatchRow.Rejected rejected) {
                assertEquals(rejected.status(), status, "refused as the reader judged it");
            } else if (status.equals("duplicate")) {
                assertTrue(acceptedIds.contains(line.get("messageId")), "the same message as a row accepted before");
            } else {
                assertEquals("replayed", status, "a valid row not accepted reuses an event id");
            }
        }
        assertEquals(published, taken.published().size(), "a record for each accepted row, and no other");
    }

    /** One batch through the intake as the drop's route runs it, remembering no batch from before. */
    private static Taken take(String name, byte[] batch) throws Exception {
        Files.deleteIfExists(DIGESTS);
        List<InboundRecord> published = new ArrayList<>();
        var intake = new BatchIntake(PARTNER, SIGNED, READER, published::add, CLOCK, 256 * 1024,
                new AcceptedBatches(DIGESTS), new MemoryIds(10_000), Optional.empty());
        Exchange exchange = new DefaultExchange(CAMEL);
        exchange.setProperty(FileDropRoutes.SIGNATURE, "signed");
        exchange.getMessage().setHeader(Exchange.FILE_NAME_ONLY, name);
        exchange.getMessage().setBody(new ByteArrayInputStream(batch));
        intake.process(exchange);
        String result = new String(exchange.getMessage().getBody(byte[].class), StandardCharsets.UTF_8);
        return new Taken(RESULT.parse(new StringReader(result)).getRecords(), published);
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
