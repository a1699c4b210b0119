package org.kith.hub.admin;

import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.kith.connectors.Problem;
import org.kith.connectors.ProblemException;

/**
 * Lets a request through only with a bearer token of a user holding one of the endpoint's roles:
 * 401 without a known token, 403 with one that lacks the role. The user's id is left on the
 * exchange for the action's log line; nothing of the token is.
 */
final class RoleGate implements Processor {

    static final String USER = "kith.user";
    private static final String PREFIX = "Bearer ";

    private final UserRegistry users;
    private final Set<Role> admitted;

    RoleGate(UserRegistry users, Set<Role> admitted) {
        this.users = users;
        this.admitted = Set.copyOf(admitted);
    }

    @Override
    public void process(Exchange exchange) {
        String authorization = exchange.getMessage().getHeader("Authorization", String.class);
        if (authorization == null || !authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            throw new ProblemException(Problem.of(401, "unauthenticated", "Authentication required", "missing bearer token"));
        }
        User user = users.userForToken(authorization.substring(PREFIX.length()).trim())
                .orElseThrow(() -> new ProblemException(Problem.of(401, "unauthenticated", "Authentication required",
                        "unknown or revoked token")));
        if (admitted.stream().noneMatch(user::holds)) {
            throw new ProblemException(Problem.of(403, "forbidden", "Not allowed",
                    "this needs the role " + admitted.stream().map(Role::code).sorted().toList()));
        }
        exchange.getMessage().removeHeader("Authorization");
        exchange.setProperty(USER, user.id());
    }
}
