package org.kith.hub.edge;

import java.util.Optional;
import org.kith.connectors.filedrop.BatchSignatureCheck;
import org.kith.hub.config.Partner;
import org.kith.hub.config.Partners;
import org.kith.hub.crypto.DetachedJws;
import org.kith.hub.crypto.JwsVerification;
import org.kith.hub.crypto.PublicKeys;
import org.kith.hub.crypto.SigningInput;

/**
 * The hub's {@link BatchSignatureCheck}: the batch's detached JWS over the file's bytes with the
 * partner's registered keys, read live from the registry (a key added or retired counts at once).
 * No replay window: a batch has no single message id, and its time is the file's, not a request's.
 */
final class BatchSignatures implements BatchSignatureCheck {

    private final Partners partners;

    BatchSignatures(Partners partners) {
        this.partners = partners;
    }

    @Override
    public Optional<String> refusal(String partnerId, byte[] batch, Optional<String> signature) {
        if (signature.isEmpty()) {
            return Optional.of(UNSIGNED);
        }
        PublicKeys keys = partners.find(partnerId).map(Partner::publicKeys).orElse(PublicKeys.of());
        JwsVerification verification = DetachedJws.verify(signature.get(), SigningInput.file(batch), keys);
        return verification instanceof JwsVerification.Invalid invalid ? Optional.of(invalid.reason().code()) : Optional.empty();
    }
}
