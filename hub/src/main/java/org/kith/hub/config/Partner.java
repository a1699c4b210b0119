package org.kith.hub.config;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import org.kith.hub.crypto.PublicKeys;
import org.kith.schemas.PartnerKind;

/**
 * An organisation connected to the hub.
 *
 * @param tokenSha256 hex SHA-256 of the partner's API token; the token itself is never stored
 * @param webhook     where released messages are POSTed, if the partner receives by webhook
 * @param publicKeys  the Ed25519 keys the partner signs its messages with, retired ones included
 *                    (with the instant each was retired); empty if it has registered none
 */
public record Partner(String id, PartnerKind kind, String name, String tokenSha256, Optional<URI> webhook,
                      PublicKeys publicKeys) {

    /** What a partner id looks like; also what a user's agency scope names. */
    public static final String ID_PATTERN = "[a-z0-9][a-z0-9-]{0,62}";

    public Partner {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind of partner " + id);
        if (!id.matches(ID_PATTERN)) {
            throw new IllegalArgumentException("partner id must be lower-case letters, digits and '-': '" + id + "'");
        }
        if (tokenSha256 != null && !tokenSha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("tokenSha256 of partner " + id + " is not a hex SHA-256");
        }
        webhook = webhook == null ? Optional.empty() : webhook;
        publicKeys = publicKeys == null ? PublicKeys.of() : publicKeys;
        webhook.ifPresent(uri -> {
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new IllegalArgumentException("webhook of partner " + id + " must be http or https");
            }
        });
    }

    /** A partner that has registered no signing keys. */
    public Partner(String id, PartnerKind kind, String name, String tokenSha256, Optional<URI> webhook) {
        this(id, kind, name, tokenSha256, webhook, PublicKeys.of());
    }
}
