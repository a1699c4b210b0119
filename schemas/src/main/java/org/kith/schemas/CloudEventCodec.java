package org.kith.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonCloudEventData;
import io.cloudevents.jackson.JsonFormat;
import java.io.IOException;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Envelopes as CloudEvents 1.0: the SDK's event model and JSON event format (structured mode), and
 * the binary-mode header mapping of the HTTP and Kafka protocol bindings. A partner may use either
 * mode; the hub writes the Kafka binding on its topics and structured JSON to webhooks.
 */
public final class CloudEventCodec {

    public static final String JSON = "application/json";
    public static final String STRUCTURED_JSON = JsonFormat.CONTENT_TYPE;
    static final String FAMILY_ID = "familyid";
    static final String PURPOSE = "purpose";
    static final String RECIPIENTS = "recipients";
    static final String PARTNER_EVENT_ID = "partnereventid";

    private static final JsonFormat FORMAT = new JsonFormat();
    /**
     * Reads structured documents as the hub reads any JSON ({@link Json#mapper()}: its limits, numbers
     * as exact decimals), with the SDK's CloudEvents module; the SDK's own mapper would read the data's
     * numbers as doubles ({@code 3.70} as {@code 3.7}, long decimals rounded), unlike the binary mode.
     */
    private static final ObjectMapper STRUCTURED_READER = Json.mapper().copy()
            .registerModule(JsonFormat.getCloudEventJacksonModule());

    /** A protocol binding's binary mode: attribute headers with a prefix, and the content-type header. */
    public enum Binding {
        HTTP("ce-", "Content-Type"),
        KAFKA("ce_", "content-type");

        private final String prefix;
        private final String contentTypeHeader;

        Binding(String prefix, String contentTypeHeader) {
            this.prefix = prefix;
            this.contentTypeHeader = contentTypeHeader;
        }

        public String prefix() {
            return prefix;
        }

        public String contentTypeHeader() {
            return contentTypeHeader;
        }
    }

    private CloudEventCodec() {
    }

    public static CloudEvent toCloudEvent(Envelope envelope) {
        CloudEventBuilder builder = CloudEventBuilder.v1()
                .withId(envelope.id())
                .withSource(URI.create(envelope.source()))
                .withType(envelope.type().typeName())
                .withTime(envelope.time())
                .withDataSchema(envelope.dataschema())
                .withDataContentType(JSON)
                .withExtension(FAMILY_ID, envelope.familyid())
                .withExtension(PURPOSE, envelope.purpose().code())
                .withExtension(PARTNER_EVENT_ID, envelope.partnereventid())
                .withData(JsonCloudEventData.wrap(envelope.data()));
        envelope.subject().ifPresent(builder::withSubject);
        if (!envelope.recipients().isEmpty()) {
            builder.withExtension(RECIPIENTS, String.join(",", envelope.recipients()));
        }
        return builder.build();
    }

    /**
     * The envelope a CloudEvent of the hub's carries.
     *
     * @throws IllegalArgumentException if an attribute the hub writes is missing or unknown
     */
    public static Envelope fromCloudEvent(CloudEvent event) {
        MessageType type = MessageType.fromTypeName(event.getType())
                .orElseThrow(() -> new IllegalArgumentException("unknown message type"));
        Purpose purpose = Purpose.fromCode(text(event, PURPOSE))
                .orElseThrow(() -> new IllegalArgumentException("unknown purpose"));
        if (event.getTime() == null) {
            throw new IllegalArgumentException("CloudEvent without time");
        }
        Object recipients = event.getExtension(RECIPIENTS);
        return new Envelope(event.getId(), event.getSource().toString(), type, Optional.ofNullable(event.getSubject()),
                event.getTime(), text(event, FAMILY_ID), purpose,
                recipients == null ? List.of() : Arrays.asList(recipients.toString().split(",")),
                text(event, PARTNER_EVENT_ID), data(event));
    }

    /** Structured mode: the envelope as one {@code application/cloudevents+json} document. */
    public static byte[] toStructuredJson(Envelope envelope) {
        return FORMAT.serialize(toCloudEvent(envelope));
    }

    /**
     * The envelope a structured-mode document carries.
     *
     * @throws IllegalArgumentException if it is not a CloudEvents JSON document, or not one of the hub's envelopes
     */
    public static Envelope fromStructuredJson(byte[] json) {
        CloudEvent event;
        try {
            event = STRUCTURED_READER.readValue(json, CloudEvent.class);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a CloudEvents JSON document");
        }
        if (event == null) {
            throw new IllegalArgumentException("not a CloudEvents JSON document");
        }
        return fromCloudEvent(event);
    }

    /**
     * Binary mode: the envelope's attributes as protocol headers, in a stable order. The body is the
     * data ({@link #dataBytes(Envelope)}).
     */
    public static Map<String, String> headers(Envelope envelope, Binding binding) {
        CloudEvent event = toCloudEvent(envelope);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(binding.prefix() + "specversion", event.getSpecVersion().toString());
        for (String name : List.of("id", "source", "type", "subject", "time", "dataschema")) {
            Object value = event.getAttribute(name);
            if (value != null) {
                headers.put(binding.prefix() + name, value instanceof OffsetDateTime time
                        ? time.withOffsetSameInstant(ZoneOffset.UTC).toString() : value.toString());
            }
        }
        for (String name : List.of(FAMILY_ID, PURPOSE, RECIPIENTS, PARTNER_EVENT_ID)) {
            Object value = event.getExtension(name);
            if (value != null) {
                headers.put(binding.prefix() + name, value.toString());
            }
        }
        headers.put(binding.contentTypeHeader(), JSON);
        return headers;
    }

    public static byte[] dataBytes(Envelope envelope) {
        try {
            return Json.mapper().writeValueAsBytes(envelope.data());
        } catch (IOException e) {
            throw new IllegalStateException("cannot write data", e);
        }
    }

    /**
     * The structured-mode document that binary-mode headers and a data document describe: every
     * {@code ce} header becomes an attribute (names are case-insensitive on HTTP), the content-type
     * header becomes {@code datacontenttype}. Other headers are ignored. Used to validate a binary
     * submission exactly as a structured one, and to turn a Kafka record into a webhook body.
     */
    public static ObjectNode structured(Map<String, String> headers, Binding binding, JsonNode data) {
        ObjectNode document = Json.mapper().createObjectNode();
        headers.forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith(binding.prefix()) && lower.length() > binding.prefix().length()) {
                document.put(lower.substring(binding.prefix().length()), value);
            } else if (lower.equals(binding.contentTypeHeader().toLowerCase(Locale.ROOT))) {
                document.put("datacontenttype", value);
            }
        });
        document.set("data", data);
        return document;
    }

    private static String text(CloudEvent event, String extension) {
        Object value = event.getExtension(extension);
        if (value == null) {
            throw new IllegalArgumentException("CloudEvent without " + extension);
        }
        return value.toString();
    }

    private static JsonNode data(CloudEvent event) {
        if (event.getData() == null) {
            throw new IllegalArgumentException("CloudEvent without data");
        }
        if (event.getData() instanceof JsonCloudEventData json) {
            return json.getNode();
        }
        try {
            return Json.mapper().readTree(event.getData().toBytes());
        } catch (IOException e) {
            throw new IllegalArgumentException("data is not JSON");
        }
    }
}
