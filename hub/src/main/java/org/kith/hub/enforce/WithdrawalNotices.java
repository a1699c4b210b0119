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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.kith.hub.config.Partners;
import org.kith.hub.ledger.LedgerEvent;
import org.kith.schemas.Json;

/**
 * When a family revokes a consent directive, each partner that received data under it hears of it
 * once: a {@code consent-withdrawn} notice ({@code consent-withdrawn.schema.json}) on its outbound
 * topic (so also to its webhook), signed like every copy, with a ledger record and an entry in the
 * family's accounting of disclosures.
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

    private final AccountingReader accounting;
    private final Partners partners;
    private final SignedCopy copies;

    WithdrawalNotices(AccountingReader accounting, Partners partners, SignedCopy copies) {
        this.accounting = accounting;
        this.partners = partners;
        this.copies = copies;
    }

    /** The notices {@code directiveId}'s revocation owes, from {@code withdrawnFrom}; none when all were told. */
    Effects after(String familyId, String directiveId, Instant withdrawnFrom, String revocationMessageId, Instant now) {
        String basis = LedgerEvent.Decision.DIRECTIVE + directiveId;
        Map<String, List<Disclosure>> received = new LinkedHashMap<>();
        Set<String> told = new HashSet<>();
        for (JsonNode entry : accounting.entries(familyId)) {
            if (entry.path("kind").asText().equals(LedgerEvent.ConsentWithdrawn.KIND)) {
                if (directiveId.equals(entry.at("/body/directiveId").asText())) {
                    told.add(entry.at("/body/recipient").asText());
                }
            } else if (!entry.has("kind") && copied(entry) && contains(entry.path("basis"), basis)) {
                received.computeIfAbsent(entry.path("recipient").asText(), r -> new ArrayList<>())
                        .add(new Disclosure(entry.path("messageId").asText(), entry.path("decisionId").asText(),
                                entry.path("messageType").asText(), entry.path("at").asText(), texts(entry.path("subjects"))));
            }
        }
        Effects out = Effects.none();
        received.forEach((recipient, disclosures) -> {
            if (!told.contains(recipient)) {
                notify(out, familyId, directiveId, recipient, withdrawnFrom, revocationMessageId, disclosures, now);
            }
        });
        return out;
    }

    private void notify(Effects out, String familyId, String directiveId, String recipient, Instant withdrawnFrom,
                        String revocationMessageId, List<Disclosure> disclosures, Instant now) {
        String noticeId = noticeId(familyId, directiveId, recipient);
        boolean registered = partners.find(recipient).isPresent();
        Set<String> subjects = new LinkedHashSet<>();
        disclosures.forEach(d -> subjects.addAll(d.subjects()));
        LedgerEvent.ConsentWithdrawn event = new LedgerEvent.ConsentWithdrawn(noticeId, familyId, directiveId, recipient,
                withdrawnFrom.toString(), revocationMessageId, List.copyOf(subjects),
                disclosures.stream().map(Disclosure::decisionId).toList(),
                registered ? LedgerEvent.ConsentWithdrawn.SENT : LedgerEvent.ConsentWithdrawn.UNREGISTERED);
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

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode item : array) {
            if (value.equals(item.asText())) {
                return true;
            }
        }
        return false;
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
