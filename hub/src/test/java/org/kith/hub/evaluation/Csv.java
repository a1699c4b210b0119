package org.kith.hub.evaluation;

import java.util.ArrayList;
import java.util.List;

/** A minimal RFC 4180 reader for the tests: CRLF records, quoted fields with doubled quotes. */
final class Csv {

    private Csv() {
    }

    static List<List<String>> parse(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        int k = 0;
        while (k < text.length()) {
            char ch = text.charAt(k);
            if (quoted) {
                if (ch == '"' && k + 1 < text.length() && text.charAt(k + 1) == '"') {
                    field.append('"');
                    k += 2;
                    continue;
                }
                if (ch == '"') {
                    quoted = false;
                } else {
                    field.append(ch);
                }
                k++;
                continue;
            }
            if (ch == '"') {
                if (field.length() > 0) {
                    throw new IllegalArgumentException("quote inside an unquoted field at " + k);
                }
                quoted = true;
            } else if (ch == ',') {
                record.add(field.toString());
                field.setLength(0);
            } else if (ch == '\r' && k + 1 < text.length() && text.charAt(k + 1) == '\n') {
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
                k++;
            } else if (ch == '\n' || ch == '\r') {
                throw new IllegalArgumentException("bare line break at " + k);
            } else {
                field.append(ch);
            }
            k++;
        }
        if (quoted || field.length() > 0 || !record.isEmpty()) {
            throw new IllegalArgumentException("the last record does not end with CRLF");
        }
        return records;
    }
}
