package org.kith.connectors.filedrop;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.file.FileEndpoint;
import org.apache.camel.component.kafka.KafkaConstants;
import org.kith.connectors.IdRegistry;
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
    /** Exchange property: the content of an SFTP batch's {@code .jws}, fetched beside it; absent if there was none. */
    public static final String SIGNATURE = "KithFileDropSignature";

    private final String partnerId;
    private final String dropUri;
    private final String resultsUri;
    private final String inboundUri;
    private final BatchSignatureCheck signatures;
    private final SubmissionValidator validator;
    private final Clock clock;
    private final Batches batches;

    /**
     * What the drop takes: regular files of the partner's local {@code directory} ({@code <dir>/<partner>},
     * see {@link DropDirectory}) up to {@code maxBytes}, each batch's bytes once ({@code accepted}: the
     * partner's file of accepted batches' digests), each row's event id once ({@code ids}: shared with
     * the other edges and every hub instance).
     */
    public record Batches(long maxBytes, Path directory, Path accepted, IdRegistry ids) {
    }

    /**
     * The partner's SFTP location as a second source of the same pipeline.
     *
     * @param drop      consumer of its {@code in/}, moving a taken batch by {@link #TARGET} (like the local drop)
     * @param signature consumer of one batch's {@code .jws} in {@code in/} (the name by {@code ${file:name}}), deleting it
     * @param results   producer to its {@code results/}, naming the file by {@link #RESULT_NAME}
     * @param filed     producer to the directory named by {@link #TARGET}, for the signature, named {@code ${file:name}.jws}
     */
    public record Sftp(String drop, String signature, String results, String filed) {
    }

    private Optional<Sftp> sftp = Optional.empty();

    /** Also takes batches from the partner's SFTP location. */
    public FileDropRoutes withSftp(Sftp location) {
        this.sftp = Optional.of(location);
        return this;
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
        var accepted = new AcceptedBatches(batches.accepted());
        var reader = new BatchReader(validator);
        // node ids are unique across the context's routes: each partner's carry its id
        var drop = new DropDirectory(batches.directory());
        FileEndpoint local = getContext().getEndpoint(dropUri, FileEndpoint.class);
        local.setFilter(new DropGuard(partnerId, drop));
        from(local).routeId(routeId(partnerId))
                .process(new BatchIntake(partnerId, signatures, reader, record -> publish(inbound, record), clock,
                        batches.maxBytes(), accepted, batches.ids(), Optional.of(drop))).id("take-batch-" + partnerId)
                .to(resultsUri).id("write-result-" + partnerId)
                .process(BatchIntake::fileAwaySignature).id("file-away-signature-" + partnerId);
        if (sftp.isPresent()) {
            Sftp location = sftp.get();
            // one pipeline, two sources: the same intake (and the same accepted digests), the signature
            // fetched from beside the batch on the server and filed there with it afterwards
            from(location.drop()).routeId(routeId(partnerId) + "-sftp")
                    .pollEnrich().simple(location.signature()).timeout(0).cacheSize(-1)
                    .aggregationStrategy((original, fetched) -> {
                        if (fetched != null && fetched.getMessage().getBody() != null) {
                            original.setProperty(SIGNATURE, fetched.getMessage().getBody(String.class));
                        }
                        return original;
                    }).id("fetch-signature-sftp-" + partnerId)
                    .process(new BatchIntake(partnerId, signatures, reader, record -> publish(inbound, record), clock,
                            batches.maxBytes(), accepted, batches.ids(), Optional.empty())).id("take-batch-sftp-" + partnerId)
                    .to(location.results()).id("write-result-sftp-" + partnerId)
                    .filter(exchangeProperty(SIGNATURE).isNotNull())
                    .setBody(exchangeProperty(SIGNATURE))
                    .toD(location.filed()).id("file-away-signature-sftp-" + partnerId);
        }
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
