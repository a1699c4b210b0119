package org.kith.connectors.filedrop;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.kith.schemas.StrictUtf8;
import org.kith.schemas.SubmissionValidator;
import org.kith.schemas.ValidationResult;
import org.kith.schemas.Violation;

/**
 * Reads a batch into rows, each judged by the same {@link SubmissionValidator} as the REST ingress.
 * The file's name says its format and layout: {@code NAME.<layout>.csv} or {@code NAME.<layout>.xml}
 * ({@link RowLayout#ALL}); a name without a layout ({@code NAME.csv}, one dot) is a court-notice
 * batch, as every batch was before there were others; a layout the hub does not know makes the
 * file unreadable. The whole file is parsed before any row is judged, so a file that is not CSV
 * (or XML) is refused as a whole and never half published. A row that does not fit is
 * {@code malformed}, one that is not a valid message {@code invalid}; every row is accounted for.
 */
final class BatchReader {

    static final String CSV = ".csv";
    static final String XML = ".xml";

    private final SubmissionValidator validator;

    BatchReader(SubmissionValidator validator) {
        this.validator = validator;
    }

    /** The rows of {@code batch}, a file named {@code fileName}, in file order, as sent by {@code partnerId}. */
    List<BatchRow> read(String partnerId, String fileName, byte[] batch) throws UnreadableBatchException {
        boolean xml = fileName.endsWith(XML);
        if (!xml && !fileName.endsWith(CSV)) {
            throw new UnreadableBatchException("unknown-format");
        }
        RowLayout layout = layout(fileName.substring(0, fileName.length() - CSV.length()));
        String text = utf8(batch);
        List<RawRow> raw = xml ? XmlRows.parse(text, layout) : CsvRows.parse(text, layout);
        List<BatchRow> rows = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            rows.add(judge(partnerId, i + 1, raw.get(i), layout));
        }
        return rows;
    }

    /** The layout a file name (without its format's extension) gives: after its last dot, if it has one. */
    static RowLayout layout(String name) throws UnreadableBatchException {
        int dot = name.lastIndexOf('.');
        if (dot < 0) {
            return RowLayout.DEFAULT;
        }
        return RowLayout.named(name.substring(dot + 1)).orElseThrow(() -> new UnreadableBatchException("unknown-layout"));
    }

    private BatchRow judge(String partnerId, int row, RawRow raw, RowLayout layout) {
        if (raw instanceof RawRow.Malformed malformed) {
            return new BatchRow.Rejected(row, "malformed", malformed.reason());
        }
        ValidationResult result = validator.validate(layout.submission(partnerId, ((RawRow.Cells) raw).cells()));
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

    /**
     * The batch's text by the hub's one strict decoder ({@link StrictUtf8}: {@code not-utf8},
     * {@code lone-surrogate}); a UTF-8 byte-order mark, as spreadsheets write one, is skipped, another is {@code bom}.
     */
    private static String utf8(byte[] batch) throws UnreadableBatchException {
        StrictUtf8.Decoded decoded = StrictUtf8.decode(batch, StrictUtf8.ByteOrderMark.SKIP);
        if (decoded instanceof StrictUtf8.Refused refused) {
            throw new UnreadableBatchException(refused.reason());
        }
        return ((StrictUtf8.Text) decoded).text();
    }
}
