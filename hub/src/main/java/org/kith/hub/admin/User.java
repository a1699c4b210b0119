package org.kith.hub.admin;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.kith.hub.config.Partner;

/**
 * A person or service account allowed to use the administration API: an id (logged with each
 * action, never a name), its roles, the SHA-256 of its API token (the token is never stored; empty
 * for a user signed in through the identity provider) and the agencies whose families it may act on.
 *
 * @param agencies partner ids of child welfare agencies; empty: every family (an unscoped user)
 */
public record User(String id, Set<Role> roles, Optional<String> tokenSha256, Set<String> agencies) {

    /** What a user id looks like: a user id is logged, so it is never a name or an e-mail address. */
    public static final String ID_PATTERN = "[a-z0-9][a-z0-9._-]{0,62}";

    public User {
        Objects.requireNonNull(id, "user id");
        if (!id.matches(ID_PATTERN)) {
            throw new IllegalArgumentException("user id '" + id + "' must be lower-case letters, digits, '.', '_', '-'");
        }
        roles = Set.copyOf(roles);
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("user " + id + " holds no role");
        }
        Objects.requireNonNull(tokenSha256, "token hash of user " + id);
        if (tokenSha256.isPresent() && !tokenSha256.get().matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("user " + id + ": tokenSha256 must be 64 lower-case hex digits");
        }
        agencies = Set.copyOf(agencies);
        for (String agency : agencies) {
            if (!agency.matches(Partner.ID_PATTERN)) {
                throw new IllegalArgumentException("user " + id + ": agency '" + agency + "' is not a partner id");
            }
        }
    }

    /** An unscoped user of the users file, known by its API token's hash. */
    public User(String id, Set<Role> roles, String tokenSha256) {
        this(id, roles, Optional.of(Objects.requireNonNull(tokenSha256, "token hash of user " + id)), Set.of());
    }

    public boolean holds(Role role) {
        return roles.contains(role);
    }

    /**
     * Whether this user may act on a family whose responsible agency is {@code responsibleAgency}:
     * an unscoped user on any; a scoped one only when the agency is known and in its scope. A family
     * with no known responsible agency is outside every scope (fail closed).
     */
    public boolean covers(Optional<String> responsibleAgency) {
        return agencies.isEmpty() || responsibleAgency.filter(agencies::contains).isPresent();
    }
}
