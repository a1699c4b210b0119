package org.kith.hub.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import org.kith.connectors.Problem;
import org.kith.connectors.ProblemException;
import org.kith.hub.config.Partners;
import org.kith.hub.directory.DirectoryEntries;
import org.kith.hub.directory.DirectoryImport;
import org.kith.hub.ledger.LedgerEvent;
import org.kith.hub.rules.ConfigCodec;
import org.kith.schemas.Json;

/**
 * The service directory as the administration API changes it. An HSDS import never makes anything
 * live: each new or changed organization and service becomes a draft (a changed one with its diff),
 * all of the import's drafts in one transaction with one ledger record, or none. An administrator
 * approves a draft, and only then is it live: an organization becomes the directory entry and its
 * partner entry (registered without credentials, its topics created first), a service a directory
 * entry of its partner with its service type and areas. With four-eyes approval on, the
 * administrator who imported a draft cannot approve it.
 */
final class DirectoryAdmin {

    /** What an import proposed: its id, the drafts written, and how many objects were unchanged. */
    record Imported(String importId, List<JsonNode> drafts, int unchanged, Set<String> serviceTypes, Set<String> areas) {
    }

    private final ConfigSource config;
    private final ChangeWriter writer;
    private final Partners partners;
    private final Consumer<String> provisionTopics;
    private final DirectoryImport reader;
    private final boolean fourEyes;
    private final Clock clock;

    DirectoryAdmin(ConfigSource config, ChangeWriter writer, Partners partners, Consumer<String> provisionTopics,
                   DirectoryImport reader, boolean fourEyes, Clock clock) {
        this.config = config;
        this.writer = writer;
        this.partners = partners;
        this.provisionTopics = provisionTopics;
        this.reader = reader;
        this.fourEyes = fourEyes;
        this.clock = clock;
    }

    /** Proposes what {@code export} holds as drafts; a 422 with every violation, and nothing written, if it is invalid. */
    Imported importExport(JsonNode export, String actor) {
        Set<String> registered = new HashSet<>();
        partners.registrations().forEach(p -> registered.add(p.id()));
        DirectoryImport.Read read = reader.read(export, live(), registered);
        if (read instanceof DirectoryImport.Invalid invalid) {
            throw new ProblemException(new Problem("urn:kith:problem:invalid-directory-import",
                    "The directory export is not valid", 422,
                    invalid.violations().size() + " violation(s); nothing was imported", invalid.violations(), null));
        }
        String importId = UUID.randomUUID().toString();
        String at = clock.instant().toString();
        List<ChangeWriter.Put> puts = new ArrayList<>();
        List<JsonNode> drafts = new ArrayList<>();
        int unchanged = 0;
        Set<String> types = new TreeSet<>();
        Set<String> areas = new TreeSet<>();
        for (DirectoryImport.Proposal proposal : ((DirectoryImport.Proposed) read).proposals()) {
            if (proposal.kind() == DirectoryImport.Kind.SERVICE) {
                if (!proposal.proposed().path("serviceType").isNull()) {
                    types.add(proposal.proposed().path("serviceType").asText());
                }
                proposal.proposed().path("areas").forEach(area -> areas.add(area.asText()));
            }
            if (!proposal.changed()) {
                unchanged++;
                continue;
            }
            String draftId = DirectoryEntries.draftId(proposal.kind(), proposal.hsdsId());
            ObjectNode draft = Json.mapper().createObjectNode().put("draftId", draftId)
                    .put("kind", proposal.kind().code()).put("hsdsId", proposal.hsdsId())
                    .put("change", proposal.isNew() ? "new" : "changed").put("importId", importId)
                    .put("importedBy", actor).put("importedAt", at);
            draft.set("proposed", proposal.proposed());
            if (!proposal.isNew()) {
                draft.set("current", proposal.current());
                ArrayNode diff = draft.putArray("diff");
                proposal.diff().forEach(c -> {
                    ObjectNode change = diff.addObject().put("field", c.field());
                    change.set("from", c.from());
                    change.set("to", c.to());
                });
            }
            puts.add(new ChangeWriter.Put(DirectoryEntries.draftKey(draftId), draft));
            drafts.add(draft);
        }
        if (!puts.isEmpty()) {
            writer.write(puts, List.of(new LedgerEvent.AdminChange(actor, "directory-import", "directory", importId)));
        }
        return new Imported(importId, drafts, unchanged, types, areas);
    }

    /** The drafts waiting for approval, in key order. */
    List<JsonNode> drafts() {
        return List.copyOf(config.entries(DirectoryEntries.DRAFT).values());
    }

    /** The live directory, in key order. */
    List<JsonNode> entries() {
        return List.copyOf(live().values());
    }

    /** Makes draft {@code draftId} live; returns the live entry. */
    JsonNode approve(String draftId, String actor) {
        JsonNode draft = config.entries(DirectoryEntries.draftKey(draftId)).get(DirectoryEntries.draftKey(draftId));
        if (draft == null) {
            throw new ProblemException(Problem.of(404, "not-found", "No such draft",
                    "no directory draft with this id is waiting for approval"));
        }
        if (fourEyes && actor.equals(draft.path("importedBy").asText())) {
            throw new ProblemException(Problem.of(403, "four-eyes", "Needs another administrator",
                    "a directory draft is approved by an administrator other than the one who imported it"));
        }
        DirectoryImport.Kind kind = DirectoryImport.Kind.ofCode(draft.path("kind").asText()).orElseThrow();
        String hsdsId = draft.path("hsdsId").asText();
        JsonNode entry = draft.get("proposed");
        List<ChangeWriter.Put> puts = new ArrayList<>();
        List<LedgerEvent.AdminChange> changes = new ArrayList<>();
        String partnerId = entry.path("partnerId").asText();
        if (kind == DirectoryImport.Kind.ORGANIZATION && partners.registration(partnerId).isEmpty()) {
            // a new partner, registered without credentials; one registered already keeps its entry as it is
            ObjectNode partner = Json.mapper().createObjectNode().put("id", partnerId)
                    .put("kind", entry.path("kind").asText()).put("name", entry.path("name").asText());
            provisionTopics.accept(partnerId);
            puts.add(new ChangeWriter.Put(ConfigCodec.PARTNER + partnerId, partner));
            changes.add(new LedgerEvent.AdminChange(actor, "partner-set", "partner", partnerId, null, partner,
                    draft.path("importedBy").asText()));
        } else if (kind == DirectoryImport.Kind.SERVICE && !live().containsKey(DirectoryEntries.key(DirectoryImport.Kind.ORGANIZATION,
                entry.path("organizationId").asText()))) {
            throw new ProblemException(Problem.of(409, "organization-not-approved", "Its organization is a draft",
                    "approve the service's organization first"));
        }
        String key = DirectoryEntries.key(kind, hsdsId);
        puts.add(new ChangeWriter.Put(key, entry));
        puts.add(new ChangeWriter.Put(DirectoryEntries.draftKey(draftId), null));
        changes.add(new LedgerEvent.AdminChange(actor, "directory-set", "directory", draftId,
                draft.path("current").isMissingNode() ? null : draft.get("current"), entry, draft.path("importedBy").asText()));
        writer.write(puts, changes);
        return entry;
    }

    private Map<String, JsonNode> live() {
        return config.entries(DirectoryEntries.LIVE);
    }
}
