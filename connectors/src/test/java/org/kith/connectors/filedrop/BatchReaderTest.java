package org.kith.connectors.filedrop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kith.schemas.MessageType;
import org.kith.schemas.SubmissionValidator;

/** The row to message mapping of a court's batch: what a valid row becomes, and how a bad one is reported. */
class BatchReaderTest {

    static final String HEADER = String.join(",", CourtNoticeColumns.COLUMNS);
    static final String VALID = "evt-1,F-1,court-proceeding,county-cw,CN-1,JD-1,hearing-scheduled,H-1,disposition,"
            + "2027-01-14T13:30:00-06:00,3B";

    private final BatchReader reader = new BatchReader(new SubmissionValidator());

    private List<BatchRow> read(String csv) throws UnreadableBatchException {
        return reader.read("family-court", "batch.csv", csv.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aValidRowBecomesAHearingNoticeFromTheDirectorysPartner() throws Exception {
        List<BatchRow> rows = read(HEADER + "\r\n" + VALID + "\r\n");
        assertEquals(1, rows.size());
        var submission = assertInstanceOf(BatchRow.Valid.class, rows.get(0)).submission();
        assertEquals("family-court", submission.source());
        assertEquals(MessageType.COURT_NOTICE, submission.type());
        assertEquals("F-1", submission.familyid());
        assertEquals(List.of("county-cw"), submission.recipients());
        assertEquals("evt-1", submission.id());
        assertEquals("2027-01-14T13:30:00-06:00", submission.data().at("/hearing/scheduledAt").asText());
        assertEquals("3B", submission.data().at("/hearing/courtroom").asText());
    }

    @Test
    void columnsMayComeInAnyOrderAndAnOptionalCellMayBeEmpty() throws Exception {
        String header = "familyId,eventId,purpose,recipients,noticeId,courtCaseId,noticeType,hearingId,hearingType,"
                + "scheduledAt,courtroom";
        List<BatchRow> rows = read(header + "\nF-2,evt-2,court-proceeding,,CN-2,JD-2,hearing-cancelled,H-2,review,"
                + "2027-02-01T09:00:00Z,\n");
        var submission = assertInstanceOf(BatchRow.Valid.class, rows.get(0)).submission();
        assertEquals("F-2", submission.familyid());
        assertFalse(submission.data().at("/hearing").has("courtroom"));
    }

    @Test
    void aHeaderWithoutAColumnMakesTheFileUnreadable() {
        String header = HEADER.replace(",courtCaseId", "");
        var e = assertThrows(UnreadableBatchException.class, () -> read(header + "\n" + VALID + "\n"));
        assertEquals("missing-column courtCaseId", e.getMessage());
        var unknown = assertThrows(UnreadableBatchException.class, () -> read(HEADER + ",notes\n" + VALID + ",x\n"));
        assertEquals("unknown-column 12", unknown.getMessage(), "by its position, never its name");
    }

    @Test
    void anEmptyRequiredCellIsInvalidAndNamedByItsPointer() throws Exception {
        List<BatchRow> rows = read(HEADER + "\n" + VALID.replace(",JD-1,", ",,") + "\n");
        var rejected = assertInstanceOf(BatchRow.Rejected.class, rows.get(0));
        assertEquals("invalid", rejected.status());
        assertTrue(rejected.reason().contains("/data"), rejected.reason());
        assertTrue(rejected.reason().contains("courtCaseId"), rejected.reason());
    }

    @Test
    void anInvalidValueIsReportedWithoutTheValue() throws Exception {
        List<BatchRow> rows = read(HEADER + "\n" + VALID + "\n"
                + VALID.replace("evt-1", "evt-2").replace("2027-01-14T13:30:00-06:00", "next-tuesday-secret") + "\n");
        assertInstanceOf(BatchRow.Valid.class, rows.get(0));
        var rejected = assertInstanceOf(BatchRow.Rejected.class, rows.get(1));
        assertEquals(2, rejected.row());
        assertEquals("invalid", rejected.status());
        assertTrue(rejected.reason().startsWith("/data/hearing/scheduledAt"), rejected.reason());
        assertFalse(rejected.reason().contains("next-tuesday-secret"), "never the data");
    }

    @Test
    void aRowThatDoesNotFitTheHeaderIsMalformedAndTheOthersStillCount() throws Exception {
        List<BatchRow> rows = read(HEADER + "\nevt-9,F-9,court-proceeding\n" + VALID + "\n");
        var malformed = assertInstanceOf(BatchRow.Rejected.class, rows.get(0));
        assertEquals("malformed", malformed.status());
        assertEquals("3 cells, the header has 11", malformed.reason());
        assertInstanceOf(BatchRow.Valid.class, rows.get(1));
    }

    @Test
    void aFileThatIsNotUtf8OrNotCsvIsUnreadableAsAWhole() {
        byte[] latin1 = (HEADER + "\n" + VALID.replace("3B", "Salle é") + "\n").getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("not-utf8", assertThrows(UnreadableBatchException.class,
                () -> reader.read("family-court", "batch.csv", latin1)).getMessage());
        assertEquals("not-csv", assertThrows(UnreadableBatchException.class,
                () -> read(HEADER + "\n" + VALID + ",\"unterminated\n")).getMessage());
    }
}
