package org.kith.schemas;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one reader of JSON bytes a partner (or a user of the administration API) sends, at every edge:
 * the bytes must be canonical UTF-8 ({@link StrictUtf8}: no byte-order mark, no overlong or invalid
 * sequence, no encoded surrogate), well-formed JSON within the {@link Json} limits, with no escaped
 * surrogate that is not half of a pair (in a string or a member name) and no number a double cannot
 * hold (beyond about 1.8e308, or so small it would read as zero). What it returns, the hub can write
 * again as the same text and the same numbers, digit for digit; what it refuses, it refuses with a
 * pointer and a rule, never a value.
 */
public final class PartnerJson {

    /** The outcome: the document, or why it cannot be read. */
    public sealed interface Read {
    }

    public record Document(JsonNode node) implements Read {
    }

    public record Unreadable(ValidationResult.Invalid why) implements Read {
    }

    private static final BigDecimal LARGEST = new BigDecimal(Double.MAX_VALUE);
    private static final BigDecimal SMALLEST = new BigDecimal(Double.MIN_VALUE);

    private PartnerJson() {
    }

    /** Reads {@code bytes}; the pointers of refusals start at {@code base} (e.g. {@code /data} for a binary-mode body). */
    public static Read read(byte[] bytes, String base) {
        if (bytes.length > Json.MAX_DOCUMENT_BYTES) {
            return invalid(base, "document is larger than " + Json.MAX_DOCUMENT_BYTES + " bytes", null);
        }
        Optional<StrictUtf8.Refused> encoding = StrictUtf8.check(bytes, StrictUtf8.ByteOrderMark.REFUSE);
        if (encoding.isPresent()) {
            return invalid(base, encodingRule(encoding.get()), encoding.get().reason());
        }
        JsonNode root;
        try {
            root = Json.mapper().readTree(bytes);
        } catch (StreamConstraintsException e) {
            return invalid(base, "document exceeds parsing limits (nesting depth " + Json.MAX_NESTING_DEPTH
                    + ", string length " + Json.MAX_STRING_LENGTH + ", number length)", null);
        } catch (JsonProcessingException e) {
            return invalid(base, "not well-formed JSON" + where(e.getLocation()), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            // Jackson reports some unreadable input unchecked (a number whose exponent overflows, for one)
            return invalid(base, "not well-formed JSON: a value that cannot be read", null);
        }
        if (root == null || root.isMissingNode()) {
            return invalid(base, "empty document", null);
        }
        List<Violation> surrogates = new ArrayList<>();
        List<Violation> numbers = new ArrayList<>();
        walk(root, new ArrayList<>(), base, surrogates, numbers);
        if (!surrogates.isEmpty()) {
            return new Unreadable(new ValidationResult.Invalid(surrogates, StrictUtf8.LONE_SURROGATE));
        }
        if (!numbers.isEmpty()) {
            return new Unreadable(new ValidationResult.Invalid(numbers));
        }
        return new Document(root);
    }

    /** {@link #read(byte[], String)} from the document's root. */
    public static Read read(byte[] bytes) {
        return read(bytes, "");
    }

    private static void walk(JsonNode node, List<Object> path, String base, List<Violation> surrogates,
                             List<Violation> numbers) {
        if (node.isTextual()) {
            if (StrictUtf8.hasLoneSurrogate(node.textValue())) {
                surrogates.add(new Violation(base + SchemaPointers.of(path),
                        "a string holds an escaped surrogate without its pair (not a Unicode character)"));
            }
        } else if (node.isNumber()) {
            if (!representable(node)) {
                numbers.add(new Violation(base + SchemaPointers.of(path),
                        "a number outside the range every JSON reader holds (a double: about 1.8e308 either way,"
                                + " or non-zero above 4.9e-324)"));
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> members = node.fields(); members.hasNext(); ) {
                Map.Entry<String, JsonNode> member = members.next();
                if (StrictUtf8.hasLoneSurrogate(member.getKey())) {
                    surrogates.add(new Violation(base + SchemaPointers.of(path),
                            "a member name holds an escaped surrogate without its pair (not a Unicode character)"));
                }
                path.add(member.getKey());
                walk(member.getValue(), path, base, surrogates, numbers);
                path.remove(path.size() - 1);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                path.add(i);
                walk(node.get(i), path, base, surrogates, numbers);
                path.remove(path.size() - 1);
            }
        }
    }

    /** Finite as a double, and not so small that a double reads it as zero. */
    private static boolean representable(JsonNode number) {
        if (number.isInt() || number.isLong()) {
            return true;
        }
        if (number.isBigInteger() || number.isBigDecimal()) {
            BigDecimal magnitude = number.decimalValue().abs();
            return magnitude.signum() == 0
                    || (magnitude.compareTo(LARGEST) <= 0 && magnitude.compareTo(SMALLEST) >= 0);
        }
        return Double.isFinite(number.doubleValue());
    }

    private static String encodingRule(StrictUtf8.Refused refused) {
        return switch (refused.reason()) {
            case StrictUtf8.BOM -> "the body begins with a byte-order mark; send UTF-8 without one";
            case StrictUtf8.LONE_SURROGATE -> "byte " + refused.offset() + " begins the UTF-8 form of a surrogate, which"
                    + " UTF-8 does not allow";
            default -> "byte " + refused.offset() + " is not part of a valid, shortest UTF-8 sequence";
        };
    }

    private static Unreadable invalid(String pointer, String message, String reason) {
        return new Unreadable(new ValidationResult.Invalid(List.of(new Violation(pointer, message)), reason));
    }

    private static String where(JsonLocation location) {
        return location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
