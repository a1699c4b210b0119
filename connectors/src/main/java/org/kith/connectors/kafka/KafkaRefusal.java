package org.kith.connectors.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.kith.connectors.Problem;
import org.kith.connectors.ProblemException;
import org.kith.connectors.rest.PartnerAuthenticator;
import org.kith.connectors.rest.RefusalNotice;
import org.kith.connectors.rest.SignatureGate;
import org.kith.schemas.Json;

/**
 * The Kafka ingress's answer to a refusal, which it cannot give the sender at once: frees the message
 * id if the signature had admitted it, and records a {@link RefusalNotice} unless the refusing step
 * did (the signature gate and the partner check record theirs, with a reason code, as the REST
 * ingress does). The reason is the problem's code: {@code invalid-message}, {@code source-mismatch},
 * {@code too-large}, {@code empty-body}.
 */
final class KafkaRefusal implements Processor {

    private static final String PROBLEM_TYPE = "urn:kith:problem:";
    /** Longest sender's message id copied into a notice. */
    private static final int MAX_ID = 128;

    private final ProducerTemplate notices;
    private final String inboundUri;
    private final int maxBytes;

    KafkaRefusal(ProducerTemplate notices, String inboundUri, int maxBytes) {
        this.notices = notices;
        this.inboundUri = inboundUri;
        this.maxBytes = maxBytes;
    }

    @Override
    public void process(Exchange exchange) {
        Problem problem = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, ProblemException.class).problem();
        boolean signed = exchange.getProperty(SignatureGate.ADMITTED) != null;
        SignatureGate.release(exchange);
        if (Boolean.TRUE.equals(exchange.getProperty(RefusalNotice.RECORDED, Boolean.class))) {
            return; // recorded by the step that refused it
        }
        byte[] body = exchange.getMessage().getBody(byte[].class);
        String sender = exchange.getProperty(PartnerAuthenticator.SENDER, String.class);
        SignatureGate.record(notices, inboundUri, new RefusalNotice(sender, signed ? eventId(body) : null,
                problem.type().substring(PROBLEM_TYPE.length()), SignatureGate.sha256(body == null ? new byte[0] : body),
                RefusalNotice.KAFKA));
    }

    /** The sender's id of a message whose signature verified, so the sender can tell which was refused. */
    private String eventId(byte[] body) {
        if (body == null || body.length > maxBytes) {
            return null;
        }
        try {
            JsonNode id = Json.mapper().readTree(body).path("id");
            return id.isTextual() && id.asText().length() <= MAX_ID && id.asText().chars().allMatch(c -> c > 0x20 && c < 0x7f)
                    ? id.asText() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
