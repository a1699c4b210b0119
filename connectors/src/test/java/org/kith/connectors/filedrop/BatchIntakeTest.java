package org.kith.connectors.filedrop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kith.connectors.InboundRecord;
import org.kith.schemas.SubmissionValidator;

/** Publishing a batch's rows: in file order, each accounted for, nothing after a row the hub could not store. */
class BatchIntakeTest {

    private final BatchReader reader = new BatchReader(new SubmissionValidator());

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
        }, Clock.systemUTC(), 1024, new AcceptedBatches(Path.of("unused")), java.util.Optional.empty());

        List<RowStatus> statuses = intake.publish(rows);

        assertEquals(List.of("accepted", "malformed", "not-stored", "not-stored"),
                statuses.stream().map(RowStatus::status).toList());
        assertEquals(List.of("1", "2", "3", "4"), statuses.stream().map(RowStatus::row).toList());
        assertEquals(1, published.size());
        assertEquals(published.get(0).messageId(), statuses.get(0).messageId());
        assertEquals("F-1", published.get(0).familyId());
        assertEquals("family-court", published.get(0).headers().get("ce_source"));
    }
}
