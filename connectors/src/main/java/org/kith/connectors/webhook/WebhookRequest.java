package org.kith.connectors.webhook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.kith.schemas.CloudEventCodec;
import org.kith.schemas.Json;
import org.kith.schemas.KithHeaders;

/**
 * Shapes an outbound record (CloudEvents Kafka binding) into a webhook request: one structured
 * CloudEvent JSON document, and only allowlisted headers. The message id becomes the
 * {@code Idempotency-Key}, so a redelivery is recognisable. {@code Kith-Signature} is the hub's
 * signature over exactly the body sent (the record's own Kafka signature covers other bytes).
 */
final class WebhookRequest implements Processor {

    private final BodySigner signer;

    WebhookRequest(BodySigner signer) {
        this.signer = signer;
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

        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_METHOD, "POST");
        message.setHeader(Exchange.CONTENT_TYPE, CloudEventCodec.STRUCTURED_JSON);
        message.setHeader(KithHeaders.HTTP_IDEMPOTENCY_KEY, messageId);
        hubHeaders.forEach(message::setHeader);
        byte[] body = Json.mapper().writeValueAsBytes(document);
        message.setHeader(KithHeaders.HTTP_SIGNATURE, signer.sign(body));
        message.setBody(body);
    }

    private static String text(Object header) {
        if (header instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return header == null ? null : header.toString();
    }
}
