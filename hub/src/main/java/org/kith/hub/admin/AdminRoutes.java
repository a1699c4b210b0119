package org.kith.hub.admin;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.kith.connectors.Problem;
import org.kith.connectors.ProblemException;
import org.kith.connectors.ProblemResponder;
import org.kith.hub.deadletter.DeadLetterReplay;
import org.kith.schemas.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The administration API, behind {@link RoleGate}: for now the operator's dead letters. {@code GET
 * /v1/admin/deadletters} lists them (reasons and origins, never the data); {@code POST
 * /v1/admin/deadletters/{offset}/replay} resubmits one through the same path as any message,
 * optionally with corrected data as the body, so it is validated and decided again at replay time.
 */
public final class AdminRoutes extends RouteBuilder {

    public static final String DEAD_LETTERS = "/v1/admin/deadletters";
    private static final Logger LOG = LoggerFactory.getLogger(AdminRoutes.class);

    private final UserRegistry users;
    private final DeadLetterReplay deadLetters;
    private final int maxBytes;

    public AdminRoutes(UserRegistry users, DeadLetterReplay deadLetters, int maxBytes) {
        this.users = users;
        this.deadLetters = deadLetters;
        this.maxBytes = maxBytes;
    }

    @Override
    public void configure() {
        onException(Exception.class).handled(true).process(new ProblemResponder(Problem.of(503, "unavailable",
                "Not done", "the hub could not reach Kafka; nothing was changed, retry later")));
        RoleGate operator = new RoleGate(users, Set.of(Role.OPERATOR));

        from("platform-http:" + DEAD_LETTERS + "?httpMethodRestrict=GET").routeId("admin-deadletters")
                .process(operator).id("deadletters-authorise")
                .process(this::list).id("deadletters-list");
        from("platform-http:" + DEAD_LETTERS + "/{offset}/replay?httpMethodRestrict=POST").routeId("admin-deadletter-replay")
                .process(operator).id("replay-authorise")
                .process(this::replay).id("replay");
    }

    private void list(Exchange exchange) throws Exception {
        json(exchange, 200, Map.of("deadLetters", deadLetters.list()));
    }

    private void replay(Exchange exchange) throws Exception {
        long offset;
        try {
            offset = Long.parseLong(exchange.getMessage().getHeader("offset", String.class));
        } catch (NumberFormatException e) {
            throw new ProblemException(Problem.of(400, "bad-offset", "Not an offset", "the offset must be a whole number"));
        }
        byte[] body = exchange.getMessage().getBody(byte[].class);
        if (body != null && body.length > maxBytes) {
            throw new ProblemException(Problem.of(413, "too-large", "Too large",
                    "the corrected data exceeds " + maxBytes + " bytes"));
        }
        Optional<byte[]> corrected = body == null || body.length == 0 ? Optional.empty() : Optional.of(body);
        if (corrected.isPresent()) {
            try {
                Json.mapper().readTree(corrected.get());
            } catch (java.io.IOException e) {
                throw new ProblemException(Problem.of(400, "malformed", "Malformed data",
                        "the corrected data is not a JSON document"));
            }
        }
        if (deadLetters.list().stream().noneMatch(letter -> letter.offset() == offset)) {
            throw new ProblemException(Problem.of(404, "not-found", "No such dead letter",
                    "no dead letter at offset " + offset));
        }
        deadLetters.replay(offset, corrected);
        LOG.info("Dead letter {} replayed by user {}{}", offset, exchange.getProperty(RoleGate.USER),
                corrected.isPresent() ? " with corrected data" : "");
        json(exchange, 202, Map.of("replayed", offset));
    }

    private static void json(Exchange exchange, int status, Object body) throws Exception {
        var message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(Json.mapper().writeValueAsString(body));
    }
}
