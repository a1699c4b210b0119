package org.kith.hub.flow;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kith.hub.testing.ClinicHub.accepted;
import static org.kith.hub.testing.ClinicHub.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.kith.hub.config.HubOption;
import org.kith.hub.deadletter.DeadLetterReplay;
import org.kith.hub.demo.DemoMessages;
import org.kith.hub.demo.PartnerWebhookServer;
import org.kith.hub.testing.AgencyAndClinic;
import org.kith.hub.testing.ClinicHub;
import org.kith.hub.testing.KafkaBrokers;
import org.kith.hub.topics.TopicReader;

/**
 * Webhook egress on a real broker when the partner misbehaves: a partner that is down gets every
 * copy, in order per family, once it is back (its circuit breaker opened meanwhile), and a copy the
 * partner refuses for good goes to the partner's dead letters, with a final-failure ledger record,
 * while the later copies flow.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookResilienceIT {

    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final String AGENCY = AgencyAndClinic.AGENCY;
    private static final String CLINIC = AgencyAndClinic.CLINIC;
    private static final String AGENCY_TOKEN = "agency-token-for-tests-only";

    private ClinicHub running;

    @BeforeAll
    void startHub(@TempDir Path dir) {
        running = ClinicHub.start(dir, AGENCY_TOKEN, KafkaBrokers.Kind.EMBEDDED, getClass().getSimpleName(),
                Map.of(HubOption.WEBHOOK_BREAKER_OPEN_MS.key(), "1000"));
    }

    @AfterAll
    void stopHub() {
        if (running != null) {
            running.close();
        }
    }

    @Test
    void aPartnerThatWasDownGetsEveryCopyInOrderPerFamilyOnceItIsBack() {
        Map<String, List<String>> sent = new LinkedHashMap<>();
        for (String family : List.of("F-300", "F-301")) {
            accepted(running.agency().publish(DemoMessages.profile(AGENCY, family)));
            accepted(running.agency().publish(DemoMessages.consent(AGENCY, family, "D-" + family, CLINIC)));
        }
        running.clinic().failNext(Integer.MAX_VALUE);
        for (int n = 0; n < 3; n++) {
            for (String family : List.of("F-300", "F-301")) {
                sent.computeIfAbsent(family, f -> new ArrayList<>()).add(
                        accepted(running.agency().publish(
                                DemoMessages.referral(AGENCY, family, "R-" + family + "-" + n, CLINIC))));
            }
        }

        await().atMost(DEADLINE).until(() -> metric("kith_webhook_breaker_opened_total") >= 1);
        assertTrue(metric("kith_webhook_breaker_state") >= 1, "open, or probing the partner that is still down");
        running.clinic().failNext(0);

        Set<String> all = sent.values().stream().flatMap(List::stream).collect(Collectors.toSet());
        await().atMost(DEADLINE).until(() -> delivered().containsAll(all));
        List<String> keys = running.clinic().deliveries().stream().map(PartnerWebhookServer.Delivery::idempotencyKey)
                .filter(all::contains).toList();
        assertEquals(all, Set.copyOf(keys), "exactly the copies sent");
        assertEquals(all.size(), keys.size(), "each once: distinct idempotency keys, no copy twice");
        sent.forEach((family, ids) -> assertEquals(ids, keys.stream().filter(ids::contains).toList(),
                "in order for family " + family));
        await().atMost(DEADLINE).until(() -> metric("kith_webhook_breaker_state") == 0.0);
    }

    @Test
    void aCopyThePartnerRefusesGoesToItsDeadLettersIsRecordedAsFailedAndLaterCopiesFlow() {
        running.clinic().refuse("R-310-refused", 422);
        accepted(running.agency().publish(DemoMessages.profile(AGENCY, "F-310")));
        accepted(running.agency().publish(DemoMessages.consent(AGENCY, "F-310", "D-310", CLINIC)));
        String refused = accepted(running.agency().publish(
                DemoMessages.referral(AGENCY, "F-310", "R-310-refused", CLINIC)));
        String later = accepted(running.agency().publish(DemoMessages.referral(AGENCY, "F-310", "R-311", CLINIC)));

        await().atMost(DEADLINE).until(() -> delivered().contains(later));
        assertFalse(delivered().contains(refused), "the refused copy was not delivered");

        JsonNode letter = await().atMost(DEADLINE).until(() -> TopicReader.readAll(running.hub().bootstrapServers(),
                        running.hub().topics().webhookDeadLetter(CLINIC)).stream().map(r -> json(r.value()))
                .filter(n -> refused.equals(n.path("messageId").asText())).findFirst(), Optional::isPresent).get();
        assertEquals("refused-by-partner", letter.get("reason").asText());
        assertEquals(422, letter.get("status").asInt());
        assertEquals(CLINIC, letter.get("partner").asText());
        assertEquals("F-310", letter.get("key").asText());

        JsonNode failed = await().atMost(DEADLINE).until(() -> ledger("delivery-failed", refused), Optional::isPresent).get();
        assertEquals("http-422", failed.at("/body/reason").asText());
        assertEquals(CLINIC, failed.at("/body/recipient").asText());
        await().atMost(DEADLINE).until(() -> ledger("delivery", later), Optional::isPresent);
        await().atMost(DEADLINE).until(() -> metric("kith_webhook_deadletters_total") >= 1);

        // the partner fixes the cause; an operator delivers the refused copy again, unchanged
        running.clinic().accept("R-310-refused");
        var deadLetters = new DeadLetterReplay(running.hub().bootstrapServers(), running.hub().topics());
        DeadLetterReplay.Summary summary = deadLetters.list(Optional.of(CLINIC)).stream()
                .filter(s -> s.key().equals("F-310")).findFirst().orElseThrow();
        assertEquals("refused-by-partner", summary.reason());
        deadLetters.redeliver(CLINIC, summary.offset(), "ops-1");
        await().atMost(DEADLINE).until(() -> delivered().contains(refused));
        var again = running.clinic().deliveries().stream().filter(d -> d.idempotencyKey().equals(refused)).findFirst()
                .orElseThrow();
        assertTrue(again.body().contains("R-310-refused"), "the same copy, with the same Idempotency-Key");
        await().atMost(DEADLINE).until(() -> ledger("delivery", refused), Optional::isPresent);
    }

    private Set<String> delivered() {
        return running.clinic().deliveries().stream().map(PartnerWebhookServer.Delivery::idempotencyKey)
                .collect(Collectors.toSet());
    }

    private Optional<JsonNode> ledger(String kind, String messageId) {
        return TopicReader.readAll(running.hub().bootstrapServers(), running.hub().topics().ledger()).stream()
                .map(r -> json(r.value()))
                .filter(n -> kind.equals(n.path("kind").asText()) && messageId.equals(n.at("/body/messageId").asText()))
                .findFirst();
    }

    /** The clinic's series of a metric in the Prometheus text, or -1 if it is not there. */
    private double metric(String name) {
        String series = name + "{partner=\"" + CLINIC + "\"}";
        return running.hub().metrics().scrape().lines().filter(line -> line.startsWith(series + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(series.length() + 1).trim())).orElse(-1.0);
    }

}
