package org.kith.hub.enforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.kith.consent.model.Directive;
import org.kith.hub.config.Partners;
import org.kith.hub.ledger.LedgerEvent;
import org.kith.schemas.Category;
import org.kith.schemas.Json;
import org.kith.schemas.Purpose;

/**
 * When a family revokes a consent directive, each partner that received data under it hears of it
 * once: a {@code consent-withdrawn} notice ({@code consent-withdrawn.schema.json}) on its outbound
 * topic (so also to its webhook), signed like every copy, with a ledger record and an entry in the
 * family's accounting of disclosures. A directive replaced by a narrower one is withdrawn for what
 * the new one no longer covers: each past recipient that loses a category it received (or is no
 * longer covered at all) is told, naming those categories; one still covered for all it received
 * is not. A directive that ends on its own date was agreed to end then: no notice.
 *
 * <p>Who received data under the directive is read from the family's accounting store, the
 * changelogged store of the family's own task in which every decision was recorded in the
 * transaction that released its copy: a decision that sent a copy ({@code permit} or
 * {@code redact}) and rests on {@code directive:<id>}. The revocation is in the same keyed stream, so
 * every copy released before it is there, whichever instance released it and after any restart.
 * The notices go in the revocation's transaction, and their accounting entries with them: a
 * recipient already told of this directive is never told again (a second revocation, a revocation
 * replayed after its message id was forgotten); a second copy of the same revocation is not decided
 * at all ({@link DecidedMessages}).
 */
final class WithdrawalNotices {

    /** The CloudEvents type of the notice. */
    static final String TYPE = "org.kith." + LedgerEvent.ConsentWithdrawn.KIND + ".v1";
    static final String SOURCE = "urn:kith:hub";
    static final String SCHEMA = "https://schemas.kith.org/v1/" + LedgerEvent.ConsentWithdrawn.KIND + ".schema.json";
    /** The most disclosures one notice lists; the rest are counted. */
    static final int MAX_LISTED = 500;

    /** Reads a family's accounting entries, oldest first (the enforcement core's accounting store). */
    interface AccountingReader {
        List<JsonNode> entries(String familyId);

        static AccountingReader of(ReadOnlyKeyValueStore<String, String> store) {
            return familyId -> {
                List<JsonNode> found = new ArrayList<>();
                try (KeyValueIterator<String, String> range = store.range(familyId + "|", familyId + "|~")) {
                    range.forEachRemaining(entry -> found.add(json(entry.value)));
                }
                return found;
            };
        }
    }

    /** One copy a recipient received under the directive. */
    private record Disclosure(String messageId, String decisionId, String messageType, String at, List<String> subjects) {
    }

    /** Whether a directive covers a recipient for a purpose and a data category (ids and codes as the accounting has them). */
    interface Coverage {
        boolean covers(String recipient, String purpose, String category);

        /** What a revoked directive leaves covered. */
        Coverage NOTHING = (recipient, purpose, category) -> false;

        /**
         * What {@code directive} covers: a permit, for a recipient it names or whose kind it names
         * (never substance-use records by kind alone: 42 CFR Part 2 needs a named recipient), for
         * its purposes and categories.
         */
        static Coverage of(Directive directive, Partners partners) {
            if (!directive.isPermit()) {
                return NOTHING;
            }
            return (recipient, purpose, category) -> {
                Optional<Category> read = Category.fromCode(category);
                boolean named = directive.recipients().named().contains(recipient);
                boolean byKind = !read.equals(Optional.of(Category.SUBSTANCE_USE)) && partners.find(recipient)
                        .map(partner -> directive.recipients().kinds().contains(partner.kind())).orElse(false);
                return (named || byKind) && read.map(directive.categories()::contains).orElse(false)
                        && Purpose.fromCode(purpose).map(directive.purposes()::contains).orElse(false);
            };
        }
    }

    /** A directive and what it covered. */
    record Link(String directiveId, Coverage covered) {
    }

    /**
     * What ended a directive, and what it still owes its past recipients.
     *
     * @param chain       the directive withdrawn, then the directives it replaced in turn (as far as their
     *                    documents are kept): copies received under one of those it replaced were carried
     *                    on by each later one, for what each later one still covered
     * @param from        from when the directive no longer holds
     * @param messageId   the message that withdrew it: the revocation, or the directive replacing it
     * @param replacedBy  the directive replacing it; empty for a revocation
     * @param remaining   what the replacing directive still covers ({@link Coverage#NOTHING} for a revocation)
     */
    record Withdrawal(List<Link> chain, Instant from, String messageId, Optional<String> replacedBy,
                      Coverage remaining) {
        Withdrawal {
            chain = List.copyOf(chain);
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("a withdrawal names the directive withdrawn");
            }
        }

        /** A revocation of {@code chain}'s first directive. */
        static Withdrawal revocation(List<Link> chain, Instant from, String messageId) {
            return new Withdrawal(chain, from, messageId, Optional.empty(), Coverage.NOTHING);
        }

        String directiveId() {
            return chain.get(0).directiveId();
        }
    }

    private final AccountingReader accounting;
    private final Partners partners;
    private final SignedCopy copies;

    WithdrawalNotices(AccountingReader accounting, Partners partners, SignedCopy copies) {
        this.accounting = accounting;
        this.partners = partners;
        this.copies = copies;
    }

    /** The registered partners, whose kinds say which recipients a general designation covers. */
    Partners partners() {
        return partners;
    }

    /** The notices {@code directiveId}'s revocation owes, from {@code withdrawnFrom}; none when all were told. */
    Effects after(String familyId, String directiveId, Instant withdrawnFrom, String revocationMessageId, Instant now) {
        return after(familyId, Withdrawal.revocation(List.of(new Link(directiveId, Coverage.NOTHING)), withdrawnFrom,
                revocationMessageId), now);
    }

    /**
     * The notices {@code withdrawal} owes: to each past recipient that loses coverage of something
     * it received, once per directive. A copy received under a directive of the chain counts for the
     * categories every later directive of the chain carried on; of those, what the replacing
     * directive still covers for the recipient (for the copy's purpose) is not withdrawn. A recipient
     * left covered for everything it received is not told.
     */
    Effects after(String familyId, Withdrawal withdrawal, Instant now) {
        String directiveId = withdrawal.directiveId();
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < withdrawal.chain().size(); i++) {
            position.putIfAbsent(LedgerEvent.Decision.DIRECTIVE + withdrawal.chain().get(i).directiveId(), i);
        }
        Map<String, List<Disclosure>> received = new LinkedHashMap<>();
        Map<String, Set<String>> lost = new LinkedHashMap<>();
        Set<String> told = new HashSet<>();
        for (JsonNode entry : accounting.entries(familyId)) {
            if (entry.path("kind").asText().equals(LedgerEvent.ConsentWithdrawn.KIND)) {
                if (directiveId.equals(entry.at("/body/directiveId").asText())) {
                    told.add(entry.at("/body/recipient").asText());
                }
            } else if (!entry.has("kind") && copied(entry)) {
                int link = link(entry.path("basis"), position);
                if (link < 0) {
                    continue;
                }
                String recipient = entry.path("recipient").asText();
                String purpose = entry.path("purpose").asText();
                Set<String> withdrawn = new TreeSet<>();
                for (String category : texts(entry.path("categories"))) {
                    if (carried(withdrawal.chain(), link, recipient, purpose, category)
                            && !withdrawal.remaining().covers(recipient, purpose, category)) {
                        withdrawn.add(category);
                    }
                }
                if (withdrawn.isEmpty() && (link > 0 || withdrawal.replacedBy().isPresent())) {
                    continue;
                }
                lost.computeIfAbsent(recipient, r -> new TreeSet<>()).addAll(withdrawn);
                received.computeIfAbsent(recipient, r -> new ArrayList<>())
                        .add(new Disclosure(entry.path("messageId").asText(), entry.path("decisionId").asText(),
                                entry.path("messageType").asText(), entry.path("at").asText(), texts(entry.path("subjects"))));
            }
        }
        Effects out = Effects.none();
        received.forEach((recipient, disclosures) -> {
            if (!told.contains(recipient)) {
                notify(out, familyId, withdrawal, recipient, List.copyOf(lost.get(recipient)), disclosures, now);
            }
        });
        return out;
    }

    /** The chain position of the earliest-ended directive a copy rests on; -1 for none of them. */
    private static int link(JsonNode basis, Map<String, Integer> position) {
        int found = -1;
        for (JsonNode item : basis) {
            Integer at = position.get(item.asText());
            if (at != null && (found < 0 || at < found)) {
                found = at;
            }
        }
        return found;
    }

    /** Whether each directive that replaced the copy's own, up to the one withdrawn, carried this category on. */
    private static boolean carried(List<Link> chain, int link, String recipient, String purpose, String category) {
        for (int later = link - 1; later >= 0; later--) {
            if (!chain.get(later).covered().covers(recipient, purpose, category)) {
                return false;
            }
        }
        return true;
    }

    private void notify(Effects out, String familyId, Withdrawal withdrawal, String recipient, List<String> categories,
                        List<Disclosure> disclosures, Instant now) {
        String directiveId = withdrawal.directiveId();
        String noticeId = noticeId(familyId, directiveId, recipient);
        boolean registered = partners.find(recipient).isPresent();
        Set<String> subjects = new LinkedHashSet<>();
        disclosures.forEach(d -> subjects.addAll(d.subjects()));
        LedgerEvent.ConsentWithdrawn event = new LedgerEvent.ConsentWithdrawn(noticeId, familyId, directiveId, recipient,
                withdrawal.from().toString(), withdrawal.messageId(), List.copyOf(subjects),
                disclosures.stream().map(Disclosure::decisionId).toList(),
                registered ? LedgerEvent.ConsentWithdrawn.SENT : LedgerEvent.ConsentWithdrawn.UNREGISTERED,
                withdrawal.replacedBy().orElse(null), withdrawal.replacedBy().isPresent() ? categories : null);
        if (registered) {
            out.add(copies.notice(familyId, recipient, noticeId, directiveId, cloudEvent(noticeId, familyId, recipient,
                    directiveId, now), data(event, disclosures)));
        }
        ObjectNode record = Json.mapper().createObjectNode().put("kind", event.kind()).put("at", now.toString());
        record.set("body", Json.mapper().valueToTree(event));
        out.ledger(event).add(new Effect.Accounting(EnforcementTopology.accountingKey(familyId, now, noticeId),
                record.toString()));
    }

    /** The notice's CloudEvents attributes (Kafka binding), its only addressee the recipient. */
    private static Map<String, String> cloudEvent(String noticeId, String familyId, String recipient, String directiveId,
                                                  Instant now) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ce_specversion", "1.0");
        headers.put("ce_id", noticeId);
        headers.put("ce_source", SOURCE);
        headers.put("ce_type", TYPE);
        headers.put("ce_subject", directiveId);
        headers.put("ce_time", now.atOffset(ZoneOffset.UTC).toString());
        headers.put("ce_dataschema", SCHEMA);
        headers.put("ce_familyid", familyId);
        headers.put("ce_purpose", "consent-management");
        headers.put("ce_recipients", recipient);
        headers.put("content-type", "application/json");
        return headers;
    }

    private static byte[] data(LedgerEvent.ConsentWithdrawn event, List<Disclosure> disclosures) {
        ObjectNode data = Json.mapper().createObjectNode().put("noticeId", event.noticeId())
                .put("familyId", event.familyId()).put("directiveId", event.directiveId())
                .put("withdrawnFrom", event.withdrawnFrom()).put("revocationMessageId", event.revocationMessageId());
        if (event.replacedBy() != null) {
            data.put("replacedBy", event.replacedBy());
            event.categories().forEach(data.putArray("categories")::add);
        }
        ArrayNode listed = data.putArray("disclosures");
        disclosures.stream().limit(MAX_LISTED).forEach(d -> listed.addObject().put("messageId", d.messageId())
                .put("decisionId", d.decisionId()).put("messageType", d.messageType()).put("at", d.at()));
        if (disclosures.size() > MAX_LISTED) {
            data.put("disclosuresOmitted", disclosures.size() - MAX_LISTED);
        }
        return data.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Stable per family, directive and recipient: every delivery of the one notice has the same Idempotency-Key. */
    static String noticeId(String familyId, String directiveId, String recipient) {
        return UUID.nameUUIDFromBytes(("consent-withdrawn|" + familyId + "|" + directiveId + "|" + recipient)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static boolean copied(JsonNode decision) {
        String outcome = decision.path("outcome").asText();
        return outcome.equals("permit") || outcome.equals("redact");
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
