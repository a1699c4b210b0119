package org.kith.hub.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.kith.schemas.Violation;

/**
 * Checks one configuration object before it is written anywhere: it must read (known codes, dates,
 * durations), and it must make sense: an agreement between registered partners that does not
 * expire before it starts, a routing rule that sends to registered partners, a statute that names
 * what it allows. A file or an API change with any violation changes nothing.
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
        List<Violation> violations = new ArrayList<>();
        if (json == null || !json.isObject()) {
            return List.of(new Violation("", "must be a JSON object"));
        }
        if (!json.path("id").isTextual() || !json.get("id").asText().matches(ID_PATTERN)) {
            violations.add(new Violation("/id", "must be letters, digits and . _ : - (at most 128)"));
        }
        if (kind == ConfigKind.AGREEMENT && expiresBeforeEffective(json)) {
            violations.add(new Violation("/expires", "the agreement expires before it takes effect"));
            return violations;
        }
        try {
            kind.parse(json);
        } catch (IllegalArgumentException | DateTimeException e) {
            violations.add(new Violation("", e.getMessage()));
            return violations;
        }
        switch (kind) {
            case AGREEMENT -> agreement(json, knownPartner, violations);
            case ROUTING_RULE -> rule(json, knownPartner, violations);
            case STATUTE_RULE -> statute(json, violations);
        }
        return violations;
    }

    private static void agreement(JsonNode json, Predicate<String> knownPartner, List<Violation> violations) {
        JsonNode parties = json.path("parties");
        if (parties.size() < 2) {
            violations.add(new Violation("/parties", "an agreement has at least two parties"));
        }
        partners(parties, "/parties", knownPartner, violations);
        required(json, violations, "purposes", "messageTypes", "categories");
    }

    private static boolean expiresBeforeEffective(JsonNode json) {
        try {
            return json.hasNonNull("expires") && LocalDate.parse(json.get("expires").asText())
                    .isBefore(LocalDate.parse(json.path("effective").asText()));
        } catch (DateTimeException e) {
            return false; // the parse below names the bad date
        }
    }

    private static void rule(JsonNode json, Predicate<String> knownPartner, List<Violation> violations) {
        if (json.path("to").isEmpty() && json.path("toFromFields").isEmpty()) {
            violations.add(new Violation("/to", "a routing rule names recipients in 'to' or 'toFromFields'"));
        }
        partners(json.path("to"), "/to", knownPartner, violations);
        partners(json.path("senders"), "/senders", knownPartner, violations);
        pointers(json.path("toFromFields"), "/toFromFields", violations);
        for (int i = 0; i < json.path("where").size(); i++) {
            String pointer = json.path("where").get(i).path("pointer").asText();
            if (!pointer.startsWith("/")) {
                violations.add(new Violation("/where/" + i + "/pointer", "must be a JSON pointer (starting with '/')"));
            }
        }
    }

    private static void statute(JsonNode json, List<Violation> violations) {
        if (json.path("citation").asText().isBlank()) {
            violations.add(new Violation("/citation", "a statute rule cites its law"));
        }
        required(json, violations, "senderKinds", "recipientKinds", "categories", "purposes");
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
