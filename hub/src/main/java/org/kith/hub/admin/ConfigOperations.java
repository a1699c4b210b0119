package org.kith.hub.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.kith.connectors.api.Body;
import org.kith.connectors.api.Response;
import org.kith.connectors.api.Schemas;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.camel.Exchange;
import org.kith.connectors.HttpReply;
import org.kith.connectors.JsonBody;
import org.kith.connectors.Problem;
import org.kith.connectors.ProblemException;
import org.kith.hub.rules.ConfigKind;
import org.kith.hub.rules.ConfigValidation;
import org.kith.schemas.Json;

/**
 * The administration API over the partnership configuration: for agreements, routing rules and
 * statute rules, list, read, create or replace, delete and history; and the changes waiting for a
 * second administrator. Administrators change; auditors read.
 */
final class ConfigOperations {

    static final String ADMIN = "/v1/admin/";
    static final String CHANGES = ADMIN + "changes";
    private static final Set<Role> READERS = Set.of(Role.ADMINISTRATOR, Role.AUDITOR);
    private static final Set<Role> WRITERS = Set.of(Role.ADMINISTRATOR);
    /** A change asked for while four-eyes approval is on: the change id to approve. */
    private static final Response WAITING = Response.json("Waiting for a second administrator: the change id",
            Schemas.object());

    private final ConfigAdmin admin;
    private final HistorySource history;
    private final int maxBytes;

    ConfigOperations(ConfigAdmin admin, HistorySource history, int maxBytes) {
        this.admin = admin;
        this.history = history;
        this.maxBytes = maxBytes;
    }

    List<AdminOperation> operations() {
        List<AdminOperation> operations = new ArrayList<>();
        for (ConfigKind kind : ConfigKind.values()) {
            String collection = ADMIN + kind.path();
            String item = collection + "/{id}";
            String noun = kind.path().substring(0, kind.path().length() - 1).replace('-', ' ');
            String schema = Arrays.stream(noun.split(" ")).map(w -> Character.toUpperCase(w.charAt(0)) + w.substring(1))
                    .collect(Collectors.joining());
            String article = noun.startsWith("a") ? "an " : "a ";
            // a statute rule comes from law, not from negotiation between partners: it never waits for four eyes
            boolean fourEyes = kind != ConfigKind.STATUTE_RULE;
            AdminOperation put = AdminOperation.put(item, WRITERS, exchange -> reply(exchange,
                            admin.put(kind, id(exchange), body(exchange), user(exchange))))
                    .summary("Create or replace " + article + noun
                            + (fourEyes ? " (waits for a second administrator when four-eyes approval is on)" : ""))
                    .description("Checked in full before anything is written; written with its ledger record in one"
                            + " transaction; every hub instance enforces it at once.")
                    .body(Body.json(Schemas.ref(schema)))
                    .responds(200, Response.json("Applied: the " + noun + " as written", Schemas.object()))
                    .responds(413, AdminApi.TOO_LARGE)
                    .responds(422, Response.problem("Invalid or contradictory: nothing was changed"));
            AdminOperation delete = AdminOperation.delete(item, WRITERS, exchange -> reply(exchange,
                            admin.delete(kind, id(exchange), user(exchange))))
                    .summary("Delete " + article + noun)
                    .responds(200, Response.json("Deleted", Schemas.object()))
                    .responds(404, Response.problem("No such " + noun));
            operations.add(AdminOperation.get(collection, READERS, exchange ->
                            HttpReply.json(exchange, 200, Map.of(kind.section(), admin.list(kind))))
                    .summary(switch (kind) {
                        case AGREEMENT -> "List data-sharing agreements (MOUs): parties, purposes, message types,"
                                + " categories, effective and expiry dates";
                        case ROUTING_RULE -> "List routing rules: which messages go to which partners besides those"
                                + " they name";
                        case STATUTE_RULE -> "List statute rules: lawful bases for disclosure without consent";
                    })
                    .responds(200, Response.json("The " + noun + "s", Schemas.object())));
            operations.add(AdminOperation.get(item, READERS, exchange -> HttpReply.json(exchange, 200,
                            admin.get(kind, id(exchange)).orElseThrow(() -> ConfigAdmin.notFound(kind, id(exchange)))))
                    .summary("Read one " + noun)
                    .responds(200, Response.json("The " + noun, Schemas.ref(schema)))
                    .responds(404, Response.problem("No such " + noun)));
            operations.add(fourEyes ? put.responds(202, WAITING) : put);
            operations.add(fourEyes ? delete.responds(202, WAITING) : delete);
            operations.add(AdminOperation.get(item + "/history", READERS, exchange -> HttpReply.json(exchange, 200,
                            Map.of("history", history.history("admin:" + kind.objectType(), kind.objectType(), id(exchange)))))
                    .summary("Every change of the " + noun + ": who, what, before and after")
                    .responds(200, Response.json("The history", Schemas.object())));
        }
        operations.add(AdminOperation.get(CHANGES, READERS, exchange ->
                        HttpReply.json(exchange, 200, Map.of("pending", admin.pending())))
                .summary("Changes waiting for a second administrator")
                .responds(200, Response.json("The waiting changes", Schemas.object())));
        operations.add(AdminOperation.post(CHANGES + "/{changeId}/approve", WRITERS, exchange ->
                        reply(exchange, admin.approve(changeId(exchange), user(exchange))))
                .summary("Approve and apply a waiting change (not by the administrator who asked for it)")
                .responds(200, Response.json("Applied: the object as written", Schemas.object()))
                .responds(403, Response.problem("Asked for by you, or not an administrator"))
                .responds(404, Response.problem("No such change"))
                .responds(422, Response.problem("No longer valid: nothing was changed")));
        operations.add(AdminOperation.post(CHANGES + "/{changeId}/reject", WRITERS, exchange -> {
            admin.reject(changeId(exchange), user(exchange));
            HttpReply.json(exchange, 200, Map.of("rejected", changeId(exchange)));
        })
                .summary("Drop a waiting change")
                .responds(200, Response.json("Dropped", Schemas.object()))
                .responds(404, Response.problem("No such change")));
        return operations;
    }

    /** 200 with the object when applied; 202 with the change id when it waits for a second administrator. */
    private static void reply(Exchange exchange, ConfigAdmin.Outcome outcome) throws IOException {
        if (outcome.applied()) {
            // the object's id from the outcome: an approval's path names the change, not the object
            HttpReply.json(exchange, 200, outcome.object() == null ? Map.of("deleted", outcome.objectId())
                    : outcome.object());
        } else {
            HttpReply.json(exchange, 202, Map.of("pending", outcome.changeId()));
        }
    }

    static String user(Exchange exchange) {
        return exchange.getProperty(RoleGate.USER, String.class);
    }

    private static String id(Exchange exchange) {
        return pathParameter(exchange, "id", ConfigValidation.ID_PATTERN);
    }

    private static String changeId(Exchange exchange) {
        return pathParameter(exchange, "changeId", "[0-9a-f-]{36}");
    }

    static String pathParameter(Exchange exchange, String name, String pattern) {
        String value = exchange.getMessage().getHeader(name, String.class);
        if (value == null || !value.matches(pattern)) {
            throw new ProblemException(Problem.of(400, "bad-" + name, "Bad " + name,
                    "the " + name + " in the path does not have the form of one"));
        }
        return value;
    }

    /** The request body as JSON ({@link JsonBody}): 413 above the size limit, 400 if it is not canonical, well-formed JSON. */
    JsonNode body(Exchange exchange) {
        return body(exchange, maxBytes);
    }

    static JsonNode body(Exchange exchange, int maxBytes) {
        return optionalBody(exchange, maxBytes).orElseThrow(() ->
                new ProblemException(Problem.of(400, "empty-body", "Empty request", "the request has no body")));
    }

    /** The request body as JSON if there is one (read once: the body is a stream). */
    static Optional<JsonNode> optionalBody(Exchange exchange, int maxBytes) {
        byte[] body = exchange.getMessage().getBody(byte[].class);
        if (body == null || body.length == 0) {
            return Optional.empty();
        }
        if (body.length > maxBytes) {
            throw new ProblemException(Problem.tooLarge(maxBytes));
        }
        return Optional.of(JsonBody.read(body));
    }
}
