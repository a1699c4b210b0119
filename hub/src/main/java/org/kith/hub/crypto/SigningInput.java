package org.kith.hub.crypto;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.kith.schemas.CloudEventCodec;

/**
 * The bytes a message signature covers (see the package documentation for the full rule).
 * Structured mode: the body exactly as sent. Binary mode: the RFC 8785 canonical JSON object of the
 * CloudEvent attributes carried in headers, one line feed (0x0A), then the body exactly as sent.
 * The canonical object holds no raw line feed (JSON escapes it), so the line feed separates the
 * two parts unambiguously; the body is never parsed to build the input.
 */
public final class SigningInput {

    private SigningInput() {
    }

    /** Structured mode ({@code application/cloudevents+json}): the body bytes themselves. */
    public static byte[] structured(byte[] body) {
        return body;
    }

    /**
     * A batch file of the file drop ({@code NAME.csv}, signed in {@code NAME.csv.jws}): its bytes
     * exactly as dropped, never decoded or re-read as rows first.
     */
    public static byte[] file(byte[] content) {
        return content;
    }

    /**
     * Binary mode: {@code attributes} maps each attribute name (the header name without its
     * {@code ce-} or {@code ce_} prefix, any case) to the header value exactly as transmitted (no
     * percent-decoding); the content type is given as {@code datacontenttype}. Two headers that
     * name the same attribute in different case are refused.
     */
    public static byte[] binary(Map<String, String> attributes, byte[] body) {
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        attributes.forEach((name, value) -> {
            String attribute = name.toLowerCase(Locale.ROOT);
            if (object.has(attribute)) {
                throw new IllegalArgumentException("attribute " + attribute + " is given twice");
            }
            object.put(attribute, value);
        });
        byte[] head = Jcs.canonicalize(object);
        byte[] input = new byte[head.length + 1 + body.length];
        System.arraycopy(head, 0, input, 0, head.length);
        input[head.length] = '\n';
        System.arraycopy(body, 0, input, head.length + 1, body.length);
        return input;
    }

    /**
     * Binary mode from a protocol binding's headers as they travel: every header with the binding's
     * prefix ({@code ce-} on HTTP, {@code ce_} on Kafka), named without it, and the binding's
     * content-type header as {@code datacontenttype}; other headers (the signature itself, the hub's
     * {@code kith-} headers, transport headers) are not covered.
     */
    public static byte[] binary(Map<String, String> headers, CloudEventCodec.Binding binding, byte[] body) {
        Map<String, String> attributes = new LinkedHashMap<>();
        String contentType = binding.contentTypeHeader().toLowerCase(Locale.ROOT);
        headers.forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith(binding.prefix()) && lower.length() > binding.prefix().length()) {
                put(attributes, lower.substring(binding.prefix().length()), value);
            } else if (lower.equals(contentType)) {
                put(attributes, "datacontenttype", value);
            }
        });
        return binary(attributes, body);
    }

    private static void put(Map<String, String> attributes, String attribute, String value) {
        if (attributes.put(attribute, value.strip()) != null) {
            throw new IllegalArgumentException("attribute " + attribute + " is given twice");
        }
    }
}
