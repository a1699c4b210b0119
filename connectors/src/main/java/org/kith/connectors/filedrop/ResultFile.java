package org.kith.connectors.filedrop;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** The result file the partner reads back: {@code row,status,messageId,reason}, one line per row. */
final class ResultFile {

    static final String SUFFIX = ".result.csv";
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setHeader("row", "status", "messageId", "reason").get();

    private ResultFile() {
    }

    static byte[] write(List<RowStatus> statuses) {
        StringWriter out = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(out, FORMAT)) {
            for (RowStatus status : statuses) {
                printer.printRecord(status.row(), status.status(), status.messageId(), status.reason());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
