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
 * id and reason only. A message the sender sent before, byte for byte, is answered as the first
 * time ({@link Resend}) and goes no further: it is stored and decided once.
 */
public final class SignatureGate implements Processor {

    /** Exchange property: the admitted verdict, until the message is stored ({@link #release} frees its id). */
    public static final String ADMITTED = "kith.signatureAdmitted";
    private static final Logger LOG = LoggerFactory.getLogger(SignatureGate.class);

    /** How an edge answers a message sent again byte for byte: as it answered the first time. */
    @FunctionalInterface
    public interface Resend {
        void answer(Exchange exchange, String messageId) throws Exception;
    }

    private final SignatureCheck check;
    private final ProducerTemplate notices;
    private final String inboundUri;
    private final String channel;
    private final Resend resend;

    /**
     * @param notices    sends refusal notices; the route's Camel context owns it
     * @param inboundUri the Camel endpoint of the inbound topic, built by the hub
     */
    SignatureGate(SignatureCheck check, ProducerTemplate notices, String inboundUri, Resend resend) {
        this(check, notices, inboundUri, null, resend);
    }

    /**
     * @param channel the {@link RefusalNotice#channel()} of the refusals it records: an edge that cannot
     *                answer the sender; null for one that can
     */
    public SignatureGate(SignatureCheck check, ProducerTemplate notices, String inboundUri, String channel,
                         Resend resend) {
        this.check = check;
        this.notices = notices;
        this.inboundUri = inboundUri;
        this.channel = channel;
        this.resend = resend;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
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
            throw new ProblemException(problem(refused), refused.retryAfterSeconds());
        }
        if (verdict instanceof SignatureCheck.Resent resent) {
            resend.answer(exchange, resent.messageId());
            exchange.setRouteStop(true);
            return;
        }
        exchange.setProperty(ADMITTED, verdict);
    }

    /** For the route's failure handler: the message was not accepted, so its id may be sent again. */
    public static void release(Exchange exchange) {
        if (exchange.getProperty(ADMITTED) instanceof SignatureCheck.Admitted admitted) {
            exchange.removeProperty(ADMITTED);
            admitted.release();
        }
    }

    /**
     * Once the message is stored: its id stays taken whatever happens next, and is recorded for every
     * hub instance (durably) before the sender is answered.
     */
    public static void stored(Exchange exchange) {
        if (exchange.removeProperty(ADMITTED) instanceof SignatureCheck.Admitted admitted) {
            admitted.stored();
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
                    "your partner id sent another message with this id within the replay window; a new message needs"
                    + " a new id (the same message sent again, byte for byte, is answered with its message id)");
            case CAPACITY -> Problem.refused(429, refused.reason(), "Too many message ids",
                    "your partner id holds as many message ids within the replay window as its share allows; nothing"
                    + " was accepted, retry after " + refused.retryAfterSeconds() + " s");
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
