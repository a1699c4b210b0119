package org.kith.connectors.filedrop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kith.connectors.InboundRecord;
import org.kith.connectors.MemoryIds;
import org.kith.schemas.SubmissionValidator;

/**
 * Publishing a batch's rows: in file order, each accounted for, nothing after a row the hub could not
 * store; each row's event id once, whatever the encoding of the file it comes in.
 */
class BatchIntakeTest {

    private final BatchReader reader = new BatchReader(new SubmissionValidator());
    private final MemoryIds ids = new MemoryIds(100);

    @Test
    void everyRowIsReportedAndNothingIsPublishedAfterAStoreFailure() throws Exception {
        String csv = BatchReaderTest.HEADER + "\n" + BatchReaderTest.VALID + "\nbroken\n"
                + BatchReaderTest.VALID.replace("evt-1", "evt-2") + "\n" + BatchReaderTest.VALID.replace("evt-1", "evt-3") + "\n";
        List<BatchRow> rows = reader.read("family-court", "batch.csv", csv.getBytes(StandardCharsets.UTF_8));
        List<InboundRecord> published = new ArrayList<>();
        BatchIntake intake = new BatchIntake("family-court", (p, b, s) -> java.util.Optional.empty(), reader, record -> {
            if (published.size() == 1) {
                throw new IllegalStateException("broker down");
            }
            published.add(record);
        }, Clock.systemUTC(), 1024, new AcceptedBatches(Path.of("unused")), ids, java.util.Optional.empty());

        List<RowStatus> statuses = intake.publish(rows);

        assertEquals(List.of("accepted", "malformed", "not-stored", "not-stored"),
                statuses.stream().map(RowStatus::status).toList());
        assertEquals(List.of("1", "2", "3", "4"), statuses.stream().map(RowStatus::row).toList());
        assertEquals(1, published.size());
        assertEquals(published.get(0).messageId(), statuses.get(0).messageId());
        assertEquals("F-1", published.get(0).familyId());
        assertEquals("family-court", published.get(0).headers().get("ce_source"));
        assertEquals(1, ids.size("family-court"), "the rows not stored hold no id: they may be sent again");
    }

    @Test
    void aRowAcceptedBeforeIsADuplicateInAnyEncodingAndAnotherMessageUnderItsIdIsReplayed() throws Exception {
        List<InboundRecord> published = new ArrayList<>();
        BatchIntake intake = new BatchIntake("family-court", (p, b, s) -> java.util.Optional.empty(), reader,
                published::add, Clock.systemUTC(), 1 << 20, new AcceptedBatches(Path.of("unused")), ids, java.util.Optional.empty());
        String second = BatchReaderTest.VALID.replace("evt-1", "evt-2");
        String lf = BatchReaderTest.HEADER + "\n" + BatchReaderTest.VALID + "\n" + second + "\n";
        List<RowStatus> first = intake.publish(reader.read("family-court", "monday.csv", lf.getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("accepted", "accepted"), first.stream().map(RowStatus::status).toList());
        assertEquals(InboundRecord.messageId("family-court", "evt-1"), first.get(0).messageId());

        // the same rows, CRLF line endings, the columns in another order, and one row changed under its id
        String crlf = (reorder(BatchReaderTest.HEADER) + "\n" + reorder(second) + "\n" + reorder(BatchReaderTest.VALID)
                + "\n" + reorder(BatchReaderTest.VALID.replace("evt-1", "evt-3")) + "\n").replace("\n", "\r\n");
        String changed = crlf.replace(reorder(second), reorder(second).replace("CN-", "CN-9"));
        List<RowStatus> again = intake.publish(reader.read("family-court", "monday-again.csv",
                changed.getBytes(StandardCharsets.UTF_8)));

        assertEquals(List.of("replayed", "duplicate", "accepted"), again.stream().map(RowStatus::status).toList());
        assertEquals(first.get(0).messageId(), again.get(1).messageId(), "the duplicate names the first time's message id");
        assertEquals(3, published.size(), "evt-1 and evt-2 once each, then evt-3");
    }

    /** A CSV line with its first column moved to the end. */
    private static String reorder(String line) {
        int comma = line.indexOf(',');
        return line.substring(comma + 1) + "," + line.substring(0, comma);
    }
}
