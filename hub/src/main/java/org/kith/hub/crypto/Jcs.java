package org.kith.hub.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.kith.schemas.Json;

/**
 * JSON Canonicalization Scheme (RFC 8785) for the JSON Kith signs and hashes: ledger records and
 * the attributes of a binary-mode CloudEvent. Object members sorted by the UTF-16 code units of
 * their names, no white space, strings escaped as ECMAScript's {@code JSON.stringify} does.
 *
 * <p>Limit, on purpose: numbers must be integers within +/-(2^53 - 1), where every JSON parser
 * agrees on the value and the shortest form is the decimal digits. A fraction, an exponent or a
 * larger integer is refused rather than serialised with the ECMAScript double algorithm, so
 * everything Kith canonicalises carries times and amounts as strings.
 */
public final class Jcs {

    /** The largest integer every JSON implementation reads exactly (IEEE 754 double). */
    public static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    private Jcs() {
    }

    /** The canonical UTF-8 bytes of a JSON document; duplicate member names are refused. */
    public static byte[] canonicalize(byte[] json) {
        try {
            return canonicalize(Json.mapper().readTree(json));
        } catch (IOException e) {
            throw new IllegalArgumentException("not well-formed JSON", e);
        }
    }

    /** The canonical UTF-8 bytes of a JSON tree. */
    public static byte[] canonicalize(JsonNode node) {
        Utf8 out = new Utf8();
        write(node, out);
        return out.toByteArray();
    }

    /** A growable UTF-8 byte buffer: the canonical form is written once, straight to bytes. */
    private static final class Utf8 {
        private byte[] bytes = new byte[512];
        private int size;

        Utf8 append(char c) {
            if (c < 0x80) {
                ensure(1);
                bytes[size++] = (byte) c;
            } else {
                append(String.valueOf(c));
            }
            return this;
        }

        Utf8 append(String s) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c >= 0x80) {
                    byte[] encoded = s.substring(i).getBytes(StandardCharsets.UTF_8);
                    ensure(encoded.length);
                    System.arraycopy(encoded, 0, bytes, size, encoded.length);
                    size += encoded.length;
                    return this;
                }
                ensure(1);
                bytes[size++] = (byte) c;
            }
            return this;
        }

        Utf8 append(long value) {
            return append(Long.toString(value));
        }

        Utf8 append(boolean value) {
            return append(value ? "true" : "false");
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }

        byte[] toByteArray() {
            return Arrays.copyOf(bytes, size);
        }
    }

    private static void write(JsonNode node, Utf8 out) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                List<String> names = new ArrayList<>(node.size());
                node.fieldNames().forEachRemaining(names::add);
                if (names.size() > 1) {
                    names.sort(null);
                } // String.compareTo orders by UTF-16 code units, as RFC 8785 3.2.3 asks
                out.append('{');
                for (int i = 0; i < names.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    string(names.get(i), out);
                    out.append(':');
                    write(node.get(names.get(i)), out);
                }
                out.append('}');
            }
            case ARRAY -> {
                out.append('[');
                Iterator<JsonNode> elements = node.elements();
                for (boolean first = true; elements.hasNext(); first = false) {
                    if (!first) {
                        out.append(',');
                    }
                    write(elements.next(), out);
                }
                out.append(']');
            }
            case STRING -> string(node.textValue(), out);
            case NUMBER -> number(node, out);
            case BOOLEAN -> out.append(node.booleanValue());
            case NULL -> out.append("null");
            default -> throw new IllegalArgumentException("not a JSON value: " + node.getNodeType());
        }
    }

    private static void number(JsonNode node, Utf8 out) {
        if (!node.isIntegralNumber()) {
            throw new IllegalArgumentException("only integers are canonicalised; carry fractions as strings");
        }
        BigInteger value = node.bigIntegerValue();
        if (value.abs().compareTo(BigInteger.valueOf(MAX_SAFE_INTEGER)) > 0) {
            throw new IllegalArgumentException("integer beyond 2^53 - 1; carry it as a string");
        }
        out.append(value.longValue());
    }

    private static void string(String s, Utf8 out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xF, 16));
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(s.substring(i, i + 2));
                        i++;
                    } else if (Character.isSurrogate(c)) {
                        throw new IllegalArgumentException("lone surrogate in a string (not I-JSON)");
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
