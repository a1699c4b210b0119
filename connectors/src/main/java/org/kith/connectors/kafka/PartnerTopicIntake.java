package org.kith.connectors.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.kith.connectors.Problem;
import org.kith.connectors.ProblemException;
import org.kith.connectors.rest.PartnerAuthenticator;
import org.kith.connectors.rest.RefusalNotice;
import org.kith.connectors.rest.SignatureGate;
import org.kith.schemas.CloudEventCodec;
import org.kith.schemas.KithHeaders;

/**
 * Makes a record of a partner's inbound topic look to the REST ingress's processors as a structured
 * request of that partner: the sender is the topic's partner (refused as {@value #UNKNOWN_PARTNER} if
 * it is not registered), the content type is {@code application/cloudevents+json}, the record's
 * {@value KithHeaders#SIGNATURE} header becomes {@code Kith-Signature}; every other record header is
 * dropped, so none can be taken for a signed {@code ce-} attribute or reach {@code kith.inbound}.
 */
final class PartnerTopicIntake implements Processor {

    static final String UNKNOWN_PARTNER = "unknown-partner";

    private final Function<String, Optional<String>> partnerOfTopic;
    private final Predicate<String> registered;
    private final ProducerTemplate notices;
    private final String inboundUri;

    PartnerTopicIntake(Function<String, Optional<String>> partnerOfTopic, Predicate<String> registered,
                       ProducerTemplate notices, String inboundUri) {
        this.partnerOfTopic = partnerOfTopic;
        this.registered = registered;
        this.notices = notices;
        this.inboundUri = inboundUri;
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        String topic = message.getHeader(KafkaConstants.TOPIC, String.class);
        Object signature = message.getHeader(KithHeaders.SIGNATURE);
        byte[] body = message.getBody(byte[].class);
        message.removeHeaders("*", KafkaConstants.MANUAL_COMMIT);
        message.setBody(body);
        Optional<String> partner = partnerOfTopic.apply(topic);
        if (partner.isEmpty() || !registered.test(partner.get())) {
            SignatureGate.record(notices, inboundUri, new RefusalNotice(partner.orElse(String.valueOf(topic)), null,
                    UNKNOWN_PARTNER, SignatureGate.sha256(body == null ? new byte[0] : body), RefusalNotice.KAFKA));
            exchange.setProperty(RefusalNotice.RECORDED, true);
            throw new ProblemException(Problem.refused(403, UNKNOWN_PARTNER, "Unknown partner",
                    "the topic's partner is not registered, or was revoked"));
        }
        exchange.setProperty(PartnerAuthenticator.SENDER, partner.get());
        message.setHeader(Exchange.CONTENT_TYPE, CloudEventCodec.STRUCTURED_JSON);
        if (signature != null) {
            message.setHeader(KithHeaders.HTTP_SIGNATURE, signature instanceof byte[] bytes
                    ? new String(bytes, StandardCharsets.US_ASCII) : signature.toString());
        }
    }
}
