package org.kith.hub.admin;

import java.time.Clock;
import java.util.Optional;
import java.util.regex.Pattern;
import org.kith.hub.config.HubConfig;

/**
 * Who a bearer presented to the administration API is, decided in this one place: a bearer in the
 * compact JWS form goes to the identity provider's keys when JWT is configured ({@link JwtUsers}),
 * anything else (and every bearer when it is not) is an opaque token of the users file
 * ({@link UserRegistry}). A JWT that fails is refused, never retried as an opaque token.
 */
public final class AdminUsers implements Authenticator {

    /** Three base64url parts; the third may be empty (an unsigned JWT, refused by {@link JwtUsers}). */
    private static final Pattern COMPACT_JWS = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");

    private final UserRegistry tokens;
    private final Optional<JwtUsers> jwt;

    public AdminUsers(UserRegistry tokens, Optional<JwtUsers> jwt) {
        this.tokens = tokens;
        this.jwt = jwt;
    }

    /** The users file and, if {@code kith.admin.jwt.jwks} is set, the identity provider. */
    public static AdminUsers from(HubConfig config, Clock clock) {
        return new AdminUsers(UserRegistry.load(config.usersFile()),
                config.adminJwt().map(settings -> JwtUsers.load(settings, clock)));
    }

    @Override
    public Optional<User> authenticate(String bearer) {
        if (jwt.isPresent() && COMPACT_JWS.matcher(bearer).matches()) {
            return jwt.get().authenticate(bearer);
        }
        return tokens.authenticate(bearer);
    }
}
