package org.kith.hub.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.kith.hub.crypto.Jcs;
import org.kith.hub.evaluation.MeasureCodes;
import org.kith.schemas.Category;
import org.kith.schemas.MessageType;
import org.kith.schemas.PartnerKind;
import org.kith.schemas.Purpose;
import org.kith.schemas.Violation;

/**
 * Checks one configuration object before it is written anywhere: it must read (known codes, dates,
 * durations), and it must make sense: an agreement between registered partners that does not
 * expire before it starts and lists its measure areas as codes, a routing rule that sends to
 * registered partners, a statute that names what it allows. A file or an API change with any
 * violation changes nothing. A violation names the member (a pointer of the configuration's own
 * member names and indexes) and the rule, never the value given: the administration API returns
 * them as they are.
 */
public final class ConfigValidation {

    /** Ids of agreements, rules and statutes: letters, digits and {@code . _ : -}. */
    public static final String ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9._:-]{0,127}";

    /** The member names of the configuration format: agreements, routing rules, statute rules. */
    private static final Set<String> MEMBERS = Set.of("id", "parties", "purposes", "messageTypes", "categories",
            "effective", "expires", "referralSla", "receipt", "answer", "senderKinds", "senders", "where", "pointer",
            "equals", "to", "toFromFields", "choose", "citation", "recipientKinds", "responsibleAgencyOnly",
            "redisclosureAllowed");

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
        codes(json, "purposes", code -> Purpose.fromCode(code).isPresent(), "a purpose", violations);
        codes(json, "categories", code -> Category.fromCode(code).isPresent(), "a data category", violations);
        codes(json, "messageTypes", code -> reads(() -> MessageType.fromShortName(code)), "a message type", violations);
        codes(json, "senderKinds", code -> reads(() -> PartnerKind.fromCode(code)), "a partner kind", violations);
        codes(json, "recipientKinds", code -> reads(() -> PartnerKind.fromCode(code)), "a partner kind", violations);
        for (String date : List.of("effective", "expires")) {
            if (kind == ConfigKind.AGREEMENT && json.hasNonNull(date) && !reads(() -> LocalDate.parse(json.get(date).asText()))) {
                violations.add(new Violation("/" + date, "must be a date, YYYY-MM-DD"));
            }
        }
        numbers(json, new ArrayList<>(), violations);
        if (!violations.isEmpty()) {
            return violations;
        }
        try {
            kind.parse(json);
        } catch (RuntimeException e) {
            // the parser's message may quote the value: the API says where and what, never that
            return List.of(new Violation("", "does not read as " + kind.objectType() + " (see the configuration format):"
                    + " a member is missing or holds a value of the wrong form"));
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

    /**
     * Every number in the object must be a whole number the ledger can canonicalise ({@link Jcs}: within
     * +/-(2^53 - 1)): the object is written into the ledger's admin-change record as it is, and a
     * fraction there would stop the enforcement core. The pointer names members of the configuration
     * format only; below a member it does not know, it names the object holding it.
     */
    private static void numbers(JsonNode node, List<Object> path, List<Violation> violations) {
        if (node.isNumber()) {
            if (!node.isIntegralNumber() || node.bigIntegerValue().abs().compareTo(BigInteger.valueOf(Jcs.MAX_SAFE_INTEGER)) > 0) {
                violations.add(new Violation(pointer(path), "must be a whole number within +/-(2^53 - 1); carry others as strings"));
            }
        } else if (node.isObject()) {
            node.fields().forEachRemaining(member -> {
                path.add(member.getKey());
                numbers(member.getValue(), path, violations);
                path.remove(path.size() - 1);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                path.add(i);
                numbers(node.get(i), path, violations);
                path.remove(path.size() - 1);
            }
        }
    }

    /** A pointer of {@code path} as far as it names members of the configuration format (or indexes). */
    private static String pointer(List<Object> path) {
        StringBuilder pointer = new StringBuilder();
        for (Object token : path) {
            if (!(token instanceof Integer) && !MEMBERS.contains(token)) {
                break;
            }
            pointer.append('/').append(token);
        }
        return pointer.toString();
    }

    /** Each element of array {@code field} must be a code {@code known} takes; pointers name the element, never its value. */
    private static void codes(JsonNode json, String field, Predicate<String> known, String what, List<Violation> violations) {
        JsonNode array = json.path(field);
        for (int i = 0; i < array.size(); i++) {
            if (!array.get(i).isTextual() || !known.test(array.get(i).asText())) {
                violations.add(new Violation("/" + field + "/" + i, "not " + what + " the hub knows"));
            }
        }
    }

    /** Whether {@code parse} completes: a reader's refusal says only that, never its message (which may quote the value). */
    public static boolean reads(Runnable parse) {
        try {
            parse.run();
            return true;
        } catch (RuntimeException e) {
            return false;
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
