package org.kith.hub.admin;

import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.kith.connectors.Problem;
import org.kith.connectors.ProblemException;

/**
 * Lets a request through only with a bearer token of a user holding one of the endpoint's roles:
 * 401 without a known or valid token, 403 with one that lacks the role. The user's id is left on the
 * exchange for the action's log line, and the {@link User} itself for checks on the object acted on
 * (its agency scope); nothing of the token is.
 */
public final class RoleGate implements Processor {

    /** Exchange property: the signed-in user's id (a {@code String}). */
    public static final String USER = "kith.user";
    /** Exchange property: the signed-in {@link User}, roles and agency scope included. */
    public static final String PRINCIPAL = "kith.principal";
    private static final String PREFIX = "Bearer ";

    private final Authenticator users;
    private final Set<Role> admitted;

    public RoleGate(Authenticator users, Set<Role> admitted) {
        this.users = users;
        this.admitted = Set.copyOf(admitted);
    }

    @Override
    public void process(Exchange exchange) {
        String authorization = exchange.getMessage().getHeader("Authorization", String.class);
        if (authorization == null || !authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            throw new ProblemException(Problem.of(401, "unauthenticated", "Authentication required", "missing bearer token"));
        }
        User user = users.authenticate(authorization.substring(PREFIX.length()).trim())
                .orElseThrow(() -> new ProblemException(Problem.of(401, "unauthenticated", "Authentication required",
                        "unknown, revoked or invalid token")));
        if (admitted.stream().noneMatch(user::holds)) {
            throw new ProblemException(Problem.of(403, "forbidden", "Not allowed",
                    "this needs the role " + admitted.stream().map(Role::code).sorted().toList()));
        }
        exchange.getMessage().removeHeader("Authorization");
        exchange.setProperty(USER, user.id());
        exchange.setProperty(PRINCIPAL, user);
    }
}
