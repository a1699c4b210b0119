package org.kith.hub.admin;

import java.util.Objects;
import java.util.Set;

/**
 * A person or service account allowed to use the administration API: an id (logged with each
 * action, never a name), its roles, and the SHA-256 of its API token (the token is never stored).
 */
public record User(String id, Set<Role> roles, String tokenSha256) {

    public User {
        Objects.requireNonNull(id, "user id");
        if (!id.matches("[a-z0-9][a-z0-9._-]{0,62}")) {
            throw new IllegalArgumentException("user id '" + id + "' must be lower-case letters, digits, '.', '_', '-'");
        }
        roles = Set.copyOf(roles);
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("user " + id + " holds no role");
        }
        if (tokenSha256 == null || !tokenSha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("user " + id + ": tokenSha256 must be 64 lower-case hex digits");
        }
    }

    public boolean holds(Role role) {
        return roles.contains(role);
    }
}
