package org.kith.connectors.webhook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;
import org.kith.schemas.CloudEventCodec;
import org.kith.schemas.Json;
import org.kith.schemas.KithHeaders;

/**
 * Shapes an outbound record (CloudEvents Kafka binding) into a webhook request: one structured
 * CloudEvent JSON document (or the partner's own format of it, {@link WebhookFormat}), and only allowlisted
 * headers. The message id becomes the
 * {@code Idempotency-Key}, so a redelivery is recognisable. {@code Kith-Signature} is the hub's
 * signature over exactly the body sent (the record's own Kafka signature covers other bytes).
 */
final class WebhookRequest implements Processor {

    /** Exchange properties the delivery receipt is made of, once the partner took the request. */
    static final String RECEIPT = "kith.deliveryReceipt";
    static final String FAMILY_ID = "kith.familyId";
    /** Where the record came from (topic, partition, offset), for a dead letter. */
    static final String ORIGIN = "kith.recordOrigin";

    private final BodySigner signer;
    private final WebhookFormat format;

    WebhookRequest(BodySigner signer, WebhookFormat format) {
        this.signer = signer;
        this.format = format;
    }

    @Override
    public void process(Exchange exchange) throws IOException {
        Message message = exchange.getMessage();
        Map<String, String> binding = new LinkedHashMap<>();
        message.getHeaders().forEach((name, value) -> {
            if (name.startsWith(CloudEventCodec.Binding.KAFKA.prefix())
                    || name.equals(CloudEventCodec.Binding.KAFKA.contentTypeHeader())) {
                binding.put(name, text(value));
            }
        });
        String messageId = binding.get(CloudEventCodec.Binding.KAFKA.prefix() + "id");
        if (messageId == null) {
            throw new IllegalStateException("outbound record without a CloudEvents id");
        }
        Map<String, String> hubHeaders = new LinkedHashMap<>();
        KithHeaders.HTTP_NAMES.forEach((recordHeader, httpHeader) -> {
            String value = text(message.getHeader(recordHeader));
            if (value != null) {
                hubHeaders.put(httpHeader, value);
            }
        });
        var document = CloudEventCodec.structured(binding, CloudEventCodec.Binding.KAFKA,
                Json.mapper().readTree(message.getBody(byte[].class)));

        exchange.setProperty(ORIGIN, new WebhookDeadLetter.Origin(message.getHeader(KafkaConstants.TOPIC, String.class),
                message.getHeader(KafkaConstants.PARTITION, -1, Integer.class),
                message.getHeader(KafkaConstants.OFFSET, -1L, Long.class)));
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_METHOD, "POST");
        var own = format.format(document);
        message.setHeader(Exchange.CONTENT_TYPE, own.map(WebhookFormat.Body::contentType).orElse(CloudEventCodec.STRUCTURED_JSON));
        message.setHeader(KithHeaders.HTTP_IDEMPOTENCY_KEY, messageId);
        hubHeaders.forEach(message::setHeader);
        byte[] body = own.isPresent() ? own.get().bytes() : Json.mapper().writeValueAsBytes(document);
        String signature = signer.sign(body);
        message.setHeader(KithHeaders.HTTP_SIGNATURE, signature);
        exchange.setProperty(RECEIPT, new DeliveryNotice(hubHeaders.get(KithHeaders.HTTP_DECISION_ID), messageId,
                binding.get(CloudEventCodec.Binding.KAFKA.prefix() + "recipients"), "webhook", sha256(body), kid(signature),
                null));
        exchange.setProperty(FAMILY_ID, binding.get(CloudEventCodec.Binding.KAFKA.prefix() + "familyid"));
        message.setBody(body);
    }

    private static String sha256(byte[] body) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(body));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** The key id in a compact JWS's protected header (its first, base64url part); null if unreadable. */
    private static String kid(String jws) {
        try {
            byte[] header = java.util.Base64.getUrlDecoder().decode(jws.substring(0, jws.indexOf('.')));
            return Json.mapper().readTree(header).path("kid").asText(null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String text(Object header) {
        if (header instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return header == null ? null : header.toString();
    }
}
