package org.kith.hub.crypto;

import java.time.Instant;
import java.util.Objects;

/**
 * The outcome of checking a detached JWS: valid, with the key that signed and the signing time the
 * signer stated, or invalid with one reason code. The codes are stable: they go into refusals and
 * ledger records.
 */
public sealed interface JwsVerification permits JwsVerification.Valid, JwsVerification.Invalid {

    default boolean isValid() {
        return this instanceof Valid;
    }

    /** Signed by key {@code kid}, by its own account at {@code signedAt} (the protected {@code iat}). */
    record Valid(String kid, Instant signedAt) implements JwsVerification {
        public Valid {
            Objects.requireNonNull(kid);
            Objects.requireNonNull(signedAt);
        }
    }

    record Invalid(Reason reason) implements JwsVerification {
        public Invalid {
            Objects.requireNonNull(reason);
        }
    }

    enum Reason {
        /** Not a detached compact JWS with the header Kith requires (b64 false, crit, kid, iat). */
        MALFORMED("malformed"),
        /** No key with that id: never registered, or not published yet. */
        UNKNOWN_KEY("unknown-key"),
        /** The key was retired before the stated signing time. */
        RETIRED_KEY("retired-key"),
        /** The signature does not match these bytes and this key. */
        BAD_SIGNATURE("bad-signature"),
        /** An {@code alg} other than EdDSA (including {@code none}). */
        UNSUPPORTED_ALG("unsupported-alg");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }
}
