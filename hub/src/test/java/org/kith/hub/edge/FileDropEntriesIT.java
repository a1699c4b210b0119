package org.kith.hub.edge;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.hub.Hub;
import org.kith.hub.crypto.DetachedJws;
import org.kith.hub.crypto.SigningInput;
import org.kith.hub.testing.AgencyAndClinic;
import org.kith.hub.testing.KafkaProbe;

/**
 * The file drop reads regular files of the partner's own {@code in/} only, on a running hub with
 * real links: a symbolic link to a file outside the drop or into another partner's directory, a
 * hard link, and a FIFO are each refused {@code not-a-file} and filed in {@code failed/} as they are
 * (the link itself, never its target; the FIFO without the poller ever blocking on it); a drop whose
 * {@code in/} is itself a link is not read at all, so another directory's files are never moved.
 */
class FileDropEntriesIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String COURT = "family-court";
    private static final String SCHOOL = "lincoln-elementary";
    private static final String HEADER = "eventId,familyId,purpose,recipients,noticeId,courtCaseId,noticeType,hearingId,"
            + "hearingType,scheduledAt,courtroom\n";

    @TempDir
    static Path dir;
    private static Path drop;
    private static Hub hub;

    @BeforeAll
    static void start() throws Exception {
        drop = dir.resolve("filedrop");
        hub = Hub.start(FileDropIT.config(dir, drop), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void linksToFilesOutsideTheDropOrInAnotherPartnersAreFiledAsTheyAreAndNeverRead() throws Exception {
        Path court = drop.resolve(COURT);
        Path in = Files.createDirectories(court.resolve("in"));
        // a signed batch outside the drop, and one in the school's directory (not its in/, so its own route leaves it)
        byte[] outsideBatch = batch("evt-outside", "F-OUT");
        Path outside = Files.write(dir.resolve("outside.csv"), outsideBatch);
        byte[] schoolBatch = batch("evt-school", "F-SCH");
        Path schoolFile = Files.write(Files.createDirectories(drop.resolve(SCHOOL).resolve("private")).resolve("notes.csv"),
                schoolBatch);

        Files.writeString(in.resolve("outside.csv.jws"), sign(outsideBatch), StandardCharsets.US_ASCII);
        Files.createSymbolicLink(in.resolve("outside.csv"), outside);
        Files.writeString(in.resolve("school.csv.jws"), sign(schoolBatch), StandardCharsets.US_ASCII);
        Files.createSymbolicLink(in.resolve("school.csv"), schoolFile);
        Files.writeString(in.resolve("hard.csv.jws"), sign(outsideBatch), StandardCharsets.US_ASCII);
        Files.createLink(in.resolve("hard.csv"), outside);
        // a regular batch whose signature beside it is a link
        byte[] signedByLink = batch("evt-jws-link", "F-JWS");
        Path jwsOutside = Files.writeString(dir.resolve("elsewhere.jws"), sign(signedByLink), StandardCharsets.US_ASCII);
        Files.createSymbolicLink(in.resolve("jws-link.csv.jws"), jwsOutside);
        Files.write(in.resolve("jws-link.csv"), signedByLink);

        for (String name : List.of("outside.csv", "school.csv", "hard.csv", "jws-link.csv")) {
            assertEquals(List.of("row,status,messageId,reason", "file,refused,,not-a-file"), awaitResult(court, name), name);
        }
        Path failed = court.resolve("failed");
        await().atMost(DEADLINE).until(() -> Files.isSymbolicLink(failed.resolve("outside.csv"))
                && Files.isSymbolicLink(failed.resolve("school.csv")) && Files.isSymbolicLink(failed.resolve("jws-link.csv.jws")));
        assertEquals(outside, Files.readSymbolicLink(failed.resolve("outside.csv")), "the link itself was moved");
        assertEquals(schoolFile, Files.readSymbolicLink(failed.resolve("school.csv")));
        assertArrayEquals(outsideBatch, Files.readAllBytes(outside), "the target is untouched");
        assertArrayEquals(schoolBatch, Files.readAllBytes(schoolFile), "another partner's file is untouched");
        List<String> published = KafkaProbe.headerValues(hub.bootstrapServers(), hub.topics().inbound(), "ce_partnereventid");
        for (String id : List.of("evt-outside", "evt-school", "evt-jws-link")) {
            assertFalse(published.contains(id), id + " was published: " + published);
        }
    }

    @Test
    void aFifoIsFiledWithoutBlockingThePoller() throws Exception {
        Path court = drop.resolve(COURT);
        Path in = Files.createDirectories(court.resolve("in"));
        Path fifo = in.resolve("pipe.csv");
        assumeTrue(mkfifo(fifo), "mkfifo is not available here");
        byte[] after = batch("evt-after-fifo", "F-FIFO");
        Files.writeString(in.resolve("after.csv.jws"), sign(after), StandardCharsets.US_ASCII);
        Path staged = Files.write(court.resolve("after.csv.part"), after);
        Files.move(staged, in.resolve("after.csv"));

        assertEquals(List.of("row,status,messageId,reason", "file,refused,,not-a-file"), awaitResult(court, "pipe.csv"));
        Path filed = court.resolve("failed").resolve("pipe.csv");
        await().atMost(DEADLINE).until(() -> Files.exists(filed, LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.readAttributes(filed, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                .isOther(), "the FIFO itself");
        assertTrue(awaitResult(court, "after.csv").get(1).startsWith("1,accepted,"), "the poller went on");
    }

    @Test
    void aDropWhoseInIsALinkIsNotReadAtAll() throws Exception {
        Path school = drop.resolve(SCHOOL);
        // the school's drop works while its in/ is its own
        Path realIn = Files.createDirectories(school.resolve("in"));
        byte[] first = attendance("evt-school-1");
        Files.writeString(realIn.resolve("first.attendance.csv.jws"), sign(SCHOOL, first), StandardCharsets.US_ASCII);
        Files.write(realIn.resolve("first.attendance.csv"), first);
        awaitResult(school, "first.attendance.csv");

        // then in/ becomes a link to a directory elsewhere that holds the school's own, signed batch
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere-in"));
        byte[] second = attendance("evt-school-2");
        Files.writeString(elsewhere.resolve("second.attendance.csv.jws"), sign(SCHOOL, second), StandardCharsets.US_ASCII);
        Files.write(elsewhere.resolve("second.attendance.csv"), second);
        await().atMost(DEADLINE).until(() -> isEmpty(realIn));
        Files.delete(realIn);
        Files.createSymbolicLink(school.resolve("in"), elsewhere);

        await().during(3, TimeUnit.SECONDS).atMost(30, TimeUnit.SECONDS).until(() ->
                Files.exists(elsewhere.resolve("second.attendance.csv"))
                        && !Files.exists(school.resolve("results").resolve("second.attendance.csv.result.csv")));
        assertFalse(KafkaProbe.headerValues(hub.bootstrapServers(), hub.topics().inbound(), "ce_partnereventid")
                .contains("evt-school-2"), "nothing read through a linked in/");
    }

    // ---- helpers -----------------------------------------------------------------------------

    private static byte[] batch(String eventId, String familyId) {
        return (HEADER + eventId + "," + familyId + ",court-proceeding,county-cw,CN-" + eventId + ",JD-1,hearing-scheduled,H-"
                + eventId + ",review,2027-03-01T09:00:00Z,\n").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] attendance(String eventId) {
        return ("eventId,familyId,purpose,recipients,recordId,asOf,personId,stateStudentId,schoolId,schoolName,"
                + "enrollmentStatus,periodFrom,periodTo,daysEnrolled,daysPresent,daysAbsent,daysAbsentUnexcused,daysTardy\n"
                + eventId + ",F-ATT,education-stability,county-cw,ER-" + eventId + ",2026-11-20,P-1,S-1,,,,"
                + "2026-09-01,2026-10-31,40,38,2,1,0\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String sign(byte[] batch) {
        return sign(COURT, batch);
    }

    private static String sign(String partnerId, byte[] batch) {
        return DetachedJws.sign(AgencyAndClinic.keyOf(partnerId), Instant.now(), SigningInput.file(batch));
    }

    private static List<String> awaitResult(Path partner, String name) {
        Path result = partner.resolve("results").resolve(name + ".result.csv");
        await().atMost(DEADLINE).until(() -> Files.exists(result));
        try {
            return Files.readAllLines(result).stream().map(String::strip).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean isEmpty(Path directory) throws IOException {
        try (var entries = Files.list(directory)) {
            return entries.findAny().isEmpty();
        }
    }

    private static boolean mkfifo(Path path) {
        try {
            Process process = new ProcessBuilder("mkfifo", path.toString()).redirectErrorStream(true).start();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
