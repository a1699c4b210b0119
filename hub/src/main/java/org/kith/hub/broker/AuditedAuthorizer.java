package org.kith.hub.broker;

import java.util.List;
import java.util.Map;
import org.apache.kafka.metadata.authorizer.StandardAuthorizer;
import org.apache.kafka.server.authorizer.Action;
import org.apache.kafka.server.authorizer.AuthorizableRequestContext;
import org.apache.kafka.server.authorizer.AuthorizationResult;

/**
 * Kafka's own KRaft authorizer ({@link StandardAuthorizer}, which decides everything), telling the
 * broker's {@link AuthorizationDenials} of each operation it denies. Counted are the denials Kafka's
 * audit log names as such ({@link Action#logIfDenied()}): an operation the client asked for, not a
 * topic merely left out of a listing it is not allowed to see.
 */
public final class AuditedAuthorizer extends StandardAuthorizer {

    /** The broker setting that names the {@link AuthorizationDenials} to tell (the partner listener's address). */
    static final String DENIALS = "kith.authorizer.denials";

    private volatile AuthorizationDenials denials = AuthorizationDenials.at("");

    @Override
    public void configure(Map<String, ?> configs) {
        super.configure(configs);
        Object id = configs.get(DENIALS);
        denials = AuthorizationDenials.at(id == null ? "" : id.toString());
    }

    @Override
    public List<AuthorizationResult> authorize(AuthorizableRequestContext context, List<Action> actions) {
        List<AuthorizationResult> results = super.authorize(context, actions);
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i) == AuthorizationResult.DENIED && actions.get(i).logIfDenied()) {
                denials.denied(context.principal(), actions.get(i));
            }
        }
        return results;
    }
}
