package org.kith.connectors.filedrop;

import java.util.Optional;

/**
 * Whether a batch file is signed by its partner: a detached JWS over the file's bytes by one of the
 * partner's registered keys. The hub implements it (the keys and the crypto live there), as it
 * implements the REST ingress's signature check. A batch is always signed, whatever
 * {@code kith.ingress.signatures} says: nobody stands behind an unsigned file.
 */
@FunctionalInterface
public interface BatchSignatureCheck {

    String UNSIGNED = "unsigned";

    /**
     * @param signature the content of the batch's {@code .jws} file, if there is one
     * @return empty if the signature verifies; otherwise the reason code ({@value #UNSIGNED},
     *         {@code bad-signature}, {@code unknown-key}, {@code malformed}...)
     */
    Optional<String> refusal(String partnerId, byte[] batch, Optional<String> signature);
}
