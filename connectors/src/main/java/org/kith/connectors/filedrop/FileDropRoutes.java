package org.kith.connectors.filedrop;

import java.nio.file.Path;
import java.time.Clock;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.kith.connectors.InboundRecord;
import org.kith.schemas.SubmissionValidator;

/**
 * The file drop of one partner (courts and schools exchange batch files): a signed CSV or XML batch taken
 * from the partner's {@code in/} directory, each row published to the inbound topic exactly as the
 * REST ingress publishes a message, a result file per batch, the batch then filed in {@code done/}
 * or {@code failed/}. One route per partner, so the partner is the directory's, never a column, and
 * a directory nobody registered is never read.
 */
public final class FileDropRoutes extends RouteBuilder {

    /** Exchange property: {@code done} or {@code failed}, read by the drop endpoint's {@code move} expression. */
    public static final String TARGET = "KithFileDropTarget";
    /** Exchange property: the result file's name, read by the results endpoint's {@code fileName} expression. */
    public static final String RESULT_NAME = "KithFileDropResult";

    private final String partnerId;
    private final String dropUri;
    private final String resultsUri;
    private final String inboundUri;
    private final BatchSignatureCheck signatures;
    private final SubmissionValidator validator;
    private final Clock clock;
    private final Batches batches;

    /**
     * What the drop takes: files up to {@code maxBytes}, each batch's bytes once ({@code accepted}:
     * the partner's file of accepted batches' digests).
     */
    public record Batches(long maxBytes, Path accepted) {
    }

    /**
     * @param dropUri    the partner's {@code in/} directory, moving a taken batch by {@link #TARGET}
     * @param resultsUri the partner's {@code results/} directory, naming the file by {@link #RESULT_NAME}
     * @param inboundUri the Camel endpoint of the inbound topic, built by the hub
     */
    public FileDropRoutes(String partnerId, String dropUri, String resultsUri, String inboundUri,
                          BatchSignatureCheck signatures, SubmissionValidator validator, Clock clock, Batches batches) {
        this.batches = batches;
        this.partnerId = partnerId;
        this.dropUri = dropUri;
        this.resultsUri = resultsUri;
        this.inboundUri = inboundUri;
        this.signatures = signatures;
        this.validator = validator;
        this.clock = clock;
    }

    public static String routeId(String partnerId) {
        return "file-drop-" + partnerId;
    }

    @Override
    public void configure() throws Exception {
        ProducerTemplate inbound = getContext().createProducerTemplate();
        getContext().addService(inbound);
        var intake = new BatchIntake(partnerId, signatures, new BatchReader(validator),
                record -> publish(inbound, record), clock, batches.maxBytes(), new AcceptedBatches(batches.accepted()));
        // node ids are unique across the context's routes: each partner's carry its id
        from(dropUri).routeId(routeId(partnerId))
                .process(intake).id("take-batch-" + partnerId)
                .to(resultsUri).id("write-result-" + partnerId)
                .process(BatchIntake::fileAwaySignature).id("file-away-signature-" + partnerId);
    }

    /** The REST ingress's record: the CloudEvents Kafka binding as headers, keyed by family id; nothing else. */
    private void publish(ProducerTemplate inbound, InboundRecord record) throws Exception {
        Exchange sent = inbound.send(inboundUri, exchange -> {
            record.headers().forEach(exchange.getMessage()::setHeader);
            exchange.getMessage().setHeader(KafkaConstants.KEY, record.familyId());
            exchange.getMessage().setBody(record.value());
        });
        if (sent.getException() != null) {
            throw sent.getException();
        }
    }
}
