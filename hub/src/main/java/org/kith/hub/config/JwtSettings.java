package org.kith.hub.config;

import java.util.Objects;

/**
 * Where the administration API finds the identity provider's signing keys and what its tokens
 * must say. Present only when JWT bearer tokens are accepted.
 *
 * @param jwks     a JWKS file path, or an {@code https} URL of the provider's key set
 * @param issuer   the exact {@code iss} the provider puts in its tokens
 * @param audience the {@code aud} a token must name to be accepted by this hub
 */
public record JwtSettings(String jwks, String issuer, String audience) {

    public JwtSettings {
        Objects.requireNonNull(jwks, "jwks");
        if (jwks.isBlank()) {
            throw new IllegalArgumentException(HubOption.ADMIN_JWT_JWKS.key() + " is empty");
        }
        if (jwks.regionMatches(true, 0, "http://", 0, 7)) {
            throw new IllegalArgumentException(HubOption.ADMIN_JWT_JWKS.key()
                    + " must be a file or an https URL: keys fetched over plain http could be swapped on the way");
        }
        if (issuer == null || issuer.isBlank()) {
            throw new IllegalArgumentException(HubOption.ADMIN_JWT_ISSUER.key() + " must be set when "
                    + HubOption.ADMIN_JWT_JWKS.key() + " is");
        }
        if (audience == null || audience.isBlank()) {
            throw new IllegalArgumentException(HubOption.ADMIN_JWT_AUDIENCE.key() + " must not be empty");
        }
    }

    /** Whether the keys are fetched (and cached) from the provider rather than read from a file. */
    public boolean remote() {
        return jwks.regionMatches(true, 0, "https://", 0, 8);
    }
}
