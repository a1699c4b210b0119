package org.kith.hub.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.kith.hub.evaluation.MeasureCodes;
import org.kith.schemas.Violation;

/**
 * Checks one configuration object before it is written anywhere: it must read (known codes, dates,
 * durations), and it must make sense: an agreement between registered partners that does not
 * expire before it starts and lists its measure areas as codes, a routing rule that sends to
 * registered partners, a statute that names what it allows. A file or an API change with any
 * violation changes nothing.
 */
public final class ConfigValidation {

    /** Ids of agreements, rules and statutes: letters, digits and {@code . _ : -}. */
    public static final String ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9._:-]{0,127}";

    private ConfigValidation() {
    }

    /**
     * Every violation of {@code json} as an object of {@code kind}, pointers into it; none means
     * it may be written. {@code knownPartner} says whether a partner id is registered.
     */
    public static List<Violation> check(ConfigKind kind, JsonNode json, Predicate<String> knownPartner) {
        if (json == null || !json.isObject()) {
            return List.of(new Violation("", "must be a JSON object"));
        }
        List<Violation> violations = new ArrayList<>();
        if (!json.path("id").isTextual() || !json.get("id").asText().matches(ID_PATTERN)) {
            violations.add(new Violation("/id", "must be letters, digits and . _ : - (at most 128)"));
        }
        // first what the domain types would refuse without saying where
        switch (kind) {
            case AGREEMENT -> {
                if (json.path("parties").size() < 2) {
                    violations.add(new Violation("/parties", "an agreement has at least two parties"));
                }
                required(json, violations, "purposes", "messageTypes", "categories");
                if (expiresBeforeEffective(json)) {
                    violations.add(new Violation("/expires", "the agreement expires before it takes effect"));
                }
                measureAreas(json.path("measureAreas"), violations);
            }
            case STATUTE_RULE -> {
                if (json.path("citation").asText().isBlank()) {
                    violations.add(new Violation("/citation", "a statute rule cites its law"));
                }
                required(json, violations, "senderKinds", "recipientKinds", "categories", "purposes");
            }
            case ROUTING_RULE -> {
                if (json.path("to").isEmpty() && json.path("toFromFields").isEmpty()) {
                    violations.add(new Violation("/to", "a routing rule names recipients in 'to' or 'toFromFields'"));
                }
            }
        }
        if (!violations.isEmpty()) {
            return violations;
        }
        try {
            kind.parse(json);
        } catch (IllegalArgumentException | DateTimeException e) {
            return List.of(new Violation("", e.getMessage()));
        }
        partners(json.path("parties"), "/parties", knownPartner, violations);
        partners(json.path("to"), "/to", knownPartner, violations);
        partners(json.path("senders"), "/senders", knownPartner, violations);
        pointers(json.path("toFromFields"), "/toFromFields", violations);
        for (int i = 0; i < json.path("where").size(); i++) {
            if (!json.path("where").get(i).path("pointer").asText().startsWith("/")) {
                violations.add(new Violation("/where/" + i + "/pointer", "must be a JSON pointer (starting with '/')"));
            }
        }
        return violations;
    }

    /** The agreement's measure areas, if it lists any: distinct area codes, none a word the measures use. */
    private static void measureAreas(JsonNode areas, List<Violation> violations) {
        if (areas.isMissingNode() || areas.isNull()) {
            return;
        }
        if (!areas.isArray()) {
            violations.add(new Violation("/measureAreas", "must be a list of area codes"));
            return;
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < areas.size(); i++) {
            String code = areas.get(i).isTextual() ? areas.get(i).asText() : null;
            if (!MeasureCodes.isAreaCode(code)) {
                violations.add(new Violation("/measureAreas/" + i, "an area code is lower-case letters, digits and '-'"
                        + " (at most 64), and none of " + MeasureCodes.RESERVED.stream().sorted().toList()));
            } else if (!seen.add(code)) {
                violations.add(new Violation("/measureAreas/" + i, "listed twice"));
            }
        }
    }

    private static boolean expiresBeforeEffective(JsonNode json) {
        try {
            return json.hasNonNull("expires") && LocalDate.parse(json.get("expires").asText())
                    .isBefore(LocalDate.parse(json.path("effective").asText()));
        } catch (DateTimeException e) {
            return false; // the parse below names the bad date
        }
    }

    private static void partners(JsonNode ids, String at, Predicate<String> knownPartner, List<Violation> violations) {
        for (int i = 0; i < ids.size(); i++) {
            if (!knownPartner.test(ids.get(i).asText())) {
                violations.add(new Violation(at + "/" + i, "not a registered partner"));
            }
        }
    }

    private static void pointers(JsonNode pointers, String at, List<Violation> violations) {
        for (int i = 0; i < pointers.size(); i++) {
            if (!pointers.get(i).asText().startsWith("/")) {
                violations.add(new Violation(at + "/" + i, "must be a JSON pointer (starting with '/')"));
            }
        }
    }

    private static void required(JsonNode json, List<Violation> violations, String... arrays) {
        for (String field : arrays) {
            if (!json.path(field).isArray() || json.path(field).isEmpty()) {
                violations.add(new Violation("/" + field, "must list at least one"));
            }
        }
    }
}
