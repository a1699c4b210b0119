package org.kith.hub.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.kith.hub.crypto.KeyRing;
import org.kith.hub.crypto.SigningKey;
import org.kith.hub.testing.SteppingClock;
import org.kith.schemas.Json;

/** A ledger chain of payload-free records with checkpoints, made from a seed, and helpers to edit its lines. */
final class LedgerFixture {

    static final Instant START = Instant.parse("2026-11-20T14:00:00Z");

    final SteppingClock clock = new SteppingClock(START);
    final KeyRing keys;
    final HashChain chain;
    final List<String> lines = new ArrayList<>();
    private final Random random;

    LedgerFixture(long seed, int maxRecords) {
        this.random = new Random(seed);
        byte[] keySeed = new byte[32];
        random.nextBytes(keySeed);
        this.keys = KeyRing.of(SigningKey.fromSeed(keySeed), clock);
        this.chain = new HashChain(HashChain.State.empty("kith.ledger-0"),
                new HashChain.Policy(maxRecords, Duration.ofHours(1)), keys, TimestampHook.NONE, clock);
    }

    /** Appends {@code count} records (one second apart), keeping every line the chain returns. */
    LedgerFixture append(int count) {
        for (int i = 0; i < count; i++) {
            clock.step(Duration.ofSeconds(1));
            chain.append(event(random)).forEach(r -> lines.add(r.toLine()));
        }
        return this;
    }

    static LedgerEvent event(Random random) {
        int n = random.nextInt(1_000_000);
        return switch (random.nextInt(5)) {
            case 0 -> new LedgerEvent.Decision("d-" + n, "m-" + n, "org.kith.referral.v1", "F-" + n % 97, List.of("P-" + n % 7),
                    "county-cw",
                    "riverside-clinic", "referral", random.nextBoolean() ? "permit" : "deny",
                    List.of("administrative", "service"), List.of("behavioral-health:not-in-agreement"),
                    List.of("D-" + n % 13, "MOU-1"), List.of("not-in-agreement"), List.of("agreement-required"),
                    "kith-consent/1+us-example@2026.1");
            case 1 -> new LedgerEvent.Delivery("d-" + n, "m-" + n, "riverside-clinic", "webhook",
                    "ab".repeat(32), "kid-" + n % 3);
            case 2 -> new LedgerEvent.Refusal("county-cw", "evt-" + n, "replayed", "cd".repeat(32));
            case 3 -> new LedgerEvent.AccessRefused("partner:lakeside-housing", "GET /v1/referrals/{familyId}/{referralId}",
                    "F-" + n % 97, "not-found", 1 + n % 5, START.toString(), START.plusSeconds(n % 60).toString());
            default -> new LedgerEvent.ConsentRecorded("consent-directive", "D-" + n, "F-" + n % 97, "m-" + n,
                    "county-cw", "permit", List.of());
        };
    }

    static ObjectNode node(String line) {
        try {
            return (ObjectNode) Json.mapper().readTree(line);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static String line(JsonNode node) {
        return node.toString();
    }

    /** The node with its hash recomputed (what a forger who knows the format does). */
    static ObjectNode rehash(ObjectNode node) {
        node.put("hash", LedgerRecord.hashOf(node));
        return node;
    }

    static boolean isCheckpoint(String line) {
        return line.contains("\"kind\":\"checkpoint\"");
    }

    static long seq(String line) {
        return node(line).get("seq").longValue();
    }
}
