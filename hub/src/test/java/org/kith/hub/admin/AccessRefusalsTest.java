package org.kith.hub.admin;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kith.connectors.Problem;
import org.kith.connectors.ProblemException;
import org.kith.connectors.rest.PartnerAuthenticator;
import org.kith.hub.ledger.LedgerEvent;
import org.kith.hub.metrics.HubMetrics;
import org.kith.hub.testing.SteppingClock;

/** Refused requests for a family's data: who is named, and how a flood of them is bounded in the ledger. */
class AccessRefusalsTest {

    private static final Instant START = Instant.parse("2026-11-23T12:00:00Z");
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private final SteppingClock clock = new SteppingClock(START);
    private final List<LedgerEvent.AccessRefused> ledger = new CopyOnWriteArrayList<>();
    private final HubMetrics metrics = new HubMetrics();
    private final CamelContext camel = new DefaultCamelContext();
    /** The windows are closed by the test ({@code flush}), not by the background. */
    private final AccessRefusals refusals = new AccessRefusals(ledger::add,
            token -> token.equals("housing-token") ? Optional.of("lakeside-housing") : Optional.empty(), metrics, clock,
            Duration.ofHours(1));

    @AfterEach
    void stop() throws Exception {
        refusals.close();
        camel.close();
    }

    private Exchange request(String familyId) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setHeader(Exchange.HTTP_METHOD, "GET");
        exchange.getMessage().setHeader("familyId", familyId);
        return exchange;
    }

    private Exchange byPartner(String partner, String familyId) {
        Exchange exchange = request(familyId);
        exchange.setProperty(PartnerAuthenticator.SENDER, partner);
        return exchange;
    }

    @Test
    void theFirstRefusalOfAMinuteIsRecordedAtOnceTheRestOnceWithTheirCount() {
        refusals.refused(byPartner("lakeside-housing", "F-1"), "F-1", AccessRefusals.NOT_FOUND);
        await().atMost(DEADLINE).until(() -> ledger.size() == 1);
        assertEquals(1, ledger.get(0).count());
        assertEquals("partner:lakeside-housing", ledger.get(0).actor());
        assertEquals("F-1", ledger.get(0).familyId());

        clock.step(Duration.ofSeconds(5));
        Instant second = clock.instant();
        for (int i = 0; i < 99; i++) {
            clock.step(Duration.ofMillis(100));
            refusals.refused(byPartner("lakeside-housing", "F-1"), "F-1", AccessRefusals.NOT_FOUND);
        }
        assertEquals(List.of(), refusals.flush(clock.instant()), "the minute is not over");
        List<LedgerEvent.AccessRefused> summary = refusals.flush(START.plus(AccessRefusals.WINDOW));
        assertEquals(1, summary.size());
        assertEquals(99, summary.get(0).count());
        assertEquals(second.plusMillis(100).toString(), summary.get(0).first());
        assertEquals(clock.instant().toString(), summary.get(0).last());
        assertEquals(1, ledger.size(), "a hundred refusals, two records");
        assertTrue(metrics.scrape().contains("kith_access_refused_total{reason=\"not-found\"} 100.0"), metrics.scrape());

        clock.step(AccessRefusals.WINDOW);
        refusals.refused(byPartner("lakeside-housing", "F-1"), "F-1", AccessRefusals.NOT_FOUND);
        await().atMost(DEADLINE).until(() -> ledger.size() == 2);
        assertEquals(1, ledger.get(1).count(), "a new minute: a record at once again");
    }

    @Test
    void anActorRefusedForManyFamiliesInAMinuteHasTheRestSummedInOneRecordNamingNone() {
        int families = AccessRefusals.KEYS_PER_ACTOR + 20;
        for (int i = 0; i < families; i++) {
            refusals.refused(byPartner("lakeside-housing", "F-" + i), "F-" + i, AccessRefusals.NOT_FOUND);
        }
        await().atMost(DEADLINE).until(() -> ledger.size() == AccessRefusals.KEYS_PER_ACTOR + 1);
        LedgerEvent.AccessRefused overflow = ledger.get(AccessRefusals.KEYS_PER_ACTOR);
        assertEquals(null, overflow.familyId());
        assertEquals(null, overflow.operation());
        assertEquals(1, overflow.count());
        List<LedgerEvent.AccessRefused> later = refusals.flush(START.plus(AccessRefusals.WINDOW));
        assertEquals(List.of(19L), later.stream().map(LedgerEvent.AccessRefused::count).toList(),
                "seventy families, fifty-two records: fifty named, the rest summed");
        refusals.refused(byPartner("riverside-clinic", "F-1"), "F-1", AccessRefusals.NOT_FOUND);
        await().atMost(DEADLINE).until(() -> ledger.stream().anyMatch(r -> r.actor().equals("partner:riverside-clinic")));
    }

    @Test
    void theActorIsThePartnerOrUserTheCredentialNamesElseAnonymous() {
        Exchange partnerTokenAtTheAdminApi = request("F-1");
        partnerTokenAtTheAdminApi.getMessage().setHeader("Authorization", "Bearer housing-token");
        refusals.refused(partnerTokenAtTheAdminApi, "F-1", AccessRefusals.UNAUTHENTICATED);
        Exchange user = request("F-2");
        user.setProperty(RoleGate.USER, "officer-1");
        refusals.refused(user, "F-2", AccessRefusals.OUT_OF_SCOPE);
        Exchange stranger = request("F-3");
        stranger.getMessage().setHeader("Authorization", "Bearer guessed");
        refusals.refused(stranger, "F-3", AccessRefusals.UNAUTHENTICATED);

        await().atMost(DEADLINE).until(() -> ledger.size() == 3);
        assertEquals(List.of("partner:lakeside-housing", "user:officer-1", "anonymous"),
                ledger.stream().map(LedgerEvent.AccessRefused::actor).toList());
        assertTrue(ledger.stream().noneMatch(r -> r.toString().contains("guessed") || r.toString().contains("housing-token")),
                "no credential in the ledger");
    }

    @Test
    void aWatchedStepRecordsTheRefusalItAnswersAndLetsItThrough() {
        Exchange exchange = byPartner("lakeside-housing", "F-1");
        ProblemException notYours = new ProblemException(Problem.of(404, "not-found", "No such referral", "none"));
        assertThrows(ProblemException.class, () -> refusals.watching(e -> {
            throw notYours;
        }).process(exchange));
        ProblemException badId = new ProblemException(Problem.of(400, "bad-id", "Not an id", "no"));
        assertThrows(ProblemException.class, () -> refusals.watching(e -> {
            throw badId;
        }).process(byPartner("lakeside-housing", "F-2")));

        await().atMost(DEADLINE).until(() -> ledger.size() == 1);
        assertEquals(AccessRefusals.NOT_FOUND, ledger.get(0).reason());
        assertEquals("F-1", ledger.get(0).familyId(), "a bad request is not a refused access");
    }
}
