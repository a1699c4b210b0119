package org.kith.connectors.filedrop;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;
import org.kith.schemas.SubmissionValidator;
import org.kith.schemas.ValidationResult;
import org.kith.schemas.Violation;

/**
 * Reads a CSV batch of court notices into rows, each judged by the same {@link SubmissionValidator}
 * as the REST ingress. The whole file is parsed before any row is judged, so a file that is not
 * CSV is refused as a whole and never half published. A row that does not fit the header is
 * {@code malformed}, one that is not a valid message {@code invalid}; every row is accounted for.
 */
final class BatchReader {

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setHeader().setSkipHeaderRecord(true)
            .setDuplicateHeaderMode(DuplicateHeaderMode.DISALLOW)
            .setIgnoreEmptyLines(true)
            .get();

    private final SubmissionValidator validator;

    BatchReader(SubmissionValidator validator) {
        this.validator = validator;
    }

    /** The rows of {@code batch}, in file order, as sent by {@code partnerId}. */
    List<BatchRow> read(String partnerId, byte[] batch) throws UnreadableBatchException {
        List<CSVRecord> records;
        List<String> header;
        try (CSVParser parser = CSVParser.parse(new StringReader(utf8(batch)), FORMAT)) {
            header = parser.getHeaderNames();
            checkHeader(header);
            records = parser.getRecords();
        } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            throw new UnreadableBatchException("not-csv");
        }
        List<BatchRow> rows = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            rows.add(row(partnerId, i + 1, records.get(i), header.size()));
        }
        return rows;
    }

    private BatchRow row(String partnerId, int row, CSVRecord record, int columns) {
        if (!record.isConsistent()) {
            return new BatchRow.Rejected(row, "malformed", record.size() + " cells, the header has " + columns);
        }
        Map<String, String> cells = new LinkedHashMap<>(record.toMap());
        ValidationResult result = validator.validate(CourtNoticeColumns.submission(partnerId, cells));
        if (result instanceof ValidationResult.Invalid invalid) {
            return new BatchRow.Rejected(row, "invalid", invalid.violations().stream()
                    .map(BatchReader::describe).collect(Collectors.joining("; ")));
        }
        return new BatchRow.Valid(row, ((ValidationResult.Valid) result).submission());
    }

    /** A violation names a pointer and a rule, never the value (see {@link Violation}). */
    private static String describe(Violation violation) {
        return (violation.pointer().isEmpty() ? "/" : violation.pointer()) + " " + violation.message();
    }

    private static void checkHeader(List<String> header) throws UnreadableBatchException {
        Set<String> named = new HashSet<>(header);
        for (String column : CourtNoticeColumns.COLUMNS) {
            if (!named.contains(column)) {
                throw new UnreadableBatchException("missing-column " + column);
            }
        }
        named.removeAll(CourtNoticeColumns.COLUMNS);
        if (!named.isEmpty()) {
            // a column the mapping does not know would be dropped silently: refuse instead
            throw new UnreadableBatchException("unknown-column " + named.stream().sorted().findFirst().orElseThrow());
        }
    }

    /** Strict UTF-8 (a byte-order mark, as spreadsheets write it, is skipped). */
    private static String utf8(byte[] batch) throws UnreadableBatchException {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(batch)).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new UnreadableBatchException("not-utf-8");
        }
    }
}
