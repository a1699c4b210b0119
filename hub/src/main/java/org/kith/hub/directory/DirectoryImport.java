package org.kith.hub.directory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.kith.schemas.Json;
import org.kith.schemas.PartnerKind;
import org.kith.schemas.SubmissionValidator;
import org.kith.schemas.Violation;

/**
 * Reads an HSDS 3.0 export (its {@code organization}, {@code service}, {@code location} and
 * {@code service_area} tables) into what it proposes for the directory: one entry per organization
 * (a partner entry) and per service (its partner, Kith service type and areas), each new, changed
 * (with its diff against the live entry) or unchanged. Pure: it reads the live directory and the
 * registered partner ids it is given and writes nothing. An export that breaks its schema
 * ({@code hsds-import.schema.json}) or refers to what it does not hold proposes nothing: every
 * violation is returned, each with its JSON pointer.
 */
public final class DirectoryImport {

    /** The Kith service types (the referral schema's), which a taxonomy term's code or name may name. */
    static final Set<String> SERVICE_TYPES = Set.of("mental-health", "substance-use-treatment", "parenting", "housing",
            "domestic-violence-services", "early-intervention", "education-support", "health-care",
            "family-preservation", "child-care", "income-support", "legal-aid");

    /** The partner kind an organization takes from its first typed service; any other: a community organization. */
    private static final Map<String, PartnerKind> KIND_OF_SERVICE = Map.of(
            "mental-health", PartnerKind.MENTAL_HEALTH, "substance-use-treatment", PartnerKind.SUBSTANCE_USE_TREATMENT,
            "housing", PartnerKind.HOUSING, "domestic-violence-services", PartnerKind.DOMESTIC_VIOLENCE_SERVICES,
            "early-intervention", PartnerKind.EARLY_INTERVENTION, "health-care", PartnerKind.HEALTH_CARE,
            "child-care", PartnerKind.CHILD_CARE, "income-support", PartnerKind.INCOME_SUPPORT);

    /** An organization or a service. */
    public enum Kind {
        ORGANIZATION, SERVICE;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Kind> ofCode(String code) {
            for (Kind kind : values()) {
                if (kind.code().equals(code)) {
                    return Optional.of(kind);
                }
            }
            return Optional.empty();
        }
    }

    /** What an export proposes for one object: {@code current} null when it is new; {@code diff} its changed fields. */
    public record Proposal(Kind kind, String hsdsId, ObjectNode proposed, JsonNode current, List<Change> diff) {
        public boolean isNew() {
            return current == null;
        }

        public boolean changed() {
            return isNew() || !diff.isEmpty();
        }
    }

    /** One field of a changed entry: as it is live, and as the export has it. */
    public record Change(String field, JsonNode from, JsonNode to) {
    }

    /** The outcome of reading an export: the proposals, or the violations (then nothing is proposed). */
    public sealed interface Read permits Proposed, Invalid {
    }

    public record Proposed(List<Proposal> proposals) implements Read {
    }

    public record Invalid(List<Violation> violations) implements Read {
    }

    private final SubmissionValidator validator;

    public DirectoryImport(SubmissionValidator validator) {
        this.validator = validator;
    }

    /**
     * @param live     the live directory entries by {@link DirectoryEntries#key}
     * @param partners the ids of the registered partners (a new organization's partner id is none of them)
     */
    public Read read(JsonNode export, Map<String, JsonNode> live, Set<String> partners) {
        List<Violation> violations = new ArrayList<>(validator.validateDirectoryImport(export));
        if (!violations.isEmpty()) {
            return new Invalid(violations);
        }
        Map<String, JsonNode> organizations = byId(export.path("organization"), "/organization", violations);
        Map<String, JsonNode> services = byId(export.path("service"), "/service", violations);
        byId(export.path("location"), "/location", violations);
        byId(export.path("service_area"), "/service_area", violations);
        Map<String, List<JsonNode>> locations = new HashMap<>();
        each(export.path("location"), (location, i) -> {
            String org = location.path("organization_id").asText(null);
            if (org != null && !organizations.containsKey(org)) {
                violations.add(new Violation("/location/" + i + "/organization_id", "no organization of this id in the export"));
            }
            locations.computeIfAbsent(org, o -> new ArrayList<>()).add(location);
        });
        each(export.path("service"), (service, i) -> {
            if (!organizations.containsKey(service.path("organization_id").asText())) {
                violations.add(new Violation("/service/" + i + "/organization_id", "no organization of this id in the export"));
            }
        });
        Map<String, TreeSet<String>> areas = new HashMap<>();
        each(export.path("service_area"), (area, i) -> {
            if (!services.containsKey(area.path("service_id").asText())) {
                violations.add(new Violation("/service_area/" + i + "/service_id", "no service of this id in the export"));
            }
            areas.computeIfAbsent(area.path("service_id").asText(), s -> new TreeSet<>()).add(area.path("name").asText());
        });
        if (!violations.isEmpty()) {
            return new Invalid(violations);
        }

        Set<String> taken = new HashSet<>(partners);
        live.values().forEach(entry -> taken.add(entry.path("partnerId").asText()));
        Map<String, String> partnerOf = new HashMap<>();
        List<Proposal> proposals = new ArrayList<>();
        organizations.forEach((id, org) -> {
            JsonNode current = live.get(DirectoryEntries.key(Kind.ORGANIZATION, id));
            String partnerId = current != null ? current.path("partnerId").asText() : unique(slug(org.path("name").asText()), taken);
            partnerOf.put(id, partnerId);
            ObjectNode proposed = Json.mapper().createObjectNode().put("hsdsId", id).put("partnerId", partnerId)
                    .put("name", org.path("name").asText()).put("kind", kindOf(id, export.path("service")).code());
            ArrayNode sites = proposed.putArray("locations");
            locations.getOrDefault(id, List.of()).forEach(l -> sites.addObject().put("hsdsId", l.path("id").asText())
                    .put("type", l.path("location_type").asText()).put("name", l.path("name").asText("")));
            proposals.add(proposal(Kind.ORGANIZATION, id, proposed, current));
        });
        services.forEach((id, service) -> {
            JsonNode current = live.get(DirectoryEntries.key(Kind.SERVICE, id));
            String org = service.path("organization_id").asText();
            ObjectNode proposed = Json.mapper().createObjectNode().put("hsdsId", id).put("organizationId", org)
                    .put("partnerId", partnerOf.get(org)).put("name", service.path("name").asText())
                    .put("status", service.path("status").asText());
            serviceType(service).ifPresentOrElse(type -> proposed.put("serviceType", type), () -> proposed.putNull("serviceType"));
            ArrayNode served = proposed.putArray("areas");
            areas.getOrDefault(id, new TreeSet<>()).forEach(served::add);
            proposals.add(proposal(Kind.SERVICE, id, proposed, current));
        });
        return new Proposed(proposals);
    }

    private static Proposal proposal(Kind kind, String id, ObjectNode proposed, JsonNode current) {
        List<Change> diff = new ArrayList<>();
        if (current != null) {
            Set<String> fields = new TreeSet<>();
            proposed.fieldNames().forEachRemaining(fields::add);
            current.fieldNames().forEachRemaining(fields::add);
            for (String field : fields) {
                JsonNode before = current.get(field);
                JsonNode after = proposed.get(field);
                if (before == null ? after != null : !before.equals(after)) {
                    diff.add(new Change(field, before, after));
                }
            }
        }
        return new Proposal(kind, id, proposed, current, diff);
    }

    /** The Kith service type a taxonomy term of the service names, by code first, then by name. */
    static Optional<String> serviceType(JsonNode service) {
        for (String field : List.of("code", "name")) {
            for (JsonNode attribute : service.path("attributes")) {
                String term = slug(attribute.path("taxonomy_term").path(field).asText(""));
                if (SERVICE_TYPES.contains(term)) {
                    return Optional.of(term);
                }
            }
        }
        return Optional.empty();
    }

    private static PartnerKind kindOf(String organizationId, JsonNode services) {
        for (JsonNode service : services) {
            if (organizationId.equals(service.path("organization_id").asText())) {
                Optional<PartnerKind> kind = serviceType(service).map(KIND_OF_SERVICE::get);
                if (kind.isPresent()) {
                    return kind.get();
                }
            }
        }
        return PartnerKind.COMMUNITY_ORGANIZATION;
    }

    /** A partner id from a name: lower case ASCII letters, digits and hyphens, at most 63 characters. */
    static String slug(String name) {
        String ascii = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        slug = slug.length() > 56 ? slug.substring(0, 56).replaceAll("-+$", "") : slug;
        return slug.isEmpty() ? "organization" : slug;
    }

    private static String unique(String base, Set<String> taken) {
        String id = base;
        for (int n = 2; taken.contains(id); n++) {
            id = base + "-" + n;
        }
        taken.add(id);
        return id;
    }

    private static Map<String, JsonNode> byId(JsonNode table, String pointer, List<Violation> violations) {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        each(table, (row, i) -> {
            if (found.putIfAbsent(row.path("id").asText(), row) != null) {
                violations.add(new Violation(pointer + "/" + i + "/id", "another row of this table has the same id"));
            }
        });
        return found;
    }

    private interface Row {
        void accept(JsonNode row, int index);
    }

    private static void each(JsonNode table, Row action) {
        Iterator<JsonNode> rows = table.elements();
        for (int i = 0; rows.hasNext(); i++) {
            action.accept(rows.next(), i);
        }
    }
}
