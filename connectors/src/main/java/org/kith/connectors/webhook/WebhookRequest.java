package org.kith.connectors.webhook;

import java.nio.charset.StandardCharsets;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.kith.schemas.KithHeaders;

/**
 * Shapes an outbound record into a webhook request: the body as released, and only allowlisted
 * headers. The message id becomes the {@code Idempotency-Key}, so a redelivery is recognisable.
 */
final class WebhookRequest implements Processor {

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        String messageId = text(message.getHeader(KithHeaders.MESSAGE_ID));
        String decisionId = text(message.getHeader(KithHeaders.DECISION_ID));
        String basis = text(message.getHeader(KithHeaders.BASIS));
        if (messageId == null) {
            throw new IllegalStateException("outbound record without " + KithHeaders.MESSAGE_ID);
        }
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_METHOD, "POST");
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setHeader(KithHeaders.HTTP_IDEMPOTENCY_KEY, messageId);
        if (decisionId != null) {
            message.setHeader(KithHeaders.HTTP_DECISION_ID, decisionId);
        }
        if (basis != null) {
            message.setHeader(KithHeaders.HTTP_BASIS, basis);
        }
    }

    private static String text(Object header) {
        if (header instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return header == null ? null : header.toString();
    }
}
