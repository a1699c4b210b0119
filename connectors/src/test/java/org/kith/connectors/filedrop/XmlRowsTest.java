package org.kith.connectors.filedrop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.schemas.SubmissionValidator;

/** XML batches: one element per row, children named like the CSV columns, no DTD, no entity ever resolved. */
class XmlRowsTest {

    static final String ROW = "<row><eventId>evt-1</eventId><familyId>F-1</familyId><purpose>court-proceeding</purpose>"
            + "<recipients>county-cw</recipients><noticeId>CN-1</noticeId><courtCaseId>JD-1</courtCaseId>"
            + "<noticeType>hearing-scheduled</noticeType><hearingId>H-1</hearingId><hearingType>disposition</hearingType>"
            + "<scheduledAt>2027-01-14T13:30:00-06:00</scheduledAt><courtroom>3B &amp; 3C</courtroom></row>";

    private final BatchReader reader = new BatchReader(new SubmissionValidator());

    private List<BatchRow> read(String xml) throws UnreadableBatchException {
        return reader.read("family-court", "hearings.court-notice.xml", xml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void eachRowElementIsAMessageAndEveryBadOneIsReported() throws Exception {
        List<BatchRow> rows = read("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- week 47 -->\n<batch>\n  " + ROW + "\n  "
                + ROW.replace("disposition", "not-a-hearing-type") + "\n  "
                + ROW.replace("<courtroom>", "<notes>x</notes><courtroom>") + "\n  "
                + ROW.replace("<courtroom>3B &amp; 3C</courtroom>", "<courtroom><b>3B</b></courtroom>") + "\n  "
                + ROW.replace("<familyId>F-1</familyId>", "<familyId>F-1</familyId><familyId>F-2</familyId>") + "\n  "
                + ROW.replace("<row>", "<row id=\"7\">") + "\n  "
                + ROW.replace("<row>", "<notice>").replace("</row>", "</notice>") + "\n  "
                + ROW.replace("<courtroom>3B &amp; 3C</courtroom>", "") + "\n</batch>\n");
        assertEquals(8, rows.size());
        var first = assertInstanceOf(BatchRow.Valid.class, rows.get(0)).submission();
        assertEquals("3B & 3C", first.data().at("/hearing/courtroom").asText());
        assertEquals("family-court", first.source());
        var invalid = assertInstanceOf(BatchRow.Rejected.class, rows.get(1));
        assertEquals("invalid", invalid.status());
        assertEquals(List.of("unknown-element 11", "element courtroom holds elements", "element familyId twice",
                "attributes are not read", "an element other than row"),
                rows.subList(2, 7).stream().map(row -> assertInstanceOf(BatchRow.Rejected.class, row))
                        .peek(row -> assertEquals("malformed", row.status())).map(BatchRow.Rejected::reason).toList());
        assertEquals(7, rows.get(6).row());
        var noCourtroom = assertInstanceOf(BatchRow.Valid.class, rows.get(7)).submission();
        assertEquals(false, noCourtroom.data().at("/hearing").has("courtroom"), "a left-out element is an empty cell");
    }

    @Test
    void aFileThatIsNotWellFormedOrNotABatchIsUnreadableAsAWhole() {
        assertEquals("not-xml", assertThrows(UnreadableBatchException.class,
                () -> read("<batch>" + ROW + "<row>")).getMessage());
        assertEquals("not-xml", assertThrows(UnreadableBatchException.class,
                () -> read("<batch>" + ROW + "</batch><batch/>")).getMessage());
        assertEquals("root-not-batch", assertThrows(UnreadableBatchException.class,
                () -> read("<rows>" + ROW + "</rows>")).getMessage());
        assertEquals("text-outside-row", assertThrows(UnreadableBatchException.class,
                () -> read("<batch>hello" + ROW + "</batch>")).getMessage());
        assertEquals("not-xml", assertThrows(UnreadableBatchException.class,
                () -> read("<batch>" + ROW.replace("3B &amp; 3C", "&undeclared;") + "</batch>")).getMessage());
    }

    @Test
    void aDoctypeIsRefusedAndNoExternalEntityIsEverFetched(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "the-secret");
        AtomicInteger fetched = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            fetched.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/entity";
            for (String doctype : List.of(
                    "<!DOCTYPE batch [<!ENTITY xxe SYSTEM \"" + url + "\">]>",
                    "<!DOCTYPE batch [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>",
                    "<!DOCTYPE batch SYSTEM \"" + url + "\">",
                    "<!DOCTYPE batch [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>")) {
                String xml = "<?xml version=\"1.0\"?>" + doctype + "<batch>"
                        + ROW.replace("3B &amp; 3C", "&xxe;") + "</batch>";
                var refused = assertThrows(UnreadableBatchException.class, () -> read(xml), doctype);
                assertEquals("doctype", refused.getMessage(), doctype);
            }
            assertEquals(0, fetched.get(), "no entity or DTD was fetched");
        } finally {
            server.stop(0);
        }
    }
}
