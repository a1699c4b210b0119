package org.kith.connectors.rest;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.kith.connectors.IdRegistry;

/**
 * Whether a submission is signed by its sender and new: the publisher signature over the raw body
 * (and, in binary mode, the {@code ce-} headers), then the replay window and the sender's event id
 * in the hub's {@link IdRegistry}. The hub supplies it, as it supplies {@link PartnerCredentials}:
 * the cryptography stays in the hub. It is called before anything parses the body.
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

    /** Admitted, sent before, or refused with a reason code. */
    sealed interface Verdict permits Admitted, Resent, Refused {
    }

    /**
     * May go on to validation.
     *
     * @param kid   the key that signed it; empty only where the hub accepts unsigned messages
     * @param claim the sender's event id, now held for this message; empty when the body has no id to
     *              claim (it is no CloudEvent, and the validation refuses it)
     */
    record Admitted(Optional<String> kid, Optional<IdRegistry.Claimed> claim) implements Verdict {
        public Admitted {
            Objects.requireNonNull(kid);
            Objects.requireNonNull(claim);
        }

        /**
         * Frees the id: the ingress does not accept the message after all (invalid, or Kafka did not
         * acknowledge), so the sender can send it again, corrected, under the same id.
         */
        public void release() {
            claim.ifPresent(held -> held.release().run());
        }

        /** Records the id as accepted, durably; the ingress calls it once the message is stored, before it answers. */
        public void stored() {
            claim.ifPresent(held -> held.record().run());
        }
    }

    /**
     * The sender sent this very message before and it was accepted as {@code messageId}: nothing is
     * stored again, and the sender is answered as the first time.
     */
    record Resent(String messageId) implements Verdict {
        public Resent {
            Objects.requireNonNull(messageId);
        }
    }

    /**
     * Refused at the door; the ingress records it in the ledger and answers with a problem.
     *
     * @param kind           which rule refused it, which decides the HTTP status
     * @param reason         the reason code ({@code unsigned}, {@code bad-signature}, {@code replayed}...)
     * @param partnerEventId    the id the sender gave, where it could be read
     * @param retryAfterSeconds for {@link Kind#CAPACITY}: when the sender may try again (at least 1); else 0
     */
    record Refused(Kind kind, String reason, Optional<String> partnerEventId, long retryAfterSeconds) implements Verdict {
        public Refused {
            Objects.requireNonNull(kind);
            Objects.requireNonNull(reason);
            Objects.requireNonNull(partnerEventId);
        }

        public Refused(Kind kind, String reason, Optional<String> partnerEventId) {
            this(kind, reason, partnerEventId, 0);
        }
    }

    /** The rule a refused submission broke. */
    enum Kind {
        /** Unsigned, or a signature that is not a valid one by a live key of the sender (403). */
        SIGNATURE,
        /** The signature's time is outside the replay window: re-sign and send again (400). */
        TIMESTAMP,
        /** The sender used this message id, for another message, within the window (409). */
        REPLAY,
        /** The sender holds as many ids as its own share of the hub's memory allows: retry later (429). */
        CAPACITY
    }
}
