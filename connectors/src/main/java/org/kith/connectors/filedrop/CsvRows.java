package org.kith.connectors.filedrop;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

/**
 * A CSV batch's rows (RFC 4180): a header row naming each of the layout's columns exactly once, in
 * any order, then one row per message. A row with more or fewer cells than the header is malformed.
 * A column the layout does not know is named by its position, never by what the header says: a
 * file without its header row has a row of data there.
 */
final class CsvRows {

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setHeader().setSkipHeaderRecord(true)
            .setDuplicateHeaderMode(DuplicateHeaderMode.DISALLOW)
            .setIgnoreEmptyLines(true)
            .get();

    private CsvRows() {
    }

    static List<RawRow> parse(String text, RowLayout layout) throws UnreadableBatchException {
        List<CSVRecord> records;
        List<String> header;
        try (CSVParser parser = CSVParser.parse(new StringReader(text), FORMAT)) {
            header = parser.getHeaderNames();
            checkHeader(header, layout);
            records = parser.getRecords();
        } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            throw new UnreadableBatchException("not-csv");
        }
        List<RawRow> rows = new ArrayList<>(records.size());
        for (CSVRecord record : records) {
            rows.add(record.isConsistent() ? new RawRow.Cells(new LinkedHashMap<>(record.toMap()))
                    : new RawRow.Malformed(record.size() + " cells, the header has " + header.size()));
        }
        return rows;
    }

    private static void checkHeader(List<String> header, RowLayout layout) throws UnreadableBatchException {
        Set<String> named = new HashSet<>(header);
        for (String column : layout.columns()) {
            if (!named.contains(column)) {
                throw new UnreadableBatchException("missing-column " + column);
            }
        }
        for (int i = 0; i < header.size(); i++) {
            if (!layout.columns().contains(header.get(i))) {
                // a column the mapping does not know would be dropped silently: refuse instead
                throw new UnreadableBatchException("unknown-column " + (i + 1));
            }
        }
    }
}
