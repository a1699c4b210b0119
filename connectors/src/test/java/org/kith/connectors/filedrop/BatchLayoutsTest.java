package org.kith.connectors.filedrop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kith.schemas.MessageType;
import org.kith.schemas.SubmissionValidator;

/** How a batch's name chooses its layout, and what a school's attendance row becomes. */
class BatchLayoutsTest {

    static final String ATTENDANCE_HEADER = String.join(",", AttendanceColumns.COLUMNS);
    static final String ATTENDANCE = "evt-1,F-1,education-stability,county-cw,ER-1,2026-11-24,F-1-C1,IL-7,170993004512,"
            + "Lincoln Elementary School,enrolled,2026-08-19,2026-10-16,41,38,3,1,2";

    private final BatchReader reader = new BatchReader(new SubmissionValidator());

    private List<BatchRow> read(String name, String text) throws UnreadableBatchException {
        return reader.read("lincoln-elementary", name, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theNameChoosesTheLayoutAndAPlainNameIsACourtNotice() throws Exception {
        assertEquals("court-notice", BatchReader.layout("hearings").name());
        assertEquals("court-notice", BatchReader.layout("hearings.court-notice").name());
        assertEquals("attendance", BatchReader.layout("week-47.attendance").name());
        assertEquals("unknown-layout", assertThrows(UnreadableBatchException.class,
                () -> read("grades.report-card.csv", ATTENDANCE_HEADER + "\n" + ATTENDANCE + "\n")).getMessage());
        assertEquals("unknown-format", assertThrows(UnreadableBatchException.class,
                () -> read("week-47.attendance.txt", ATTENDANCE_HEADER + "\n")).getMessage());
        assertEquals("missing-column noticeId", assertThrows(UnreadableBatchException.class,
                () -> read("week-47.csv", ATTENDANCE_HEADER + "\n" + ATTENDANCE + "\n")).getMessage(),
                "an attendance batch named as a court notice batch does not fit");
    }

    @Test
    void anAttendanceRowBecomesAnEducationRecordWithOnePeriod() throws Exception {
        List<BatchRow> rows = read("week-47.attendance.csv", ATTENDANCE_HEADER + "\n" + ATTENDANCE + "\n");
        var submission = assertInstanceOf(BatchRow.Valid.class, rows.get(0)).submission();
        assertEquals(MessageType.EDUCATION_RECORD, submission.type());
        assertEquals("lincoln-elementary", submission.source());
        assertEquals("F-1", submission.familyid());
        assertEquals("F-1-C1", submission.data().at("/student/personId").asText());
        assertEquals("enrolled", submission.data().at("/enrollment/status").asText());
        assertEquals("Lincoln Elementary School", submission.data().at("/enrollment/school/name").asText());
        assertEquals(38, submission.data().at("/attendance/0/daysPresent").intValue());
        assertTrue(submission.data().at("/attendance/0/daysPresent").isInt());
        assertEquals("2026-10-16", submission.data().at("/attendance/0/period/to").asText());
    }

    @Test
    void aDayCountThatIsNotANumberIsInvalidWithoutItsValue() throws Exception {
        String bad = ATTENDANCE.replace(",38,3,", ",thirty-eight,3,");
        String noEnrollment = ATTENDANCE.replace("170993004512,Lincoln Elementary School,enrolled", ",,");
        List<BatchRow> rows = read("w.attendance.csv", ATTENDANCE_HEADER + "\n" + bad + "\n" + noEnrollment + "\n");
        var rejected = assertInstanceOf(BatchRow.Rejected.class, rows.get(0));
        assertEquals("invalid", rejected.status());
        assertTrue(rejected.reason().startsWith("/data/attendance/0/daysPresent"), rejected.reason());
        assertTrue(!rejected.reason().contains("thirty-eight"), "never the data");
        var valid = assertInstanceOf(BatchRow.Valid.class, rows.get(1)).submission();
        assertTrue(valid.data().path("enrollment").isMissingNode(), "no enrollment when none is given");
    }
}
