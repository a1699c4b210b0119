package org.kith.hub.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.kith.connectors.Problem;
import org.kith.connectors.ProblemException;
import org.kith.hub.ledger.LedgerEvent;
import org.kith.hub.rules.ConfigKind;
import org.kith.hub.rules.ConfigValidation;
import org.kith.schemas.Json;
import org.kith.schemas.Violation;

/**
 * Agreements, routing rules and statute rules as the administration API changes them: checked by
 * {@link ConfigValidation} before anything is written, then written with their ledger record in one
 * transaction ({@link ChangeWriter}), so every instance enforces the change without a restart. With
 * four-eyes approval on, a change to an agreement or a routing rule waits in the config topic until
 * another administrator approves it (statute rules come from law, not from partners' negotiation,
 * and are changed directly). Refusals are {@link ProblemException}s.
 */
public final class ConfigAdmin {

    /** Key prefix of changes waiting for a second administrator. */
    static final String PENDING = "pending:";

    /**
     * What became of a change to object {@code objectId}: applied now, or waiting for approval as
     * {@code changeId}; {@code object} null for a delete.
     */
    public record Outcome(boolean applied, String changeId, String objectId, JsonNode object) {
    }

    private final ConfigSource config;
    private final ChangeWriter writer;
    private final Predicate<String> knownPartner;
    private final boolean fourEyes;
    private final Clock clock;

    public ConfigAdmin(ConfigSource config, ChangeWriter writer, Predicate<String> knownPartner, boolean fourEyes,
                       Clock clock) {
        this.config = config;
        this.writer = writer;
        this.knownPartner = knownPartner;
        this.fourEyes = fourEyes;
        this.clock = clock;
    }

    /** Whether a change waits for a second administrator. */
    public boolean fourEyes() {
        return fourEyes;
    }

    public List<JsonNode> list(ConfigKind kind) {
        return List.copyOf(config.entries(kind.keyPrefix()).values());
    }

    public Optional<JsonNode> get(ConfigKind kind, String id) {
        return Optional.ofNullable(config.entries(kind.key(id)).get(kind.key(id)));
    }

    /** Creates or replaces object {@code id}; the body's {@code id}, if given, must be the same. */
    public Outcome put(ConfigKind kind, String id, JsonNode body, String actor) {
        if (body == null || !body.isObject()) {
            throw invalid(List.of(new Violation("", "must be a JSON object")));
        }
        if (body.has("id") && !id.equals(body.get("id").asText())) {
            throw invalid(List.of(new Violation("/id", "differs from the id in the path")));
        }
        ObjectNode object = ((ObjectNode) body.deepCopy()).put("id", id);
        check(kind, object);
        return change(kind, id, object, actor);
    }

    public Outcome delete(ConfigKind kind, String id, String actor) {
        if (get(kind, id).isEmpty()) {
            throw notFound(kind, id);
        }
        return change(kind, id, null, actor);
    }

    private Outcome change(ConfigKind kind, String id, JsonNode object, String actor) {
        if (fourEyes && kind != ConfigKind.STATUTE_RULE) {
            String changeId = UUID.randomUUID().toString();
            ObjectNode pending = Json.mapper().createObjectNode().put("changeId", changeId).put("kind", kind.path())
                    .put("objectId", id).put("action", object == null ? "delete" : "put")
                    .put("requestedBy", actor).put("requestedAt", clock.instant().toString());
            pending.set("object", object);
            writer.write(List.of(new ChangeWriter.Put(PENDING + changeId, pending)),
                    List.of(new LedgerEvent.AdminChange(actor, "change-requested", kind.objectType(), id,
                            get(kind, id).orElse(null), object, null)));
            return new Outcome(false, changeId, id, object);
        }
        apply(kind, id, object, actor, null);
        return new Outcome(true, null, id, object);
    }

    private void apply(ConfigKind kind, String id, JsonNode object, String actor, String pendingId) {
        JsonNode before = get(kind, id).orElse(null);
        List<ChangeWriter.Put> puts = new ArrayList<>();
        puts.add(new ChangeWriter.Put(kind.key(id), object));
        String requestedBy = null;
        if (pendingId != null) {
            puts.add(new ChangeWriter.Put(PENDING + pendingId, null));
            requestedBy = pending(pendingId).path("requestedBy").asText();
        }
        writer.write(puts, List.of(new LedgerEvent.AdminChange(actor, object == null ? "config-delete" : "config-set",
                kind.objectType(), id, before, object, requestedBy)));
    }

    /** Changes waiting for a second administrator, oldest first. */
    public List<JsonNode> pending() {
        return config.entries(PENDING).values().stream()
                .sorted(Comparator.comparing(p -> p.path("requestedAt").asText())).toList();
    }

    /**
     * Applies a waiting change, checked again against the configuration as it is now; only an
     * administrator other than the one who asked may approve it.
     */
    public Outcome approve(String changeId, String actor) {
        JsonNode pending = pending(changeId);
        if (actor.equals(pending.path("requestedBy").asText())) {
            throw new ProblemException(Problem.of(403, "four-eyes", "Needs another administrator",
                    "a change is approved by an administrator other than the one who asked for it"));
        }
        ConfigKind kind = ConfigKind.ofPath(pending.path("kind").asText()).orElseThrow();
        String id = pending.path("objectId").asText();
        JsonNode object = pending.get("object");
        if (object != null && !object.isNull()) {
            check(kind, object);
        } else {
            object = null;
        }
        apply(kind, id, object, actor, changeId);
        return new Outcome(true, changeId, id, object);
    }

    /** Drops a waiting change (any administrator, the one who asked included). */
    public void reject(String changeId, String actor) {
        JsonNode pending = pending(changeId);
        ConfigKind kind = ConfigKind.ofPath(pending.path("kind").asText()).orElseThrow();
        writer.write(List.of(new ChangeWriter.Put(PENDING + changeId, null)),
                List.of(new LedgerEvent.AdminChange(actor, "change-rejected", kind.objectType(),
                        pending.path("objectId").asText(), null, null, pending.path("requestedBy").asText())));
    }

    private JsonNode pending(String changeId) {
        Map<String, JsonNode> found = config.entries(PENDING + changeId);
        JsonNode pending = found.get(PENDING + changeId);
        if (pending == null) {
            throw new ProblemException(Problem.of(404, "not-found", "No such change",
                    "no change with this id is waiting for approval"));
        }
        return pending;
    }

    private void check(ConfigKind kind, JsonNode object) {
        List<Violation> violations = ConfigValidation.check(kind, object, knownPartner);
        if (!violations.isEmpty()) {
            throw invalid(violations);
        }
    }

    static ProblemException notFound(ConfigKind kind, String id) {
        return new ProblemException(Problem.of(404, "not-found", "Not found",
                "no " + kind.objectType() + " with this id"));
    }

    /** 422: what is wrong with a change, by pointer; nothing was changed. */
    static ProblemException invalid(List<Violation> violations) {
        return new ProblemException(new Problem("urn:kith:problem:invalid-change", "The change is not valid", 422,
                violations.size() + " violation(s); nothing was changed", violations, null));
    }
}
