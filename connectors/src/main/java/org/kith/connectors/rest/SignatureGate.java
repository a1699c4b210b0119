package org.kith.connectors.rest;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.kith.connectors.Problem;
import org.kith.connectors.ProblemException;
import org.kith.connectors.rest.SignatureCheck.Refused;
import org.kith.schemas.KithHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publisher signature and the replay window, checked on the raw request before anything parses
 * the body (by the hub's {@link SignatureCheck}), after {@link ContentTypeGate} (a request of a type
 * the hub does not read is refused before any signature is checked or any refusal recorded). A
 * refusal is recorded before the sender is answered: a {@link RefusalNotice} goes to the inbound topic, from which the enforcement core writes
 * it to the ledger. If that write fails the refusal still stands; the failure is logged by partner
 * id and reason only.
 */
public final class SignatureGate implements Processor {

    /** Exchange property: the admitted verdict, until the message is stored ({@link #release} frees its id). */
    public static final String ADMITTED = "kith.signatureAdmitted";
    private static final Logger LOG = LoggerFactory.getLogger(SignatureGate.class);

    private final SignatureCheck check;
    private final ProducerTemplate notices;
    private final String inboundUri;
    private final String channel;

    /**
     * @param notices    sends refusal notices; the route's Camel context owns it
     * @param inboundUri the Camel endpoint of the inbound topic, built by the hub
     */
    SignatureGate(SignatureCheck check, ProducerTemplate notices, String inboundUri) {
        this(check, notices, inboundUri, null);
    }

    /**
     * @param channel the {@link RefusalNotice#channel()} of the refusals it records: an edge that cannot
     *                answer the sender; null for one that can
     */
    public SignatureGate(SignatureCheck check, ProducerTemplate notices, String inboundUri, String channel) {
        this.check = check;
        this.notices = notices;
        this.inboundUri = inboundUri;
        this.channel = channel;
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        byte[] body = message.getBody(byte[].class);
        if (body == null || body.length == 0) {
            return; // nothing was signed and nothing can be accepted: the reader refuses an empty request
        }
        message.setBody(body); // read once: the reader must see exactly these bytes
        String sender = exchange.getProperty(PartnerAuthenticator.SENDER, String.class);
        SignatureCheck.Verdict verdict = check.check(sender, body, signedHeaders(exchange));
        if (verdict instanceof Refused refused) {
            record(notices, inboundUri, new RefusalNotice(sender, refused.partnerEventId().orElse(null), refused.reason(),
                    sha256(body), channel));
            exchange.setProperty(RefusalNotice.RECORDED, true);
            throw new ProblemException(problem(refused));
        }
        exchange.setProperty(ADMITTED, verdict);
    }

    /** For the route's failure handler: the message was not accepted, so its id may be sent again. */
    public static void release(Exchange exchange) {
        if (exchange.getProperty(ADMITTED) instanceof SignatureCheck.Admitted admitted) {
            exchange.removeProperty(ADMITTED);
            admitted.release().run();
        }
    }

    /**
     * The headers a signature may cover or carry: the request's own {@code ce-} attributes, content type
     * and signature ({@link RequestHeaders}: never a query parameter).
     */
    private static Map<String, String> signedHeaders(Exchange exchange) {
        return RequestHeaders.ofSubmission(exchange);
    }

    /**
     * Writes a refusal notice to the inbound topic, keyed by the sender, for the core to record; a
     * failure is logged by partner id and reason only, the refusal stands.
     */
    public static void record(ProducerTemplate notices, String inboundUri, RefusalNotice notice) {
        Exchange sent = notices.send(inboundUri, out -> {
            out.getMessage().setHeader(KafkaConstants.KEY, notice.sender());
            out.getMessage().setHeader(KithHeaders.REFUSAL, notice.reason());
            out.getMessage().setBody(notice.toJson());
        });
        if (sent.getException() != null) {
            LOG.error("The refusal ({}) of a message from {} could not be recorded: {}", notice.reason(),
                    notice.sender(), sent.getException().getClass().getName());
        }
    }

    private static Problem problem(Refused refused) {
        return switch (refused.kind()) {
            case SIGNATURE -> Problem.refused(403, refused.reason(), "Signature refused",
                    refused.reason().equals(SignatureCheck.UNSIGNED)
                            ? "sign the message and send the detached JWS in the " + KithHeaders.HTTP_SIGNATURE + " header"
                            : "the " + KithHeaders.HTTP_SIGNATURE + " header is not a valid signature of these bytes"
                              + " by a live key registered for your partner id");
            case TIMESTAMP -> Problem.refused(400, refused.reason(), "Signature time outside the replay window",
                    "sign the message again: the signature's iat must be within the window of the hub's clock");
            case REPLAY -> Problem.refused(409, refused.reason(), "Message id already used",
                    "your partner id sent a message with this id within the replay window; a new message needs a new id");
            case CAPACITY -> Problem.refused(503, refused.reason(), "Hub busy",
                    "the hub cannot take more messages now; nothing was accepted, retry later");
        };
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
