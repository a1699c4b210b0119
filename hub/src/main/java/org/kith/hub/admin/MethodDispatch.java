package org.kith.hub.admin;

import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.kith.connectors.Problem;
import org.kith.connectors.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations that share one path, told apart by the request's method: each is let in by its
 * own {@link RoleGate}, then held to the caller's agency scope by the {@link ScopeGate} for the
 * families it touches, before it runs. A request about a family another instance holds is handed
 * on to it ({@link Forwarding}); any other {@link IllegalStateException} of an operation (Kafka did not take
 * a change) is a 503 saying so; nothing was changed. A refusal of an operation on a family's data (by
 * its gate or its scope: a path with {@code {familyId}}, or the dead letters) is recorded
 * ({@link AccessRefusals}).
 */
final class MethodDispatch implements Processor {

    private record Guarded(String method, Processor gate, FamilyScope scope, Processor action) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(MethodDispatch.class);

    private final List<Guarded> operations;
    private final ScopeGate scopes;
    private final AccessRefusals refusals;

    MethodDispatch(Authenticator users, ScopeGate scopes, List<AdminOperation> operations, AccessRefusals refusals) {
        this.scopes = scopes;
        this.refusals = refusals;
        this.operations = operations.stream().map(op -> {
            Processor gate = new RoleGate(users, op.roles());
            return new Guarded(op.method(), aboutFamilies(op.path()) ? refusals.watching(gate) : gate, op.scope(),
                    op.action());
        }).toList();
    }

    /** Whether an operation reads or changes a family's data: a family's path, or the dead letters (copies of messages). */
    static boolean aboutFamilies(String path) {
        return path.contains("{familyId}") || path.startsWith(AdminRoutes.DEAD_LETTERS);
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        String method = exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class);
        Guarded operation = operations.stream().filter(op -> op.method().equalsIgnoreCase(method)).findFirst()
                .orElseThrow(() -> new ProblemException(Problem.of(405, "method-not-allowed", "Method not allowed",
                        "this path does not take this method")));
        byte[] body = Forwarding.keepBody(exchange);
        String authorization = exchange.getMessage().getHeader("Authorization", String.class);
        exchange.setProperty(AccessRefusals.PROPERTY, refusals);
        operation.gate().process(exchange);
        try {
            scopes.check(exchange, operation.scope());
            operation.action().process(exchange);
        } catch (Elsewhere where) {
            Forwarding.forward(exchange, where, body, authorization);
        } catch (IllegalStateException e) {
            // the hub's own failure (Kafka did not take the change); its message is for the log, not the caller
            LOG.warn("Admin operation {} {} failed: {}", method, exchange.getFromRouteId(), e.getClass().getName());
            throw new ProblemException(Problem.of(503, "unavailable", "Not available here now",
                    "the hub could not complete it now; nothing was changed: retry, or ask another hub instance"));
        }
    }
}
