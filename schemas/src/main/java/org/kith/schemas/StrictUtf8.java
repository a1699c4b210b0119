package org.kith.schemas;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The one decoder for text partners send: UTF-8 exactly as RFC 3629 defines it, or a refusal with a
 * reason code. An overlong form, a truncated or invalid sequence, a code point above U+10FFFF and
 * the three-byte form of a surrogate (which UTF-8 has no place for) are all refused, never replaced:
 * a signature covers bytes, and two readers must never see two texts in them.
 */
public final class StrictUtf8 {

    /** Not UTF-8: an invalid, overlong or truncated sequence. */
    public static final String NOT_UTF8 = "not-utf8";
    /** A byte-order mark (UTF-8, UTF-16 or UTF-32) at the start. */
    public static final String BOM = "bom";
    /** A surrogate code point: encoded in the bytes, or an escaped one without its pair. */
    public static final String LONE_SURROGATE = "lone-surrogate";
    /** A charset other than UTF-8 named by the content type or the document. */
    public static final String CHARSET = "charset";

    /** What a leading UTF-8 byte-order mark means where it is found. */
    public enum ByteOrderMark {
        /** Refused ({@value #BOM}): JSON text must not begin with one (RFC 8259, section 8.1). */
        REFUSE,
        /** Skipped: batch files, which spreadsheet programs write with one. A UTF-16 or UTF-32 mark is still refused. */
        SKIP
    }

    /** The outcome: the text, or the reason the bytes are refused and the offset of the first bad byte. */
    public sealed interface Decoded {
    }

    public record Text(String text) implements Decoded {
    }

    public record Refused(String reason, long offset) implements Decoded {
    }

    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private StrictUtf8() {
    }

    public static Decoded decode(byte[] bytes, ByteOrderMark bom) {
        int start = 0;
        if (startsWith(bytes, UTF8_BOM)) {
            if (bom == ByteOrderMark.REFUSE) {
                return new Refused(BOM, 0);
            }
            start = UTF8_BOM.length;
        } else if (startsWithUtf16Or32Mark(bytes)) {
            return new Refused(BOM, 0);
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate((int) Math.ceil((bytes.length - start) * (double) decoder.maxCharsPerByte()));
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int at = in.position();
            return new Refused(encodedSurrogate(bytes, at) ? LONE_SURROGATE : NOT_UTF8, at);
        }
        return new Text(out.flip().toString());
    }

    /** Whether {@code bytes} are canonical UTF-8 under {@code bom}: empty, or the reason they are not. */
    public static Optional<Refused> check(byte[] bytes, ByteOrderMark bom) {
        return decode(bytes, bom) instanceof Refused refused ? Optional.of(refused) : Optional.empty();
    }

    /** Whether a string holds a surrogate that is not half of a pair (an escaped {@code \ud800} reads as one). */
    public static boolean hasLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return true;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /** ED A0..BF: the three-byte form of U+D800..U+DFFF. */
    private static boolean encodedSurrogate(byte[] bytes, int at) {
        return at + 1 < bytes.length && (bytes[at] & 0xFF) == 0xED && (bytes[at + 1] & 0xE0) == 0xA0;
    }

    private static boolean startsWithUtf16Or32Mark(byte[] bytes) {
        return startsWith(bytes, new byte[] {(byte) 0xFE, (byte) 0xFF}) || startsWith(bytes, new byte[] {(byte) 0xFF, (byte) 0xFE})
                || startsWith(bytes, new byte[] {0, 0, (byte) 0xFE, (byte) 0xFF});
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
