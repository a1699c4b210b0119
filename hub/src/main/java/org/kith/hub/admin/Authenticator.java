package org.kith.hub.admin;

import java.util.Optional;

/**
 * Who a bearer token presented to the administration API belongs to. Sealed: the ways in are the
 * users file's opaque tokens ({@link UserRegistry}), the identity provider's JWTs ({@link JwtUsers})
 * and their composition ({@link AdminUsers}), each reviewed here and nowhere else.
 */
public sealed interface Authenticator permits UserRegistry, JwtUsers, AdminUsers {

    /** The user, or empty for a token that is unknown, revoked, malformed or fails validation. */
    Optional<User> authenticate(String bearer);
}
