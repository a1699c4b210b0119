package org.kith.hub.ledger;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.kith.consent.engine.ReasonCode;
import org.kith.schemas.Json;
import org.kith.schemas.MessageType;

/**
 * The accounting of disclosures for a family, or for one of its members: every disclosure and every
 * withholding the hub decided, with date, recipient, message type, categories, purpose and basis
 * (consent directive, legal authority, agreement), each also as one plain-language sentence. Read
 * from the ledger's decision records; it holds ids and codes only, like the ledger, and only the
 * records of the family asked about: a record of any other family is never part of it.
 */
public final class Accounting {

    /**
     * One decision as the accounting shows it.
     *
     * @param decisionId   the decision's id, as the ledger and the copy's {@code Kith-Decision-Id} name it
     * @param breakGlass   the child-safety emergencies the decision rested on, each with who declared it
     *                     and why; empty when none did
     * @param redeliveryOf for a copy decided again because an operator redelivered it, the dead letter
     *                     ({@code <topic>/<offset>}); else null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(Instant at, String familyId, List<String> subjects, String sender, String recipient,
                        String messageType, String purpose, String outcome, List<String> categories,
                        List<String> withheld, List<String> basis, String sentence, String decisionId,
                        List<BreakGlass> breakGlass, String redeliveryOf) {
        public Entry {
            subjects = List.copyOf(subjects);
            categories = List.copyOf(categories);
            withheld = List.copyOf(withheld);
            basis = List.copyOf(basis);
            breakGlass = List.copyOf(breakGlass);
        }

        Entry withSentence(String words) {
            return new Entry(at, familyId, subjects, sender, recipient, messageType, purpose, outcome, categories,
                    withheld, basis, words, decisionId, breakGlass, redeliveryOf);
        }
    }

    /**
     * A child-safety emergency (break-glass) a disclosure rested on, as its authority's ledger record
     * says: who declared it, how the hub knew them, and why.
     *
     * @param verifiedBy {@code admin-api} or {@code identity-provider}
     */
    public record BreakGlass(String authorityId, String declaredBy, String verifiedBy, String justification) {
    }

    private Accounting() {
    }

    /**
     * The entries of {@code familyId} (and of {@code person} among its members, if given) among
     * {@code records}: decision bodies with their {@code at}, as the ledger writes them. Oldest first.
     */
    public static List<Entry> of(String familyId, Optional<String> person, Iterable<JsonNode> records) {
        List<JsonNode> decisions = new ArrayList<>();
        Map<String, TreeMap<Instant, BreakGlass>> emergencies = new HashMap<>();
        for (JsonNode record : records) {
            JsonNode body = record.has("body") ? record.get("body") : record;
            if (!familyId.equals(body.path("familyId").asText())) {
                continue;
            }
            String kind = record.has("kind") ? record.get("kind").asText() : "decision";
            if (kind.equals("consent-recorded") && body.path("emergency").isObject()) {
                JsonNode emergency = body.get("emergency");
                emergencies.computeIfAbsent(body.path("documentId").asText(), id -> new TreeMap<>())
                        .put(Instant.parse(record.get("at").asText()), new BreakGlass(body.path("documentId").asText(),
                                emergency.path("declaredBy").asText(), emergency.path("verifiedBy").asText(),
                                emergency.path("justification").asText()));
            } else if (kind.equals("decision") || kind.equals(LedgerEvent.ConsentWithdrawn.KIND)) {
                decisions.add(record);
            }
        }
        List<Entry> entries = new ArrayList<>();
        for (JsonNode record : decisions) {
            JsonNode body = record.has("body") ? record.get("body") : record;
            List<String> subjects = texts(body.get("subjects"));
            if (person.isPresent() && !subjects.contains(person.get())) {
                continue;
            }
            Instant at = Instant.parse(record.get("at").asText());
            entries.add(record.path("kind").asText().equals(LedgerEvent.ConsentWithdrawn.KIND)
                    ? withdrawal(at, body, subjects) : entry(at, body, subjects, emergencies));
        }
        // a notice of withdrawal speaks of the copies before it: at the same instant, it comes after them
        entries.sort(Comparator.comparing(Entry::at)
                .thenComparing(entry -> entry.messageType().equals(LedgerEvent.ConsentWithdrawn.KIND)));
        return entries;
    }

    private static Entry entry(Instant at, JsonNode body, List<String> subjects,
                               Map<String, TreeMap<Instant, BreakGlass>> emergencies) {
        String type = MessageType.fromTypeName(body.path("messageType").asText()).map(MessageType::shortName)
                .orElse(body.path("messageType").asText());
        List<String> basis = texts(body.get("basis"));
        Entry unsaid = new Entry(at, body.path("familyId").asText(), subjects, body.path("sender").asText(),
                body.path("recipient").asText(), type, body.path("purpose").asText(), body.path("outcome").asText(),
                texts(body.get("categories")), texts(body.get("withheld")), basis, "",
                body.path("decisionId").asText(null), breakGlass(basis, at, emergencies),
                body.at("/redeliveryOf/deadLetter").asText(null));
        return unsaid.withSentence(sentence(unsaid));
    }

    /** The sender the accounting names for the hub's own notices. */
    public static final String HUB = "hub";
    /** The outcome of a consent-withdrawn notice sent, and of one its recipient could not be sent. */
    public static final String NOTIFIED = "notified";
    public static final String NOT_NOTIFIED = "not-notified";

    /** A past recipient told (or, no longer registered, not told) that a directive was withdrawn. */
    private static Entry withdrawal(Instant at, JsonNode body, List<String> subjects) {
        String directive = body.path("directiveId").asText();
        boolean sent = LedgerEvent.ConsentWithdrawn.SENT.equals(body.path("sent").asText());
        Entry unsaid = new Entry(at, body.path("familyId").asText(), subjects, HUB, body.path("recipient").asText(),
                LedgerEvent.ConsentWithdrawn.KIND, "consent-management", sent ? NOTIFIED : NOT_NOTIFIED, List.of(),
                List.of(), List.of(LedgerEvent.Decision.DIRECTIVE + directive), "", body.path("noticeId").asText(null),
                List.of(), null);
        String day = LocalDate.ofInstant(at, ZoneOffset.UTC).toString();
        int copies = body.path("decisionIds").size();
        String what = copies + (copies == 1 ? " copy" : " copies");
        String how = body.hasNonNull("replacedBy")
                ? " was replaced by " + body.path("replacedBy").asText() + ", which no longer covers "
                        + String.join(", ", texts(body.get("categories"))) + " for it, from "
                : " was withdrawn from ";
        return unsaid.withSentence(sent
                ? "On " + day + " " + unsaid.recipient() + " was told that consent directive " + directive
                        + how + body.path("withdrawnFrom").asText() + ": it may no longer pass on what it"
                        + " received under it (" + what + "), nor keep using it on that basis."
                : "On " + day + " " + unsaid.recipient() + " could not be told that consent directive " + directive
                        + " was withdrawn (it had received " + what + " under it): it is no longer a registered partner.");
    }

    /** The emergencies among {@code basis}, each as declared when the decision was made (its latest record by then). */
    private static List<BreakGlass> breakGlass(List<String> basis, Instant at,
                                               Map<String, TreeMap<Instant, BreakGlass>> emergencies) {
        List<BreakGlass> used = new ArrayList<>();
        for (String b : basis) {
            if (b.startsWith(LedgerEvent.Decision.AUTHORITY)) {
                Optional.ofNullable(emergencies.get(b.substring(LedgerEvent.Decision.AUTHORITY.length())))
                        .map(declared -> declared.floorEntry(at)).ifPresent(declared -> used.add(declared.getValue()));
            }
        }
        return used;
    }

    /** E.g. "On 2026-11-23 riverside-clinic received a referral about F-1-C1 from county-cw (identity, service data) ...". */
    static String sentence(Entry e) {
        String day = LocalDate.ofInstant(e.at(), ZoneOffset.UTC).toString();
        String about = e.subjects().isEmpty() ? "" : " about " + String.join(", ", e.subjects());
        StringBuilder s = new StringBuilder("On ").append(day).append(' ');
        String again = e.redeliveryOf() == null ? ""
                : " It was decided again when an operator redelivered a copy the recipient's system had refused.";
        if (e.outcome().equals("deny")) {
            s.append(e.recipient()).append(" did not receive a ").append(e.messageType()).append(about)
                    .append(" from ").append(e.sender()).append(": ").append(withholdings(e.withheld())).append('.');
            return s.append(again).toString();
        }
        s.append(e.recipient()).append(" received a ").append(e.messageType()).append(about).append(" from ")
                .append(e.sender()).append(" (").append(String.join(", ", e.categories())).append(" data) for ")
                .append(e.purpose()).append(", on the basis of ").append(bases(e.basis(), e.breakGlass()));
        if (!e.withheld().isEmpty()) {
            s.append("; ").append(withholdings(e.withheld())).append(" and removed from the copy");
        }
        return s.append('.').append(again).toString();
    }

    private static String withholdings(List<String> withheld) {
        List<String> parts = new ArrayList<>();
        for (String w : withheld) {
            int colon = w.indexOf(':');
            String category = colon < 0 ? w : w.substring(0, colon);
            String reason = colon < 0 ? "" : w.substring(colon + 1);
            parts.add(category + " data was withheld because " + phrase(reason));
        }
        return String.join("; ", parts);
    }

    private static String phrase(String code) {
        if (code.equals("unknown-recipient")) {
            return "the recipient is not a registered partner";
        }
        return Arrays.stream(ReasonCode.values()).filter(r -> r.code().equals(code)).findFirst()
                .map(ReasonCode::phrase).orElse(code);
    }

    private static String bases(List<String> basis, List<BreakGlass> breakGlass) {
        List<String> parts = new ArrayList<>();
        for (String b : basis) {
            String authority = b.substring(Math.min(b.length(), LedgerEvent.Decision.AUTHORITY.length()));
            Optional<BreakGlass> emergency = breakGlass.stream().filter(g -> g.authorityId().equals(authority)).findFirst();
            if (b.startsWith(LedgerEvent.Decision.DIRECTIVE)) {
                parts.add("consent directive " + b.substring(LedgerEvent.Decision.DIRECTIVE.length()));
            } else if (b.startsWith(LedgerEvent.Decision.AUTHORITY) && emergency.isPresent()) {
                parts.add("child-safety emergency access " + authority + " declared by " + emergency.get().declaredBy()
                        + " (\"" + emergency.get().justification() + "\")");
            } else if (b.startsWith(LedgerEvent.Decision.AUTHORITY)) {
                parts.add("legal authority " + authority);
            } else if (b.startsWith(LedgerEvent.Decision.AGREEMENT)) {
                parts.add("data-sharing agreement " + b.substring(LedgerEvent.Decision.AGREEMENT.length()));
            } else {
                parts.add(b);
            }
        }
        return parts.isEmpty() ? "no recorded basis" : String.join(" and ", parts);
    }

    /** The accounting as JSON: {@code {"familyId", "person", "entries": [...]}}. */
    public static ObjectNode json(String familyId, Optional<String> person, List<Entry> entries) {
        ObjectNode root = Json.mapper().createObjectNode().put("familyId", familyId);
        person.ifPresent(p -> root.put("person", p));
        ArrayNode list = root.putArray("entries");
        entries.forEach(e -> list.add((JsonNode) Json.mapper().valueToTree(e)));
        return root;
    }

    /** The accounting as a printable HTML page, every value escaped. */
    public static String html(String familyId, Optional<String> person, List<Entry> entries) {
        String title = "Accounting of disclosures: family " + familyId + person.map(p -> ", member " + p).orElse("");
        StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(escape(title)).append("</title><style>body{font-family:sans-serif;margin:2em}"
                        + "table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;padding:4px;"
                        + "vertical-align:top;text-align:left}@media print{body{margin:0}}</style></head><body><h1>")
                .append(escape(title)).append("</h1><p>Every time the hub sent, or did not send, information about ")
                .append(person.isPresent() ? "this person" : "this family")
                .append(" to a partner, from the hub's tamper-evident ledger. ").append(entries.size())
                .append(" entries.</p><table><tr><th>Date</th><th>Recipient</th><th>Message</th><th>Outcome</th>"
                        + "<th>Categories sent</th><th>Withheld</th><th>Purpose</th><th>Basis</th><th>Break glass</th>"
                        + "<th>In words</th></tr>\n");
        for (Entry e : entries) {
            h.append("<tr><td>").append(escape(LocalDate.ofInstant(e.at(), ZoneOffset.UTC).toString()))
                    .append("</td><td>").append(escape(e.recipient())).append("</td><td>").append(escape(e.messageType()))
                    .append("</td><td>").append(escape(e.outcome())).append("</td><td>")
                    .append(escape(String.join(", ", e.categories()))).append("</td><td>")
                    .append(escape(String.join(", ", e.withheld()))).append("</td><td>").append(escape(e.purpose()))
                    .append("</td><td>").append(escape(String.join(", ", e.basis()))).append("</td><td>")
                    .append(escape(String.join("; ", e.breakGlass().stream().map(g -> g.authorityId() + ": declared by "
                            + g.declaredBy() + " (" + g.verifiedBy() + "): " + g.justification()).toList())))
                    .append("</td><td>").append(escape(e.sentence())).append("</td></tr>\n");
        }
        return h.append("</table></body></html>\n").toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        if (array != null) {
            array.forEach(v -> values.add(v.asText()));
        }
        return values;
    }
}
