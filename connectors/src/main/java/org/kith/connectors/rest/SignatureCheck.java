package org.kith.connectors.rest;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether a submission is signed by its sender and new: the publisher signature over the raw body
 * (and, in binary mode, the {@code ce-} headers), then the replay window. The hub supplies it, as it
 * supplies {@link PartnerCredentials}: the cryptography stays in the hub. It is called before
 * anything parses the body.
 */
@FunctionalInterface
public interface SignatureCheck {

    /** The reason code of a submission without a signature where one is required. */
    String UNSIGNED = "unsigned";

    /**
     * @param partnerId the sender, established from its credential
     * @param body      the request body exactly as received
     * @param headers   the request's {@code ce-} headers, {@code Content-Type} and {@code Kith-Signature}
     *                  as received (names in any case)
     */
    Verdict check(String partnerId, byte[] body, Map<String, String> headers);

    /** Admitted, or refused with a reason code. */
    sealed interface Verdict permits Admitted, Refused {
    }

    /**
     * May go on to validation.
     *
     * @param kid     the key that signed it; empty only where the hub accepts unsigned messages
     * @param release frees the message id the replay window now holds; the ingress calls it when it
     *                does not accept the message after all (invalid, or Kafka did not acknowledge), so
     *                the sender can send it again, corrected, under the same id
     */
    record Admitted(Optional<String> kid, Runnable release) implements Verdict {
        public Admitted {
            Objects.requireNonNull(kid);
            Objects.requireNonNull(release);
        }
    }

    /**
     * Refused at the door; the ingress records it in the ledger and answers with a problem.
     *
     * @param kind           which rule refused it, which decides the HTTP status
     * @param reason         the reason code ({@code unsigned}, {@code bad-signature}, {@code replayed}...)
     * @param partnerEventId the id the sender gave, where it could be read
     */
    record Refused(Kind kind, String reason, Optional<String> partnerEventId) implements Verdict {
        public Refused {
            Objects.requireNonNull(kind);
            Objects.requireNonNull(reason);
            Objects.requireNonNull(partnerEventId);
        }
    }

    /** The rule a refused submission broke. */
    enum Kind {
        /** Unsigned, or a signature that is not a valid one by a live key of the sender (403). */
        SIGNATURE,
        /** The signature's time is outside the replay window: re-sign and send again (400). */
        TIMESTAMP,
        /** The sender used this message id within the window (409). */
        REPLAY,
        /** The hub remembers as many ids as it may: retry later (503). */
        CAPACITY
    }
}
