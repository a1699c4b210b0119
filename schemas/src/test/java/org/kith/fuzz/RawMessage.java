package org.kith.fuzz;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The text form fuzz corpora give a message with headers (a binary-mode CloudEvent on Kafka, an
 * HTTP request): header lines {@code name: value}, a blank line, then the body. Bytes stay as they
 * are, so the fuzzer can put anything into a header value; each target decodes them as its
 * transport does.
 *
 * @param headers in their order, repeated names kept
 */
public record RawMessage(List<Header> headers, byte[] body) {

    public record Header(String name, byte[] value) {

        public String value(Charset charset) {
            return new String(value, charset);
        }
    }

    /** Whether {@code input} is in this form: its first line names a header ({@code name: ...}). */
    public static boolean isHeaderFirst(byte[] input) {
        int end = lineEnd(input, 0);
        int colon = indexOf(input, 0, end, (byte) ':');
        return colon > 0 && Character.isLetter(input[0]) && colon + 1 < end && input[colon + 1] == ' ';
    }

    /** The headers up to the first blank line ({@code \n} or {@code \r\n}), the rest the body; a line without a colon is skipped. */
    public static RawMessage parse(byte[] input) {
        List<Header> headers = new ArrayList<>();
        int at = 0;
        while (at < input.length) {
            int end = lineEnd(input, at);
            int stop = end > at && input[end - 1] == '\r' ? end - 1 : end;
            int start = at;
            at = end + 1;
            if (stop == start) {
                break;
            }
            int colon = indexOf(input, start, stop, (byte) ':');
            if (colon <= start) {
                continue;
            }
            int value = colon + 1 < stop && input[colon + 1] == ' ' ? colon + 2 : colon + 1;
            headers.add(new Header(new String(input, start, colon - start, StandardCharsets.UTF_8),
                    Arrays.copyOfRange(input, value, stop)));
        }
        return new RawMessage(List.copyOf(headers), Arrays.copyOfRange(input, Math.min(at, input.length), input.length));
    }

    private static int lineEnd(byte[] bytes, int from) {
        int at = from;
        while (at < bytes.length && bytes[at] != '\n') {
            at++;
        }
        return at;
    }

    private static int indexOf(byte[] bytes, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
