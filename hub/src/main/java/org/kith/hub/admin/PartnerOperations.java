package org.kith.hub.admin;

import org.kith.connectors.api.Body;
import org.kith.connectors.api.Response;
import org.kith.connectors.api.Schemas;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.camel.Exchange;
import org.kith.connectors.HttpReply;
import org.kith.connectors.Problem;
import org.kith.connectors.ProblemException;
import org.kith.hub.config.Partner;
import org.kith.hub.config.PartnerRegistry;
import org.kith.hub.config.Partners;
import org.kith.hub.crypto.Jwks;
import org.kith.hub.ledger.LedgerEvent;
import org.kith.hub.rules.ConfigCodec;
import org.kith.hub.rules.ConfigKind;
import org.kith.hub.rules.ConfigValidation;
import org.kith.schemas.Json;
import org.kith.schemas.PartnerKind;
import org.kith.schemas.Violation;

/**
 * The registered partners through the administration API. Administrators and auditors list them
 * (id, kind, name, webhook, how many signing keys: never a credential or its hash). Administrators
 * register one (its entry as in the partners file: its token only as a SHA-256) or remove one; the
 * change goes to the config topic, so every instance authenticates, decides and delivers by it at
 * once, and its topics are created first. A partner an agreement or a routing rule still names
 * cannot be removed.
 */
final class PartnerOperations {

    static final String PARTNERS = "/v1/admin/partners";
    private static final Set<Role> READERS = Set.of(Role.ADMINISTRATOR, Role.AUDITOR);
    private static final Set<Role> WRITERS = Set.of(Role.ADMINISTRATOR);

    private final Partners partners;
    private final ConfigAdmin config;
    private final HistorySource history;
    private final ChangeWriter writer;
    private final Consumer<String> provisionTopics;
    private final int maxBytes;

    PartnerOperations(Partners partners, ConfigAdmin config, HistorySource history, ChangeWriter writer,
                      Consumer<String> provisionTopics, int maxBytes) {
        this.partners = partners;
        this.config = config;
        this.history = history;
        this.writer = writer;
        this.provisionTopics = provisionTopics;
        this.maxBytes = maxBytes;
    }

    /** A partner as the API shows it ({@link #view}): how many keys, whether a token, never a credential. */
    private static final com.fasterxml.jackson.databind.JsonNode PARTNER_VIEW = Schemas.json("""
            {"type": "object", "required": ["id", "kind"], "properties": {
              "id": {"type": "string"}, "kind": {"type": "string"}, "name": {"type": ["string", "null"]},
              "contact": {"type": ["string", "null"]}, "webhook": {"type": ["string", "null"]},
              "sftp": {"type": ["string", "null"]}, "format": {"type": "string"}, "keys": {"type": "integer"},
              "token": {"type": "boolean"}, "certificates": {"type": "array", "items": {"type": "string"}},
              "revokedAt": {"type": ["string", "null"], "format": "date-time"}}}""");

    List<AdminOperation> operations() {
        return List.of(
                AdminOperation.get(PARTNERS, READERS, exchange -> HttpReply.json(exchange, 200,
                        Map.of("partners", partners.registrations().stream().map(PartnerOperations::view).toList())))
                        .summary("The registered partners (never a credential)")
                        .responds(200, Response.json("The partners", Schemas.object())),
                AdminOperation.get(PARTNERS + "/{id}", READERS, exchange ->
                        HttpReply.json(exchange, 200, view(registered(id(exchange)))))
                        .summary("One partner")
                        .parameter(AdminApi.PARTNER_ID)
                        .responds(200, Response.json("The partner", PARTNER_VIEW))
                        .responds(404, Response.problem("No such partner")),
                AdminOperation.put(PARTNERS + "/{id}", WRITERS, this::register)
                        .summary("Register or change a partner: live on every instance, its topics created first")
                        .parameter(AdminApi.PARTNER_ID)
                        .body(Body.json(Schemas.ref("Partner")))
                        .responds(200, Response.json("The partner as registered", PARTNER_VIEW))
                        .responds(413, AdminApi.TOO_LARGE)
                        .responds(422, Response.problem("Invalid: nothing was changed")),
                AdminOperation.delete(PARTNERS + "/{id}", WRITERS, this::remove)
                        .summary("Remove a partner no agreement or routing rule names")
                        .parameter(AdminApi.PARTNER_ID)
                        .responds(200, Response.json("Removed", Schemas.object()))
                        .responds(404, Response.problem("No such partner"))
                        .responds(409, Response.problem("Still named by an agreement or a rule")),
                AdminOperation.get(PARTNERS + "/{id}/history", READERS, exchange -> HttpReply.json(exchange, 200,
                        Map.of("history", history.history("admin:partner", "partner", id(exchange)))))
                        .summary("Every change of a partner")
                        .parameter(AdminApi.PARTNER_ID)
                        .responds(200, Response.json("The history", Schemas.object())));
    }

    private void register(Exchange exchange) throws Exception {
        String id = id(exchange);
        JsonNode body = ConfigOperations.body(exchange, maxBytes);
        if (!body.isObject()) {
            throw ConfigAdmin.invalid(List.of(new Violation("", "must be a JSON object")));
        }
        if (body.has("id") && !id.equals(body.get("id").asText())) {
            throw ConfigAdmin.invalid(List.of(new Violation("/id", "differs from the id in the path")));
        }
        ObjectNode entry = ((ObjectNode) body.deepCopy()).put("id", id);
        entry.remove("removed");
        // certificates are the hub's to issue and revocation is its own operation: a registration keeps
        // the certificates in force and lifts no revocation's effect on the credentials revoked with it
        entry.remove("revokedAt");
        entry.set("certificates", Json.mapper().valueToTree(
                partners.registration(id).filter(p -> !p.revoked()).map(Partner::certificates).orElse(Set.of())));
        List<Violation> violations = entryViolations(entry);
        if (!violations.isEmpty()) {
            throw ConfigAdmin.invalid(violations);
        }
        Partner partner;
        try {
            partner = PartnerRegistry.partner(entry);
        } catch (RuntimeException e) {
            // the registry's message names the value for the partners file's operator: the API names neither
            throw ConfigAdmin.invalid(List.of(new Violation("", "not a partner entry the hub can register"
                    + " (see the partners file's format)")));
        }
        if (partner.tokenSha256() != null && partners.all().stream().anyMatch(other -> !other.id().equals(id)
                && partner.tokenSha256().equals(other.tokenSha256()))) {
            throw ConfigAdmin.invalid(List.of(new Violation("/tokenSha256", "another partner holds this token")));
        }
        provisionTopics.accept(id);
        JsonNode before = partners.registration(id).map(PartnerOperations::entry).orElse(null);
        writer.write(List.of(new ChangeWriter.Put(ConfigCodec.PARTNER + id, entry)),
                List.of(new LedgerEvent.AdminChange(ConfigOperations.user(exchange), "partner-set", "partner", id,
                        before, entry(partner), null)));
        HttpReply.json(exchange, 200, view(partner));
    }

    private void remove(Exchange exchange) throws Exception {
        String id = id(exchange);
        Partner partner = registered(id);
        List<String> namedBy = new ArrayList<>();
        for (ConfigKind kind : List.of(ConfigKind.AGREEMENT, ConfigKind.ROUTING_RULE)) {
            config.list(kind).stream()
                    .filter(object -> object.path("parties").toString().contains("\"" + id + "\"")
                            || object.path("to").toString().contains("\"" + id + "\"")
                            || object.path("senders").toString().contains("\"" + id + "\""))
                    .forEach(object -> namedBy.add(kind.objectType() + " " + object.path("id").asText()));
        }
        if (!namedBy.isEmpty()) {
            throw new ProblemException(Problem.of(409, "in-use", "Still named",
                    "change or delete first: " + String.join(", ", namedBy)));
        }
        ObjectNode removed = Json.mapper().createObjectNode().put("id", id).put("removed", true);
        writer.write(List.of(new ChangeWriter.Put(ConfigCodec.PARTNER + id, removed)),
                List.of(new LedgerEvent.AdminChange(ConfigOperations.user(exchange), "partner-remove", "partner", id,
                        entry(partner), null, null)));
        HttpReply.json(exchange, 200, Map.of("removed", id));
    }

    /**
     * What is wrong with an entry, member by member, saying where and what, never the value: the
     * checks {@link PartnerRegistry#partner} makes, before it makes them with messages for the file.
     */
    private static List<Violation> entryViolations(JsonNode entry) {
        List<Violation> found = new ArrayList<>();
        if (!entry.path("kind").isTextual()
                || !ConfigValidation.reads(() -> PartnerKind.fromCode(entry.get("kind").asText()))) {
            found.add(new Violation("/kind", "must be a partner kind the hub knows"));
        }
        if (entry.has("tokenSha256") && !entry.get("tokenSha256").asText().matches("[0-9a-f]{64}")) {
            found.add(new Violation("/tokenSha256", "must be a SHA-256 in lower-case hex"));
        }
        if (entry.has("webhook") && !ConfigValidation.reads(() -> {
            String scheme = URI.create(entry.get("webhook").asText()).getScheme();
            if (!"http".equals(scheme) && !"https".equals(scheme)) {
                throw new IllegalArgumentException("not http");
            }
        })) {
            found.add(new Violation("/webhook", "must be an http or https URL"));
        }
        if (entry.has("sftp") && !ConfigValidation.reads(() -> URI.create(entry.get("sftp").asText()))) {
            found.add(new Violation("/sftp", "must be sftp://user@host:port/path"));
        }
        if (entry.has("format") && !ConfigValidation.reads(() -> Partner.Format.fromCode(entry.get("format").asText()))) {
            found.add(new Violation("/format", "must be kith-json or fhir-r4"));
        }
        if (entry.hasNonNull("publicKeys")
                && !ConfigValidation.reads(() -> Jwks.parse(entry.get("publicKeys").toString()))) {
            found.add(new Violation("/publicKeys", "must be a JWKS of the partner's public signing keys"));
        }
        return found;
    }

    private Partner registered(String id) {
        return registered(partners, id);
    }

    /** The partner's entry, revoked or not; 404 if there is none. */
    static Partner registered(Partners partners, String id) {
        return partners.registration(id).orElseThrow(() -> new ProblemException(
                Problem.of(404, "not-found", "Not found", "no partner with this id")));
    }

    static String id(Exchange exchange) {
        return ConfigOperations.pathParameter(exchange, "id", Partner.ID_PATTERN);
    }

    /** What the API shows of a partner: never its token hash. */
    static Map<String, Object> view(Partner partner) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", partner.id());
        view.put("kind", partner.kind().code());
        view.put("name", partner.name());
        view.put("contact", partner.contact().orElse(null));
        view.put("webhook", partner.webhook().map(Object::toString).orElse(null));
        view.put("sftp", partner.sftp().map(Object::toString).orElse(null));
        view.put("format", partner.format().code());
        view.put("keys", partner.publicKeys().all().size());
        view.put("token", partner.tokenSha256() != null);
        view.put("certificates", partner.certificates().stream().sorted().toList());
        view.put("revokedAt", partner.revokedAt().map(Object::toString).orElse(null));
        return view;
    }

    /** The partner as its history keeps it: the view, so no token hash reaches the ledger either. */
    static JsonNode entry(Partner partner) {
        return Json.mapper().valueToTree(view(partner));
    }
}
