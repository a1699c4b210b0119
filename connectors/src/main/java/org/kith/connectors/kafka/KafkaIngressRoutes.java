package org.kith.connectors.kafka;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.kith.connectors.InputStep;
import org.kith.connectors.ProblemException;
import org.kith.connectors.rest.RefusalNotice;
import org.kith.connectors.rest.SignatureCheck;
import org.kith.connectors.rest.SignatureGate;
import org.kith.connectors.rest.SubmissionReader;
import org.kith.schemas.SubmissionValidator;

/**
 * Kafka ingress, for partners that connect to the cluster directly: one route reads every partner's
 * inbound topic ({@code kith.inbound.<partner>}, which only that partner's principal may write) and
 * holds each record to the REST ingress's checks, with the REST ingress's own processors: the sender
 * is the topic's partner, never the record's content, and must be registered; the value is a
 * structured CloudEvent and its detached JWS is in the {@value org.kith.schemas.KithHeaders#SIGNATURE}
 * header; signature and replay window, size limit, validation, {@code source} equal to the sender. An
 * accepted message is written to {@code kith.inbound} exactly as the REST ingress writes it, keyed by
 * family id, in the order of its topic's partition, and the sender's event id recorded for every
 * instance before the offset is committed. A record sent again (the same value under a used id, or
 * the same record read again after a crash) is committed and not stored again; another value under
 * a used id is refused as {@code replayed}. A refused one is never forwarded: a
 * {@link RefusalNotice} (channel {@value RefusalNotice#KAFKA}) goes to {@code kith.inbound}, from which
 * the core writes the ledger refusal and tells a registered sender on its status topic.
 *
 * <p>The offset is committed only once the record is stored or its refusal sent; if the hub cannot
 * store it, the route stops at that record ({@code breakOnFirstError}) and reads it again. Only the
 * hub's own failure does that: whatever the reading steps throw is a refusal ({@link InputStep}), so
 * no record can stop its partition for ever.
 */
public final class KafkaIngressRoutes extends RouteBuilder {

    public static final String ROUTE_ID = "kafka-ingress";

    private final String partnerInboundUri;
    private final Function<String, Optional<String>> partnerOfTopic;
    private final Predicate<String> registered;
    private final SignatureCheck signatures;
    private final SubmissionValidator validator;
    private final String inboundUri;
    private final Clock clock;
    private final int maxBytes;

    /**
     * @param partnerInboundUri the consumer of every partner's inbound topic, built by the hub
     * @param partnerOfTopic    the partner whose inbound topic a topic is, if it is one
     * @param registered        whether a partner is registered now (and not revoked)
     * @param inboundUri        the Camel endpoint of {@code kith.inbound}, built by the hub
     * @param maxBytes          largest accepted record value
     */
    public KafkaIngressRoutes(String partnerInboundUri, Function<String, Optional<String>> partnerOfTopic,
                              Predicate<String> registered, SignatureCheck signatures, SubmissionValidator validator,
                              String inboundUri, Clock clock, int maxBytes) {
        this.partnerInboundUri = partnerInboundUri;
        this.partnerOfTopic = partnerOfTopic;
        this.registered = registered;
        this.signatures = signatures;
        this.validator = validator;
        this.inboundUri = inboundUri;
        this.clock = clock;
        this.maxBytes = maxBytes;
    }

    @Override
    public void configure() throws Exception {
        ProducerTemplate notices = getContext().createProducerTemplate();
        getContext().addService(notices);
        onException(ProblemException.class).handled(true)
                .process(new KafkaRefusal(notices, inboundUri, maxBytes)).id("kafka-ingress-refusal")
                .process(KafkaIngressRoutes::commit).id("kafka-ingress-refusal-commit");
        // not stored: the id is freed and the record read again (breakOnFirstError), nothing committed
        onException(Exception.class).handled(false)
                .process(SignatureGate::release).id("kafka-ingress-release");

        from(partnerInboundUri).routeId(ROUTE_ID)
                .process(new PartnerTopicIntake(partnerOfTopic, registered, notices, inboundUri)).id("kafka-ingress-partner")
                .process(InputStep.of(new SignatureGate(signatures, notices, inboundUri, RefusalNotice.KAFKA,
                        (exchange, messageId) -> commit(exchange)))).id("kafka-ingress-signature")
                .process(InputStep.of(new SubmissionReader(validator, clock, maxBytes))).id("kafka-ingress-validate")
                .removeHeaders("*", KafkaConstants.MANUAL_COMMIT)
                .process(SubmissionReader::kafkaBinding).id("kafka-ingress-binding")
                .setHeader(KafkaConstants.KEY, exchangeProperty(SubmissionReader.FAMILY_ID))
                .to(inboundUri).id("kafka-ingress-write")
                .process(KafkaIngressRoutes::stored).id("kafka-ingress-commit");
    }

    private static void stored(Exchange exchange) {
        SignatureGate.stored(exchange);
        commit(exchange);
    }

    static void commit(Exchange exchange) {
        KafkaManualCommit commit = exchange.getMessage().getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class);
        if (commit != null) {
            commit.commit();
        }
    }
}
