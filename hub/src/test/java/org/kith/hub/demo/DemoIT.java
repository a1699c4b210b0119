package org.kith.hub.demo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The demo a newcomer runs first (`./kith demo --once`) plays its scenario to the end on its own
 * broker: the agency signs, the clinic checks the hub's signature, a replay is refused and recorded.
 */
class DemoIT {

    @Test
    void theDemoShowsOneDeliveredAndOneWithheldReferral() throws Exception {
        var bytes = new ByteArrayOutputStream();
        new Demo(new PrintStream(bytes, true, StandardCharsets.UTF_8)).run(true);
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertTrue(out.contains("riverside-clinic: org.kith.referral.v1 R-1001 for family F-1001, without the family's contact data"), out);
        assertTrue(out.contains("redisclosure prohibited"), out);
        assertTrue(out.contains("lincoln-elementary: nothing"), out);
        assertTrue(out.contains("referral R-1001 for riverside-clinic would be: redact (withheld: contact:no-consent)"), out);
        assertTrue(out.contains("referral R-2002 for riverside-clinic would be: deny (withheld: "), out);
        assertTrue(out.contains("referral R-1001 for riverside-clinic: forwarded-redacted (removed: contact)"), out);
        assertTrue(out.contains("referral R-2002 for riverside-clinic: withheld (reason: no-consent)"), out);
        assertTrue(out.contains("a malformed submission -> HTTP 400"), out);
        assertTrue(out.contains("referral R-1001 again, byte for byte (a retry: the same message id, decided once) -> HTTP 202"),
                out);
        assertTrue(out.contains("another message under R-1001's event id (a replay) -> HTTP 409"), out);
        assertTrue(out.matches("(?s).*riverside-clinic checked the hub's signature on its delivery \\S+ against "
                + "http://127\\.0\\.0\\.1:\\d+/\\.well-known/jwks\\.json: valid, by key [A-Za-z0-9_-]{22}.*"), out);
        assertTrue(out.contains("refused at the door and recorded: replayed from county-cw"), out);
        assertTrue(out.contains("county-cw received (topic kith.outbound.county-cw): referral-status R-1001 accepted"), out);
        assertTrue(out.contains("accepted, history requested -> accepted"), out);
        // the court's file drop: one row accepted, one reported invalid, the notice delivered to the agency
        assertTrue(out.matches("(?s).*result file: 1,accepted,[0-9a-f-]{36},.*"), out);
        assertTrue(out.contains("result file: 2,invalid,,/data/hearing/scheduledAt "), out);
        assertTrue(out.contains("family-court was told (topic kith.status.family-court): notice for county-cw forwarded"), out);
        assertTrue(out.contains("county-cw received (topic kith.outbound.county-cw): court-notice hearing-scheduled, "
                + "hearing H-1001 on 2026-12-15T09:00:00-06:00"), out);
        // the housing provider on Kafka: reads its referral as its own user, answers on its own topic
        assertTrue(out.contains("lakeside-housing read referral R-1004 on kith.outbound.lakeside-housing as user "
                + "lakeside-housing"), out);
        assertTrue(out.contains("county-cw received (topic kith.outbound.county-cw): referral-status R-1004 accepted, "
                + "from lakeside-housing"), out);
        // the Part 2 program: a consent that does not name substance use records lets nothing go
        assertTrue(out.matches("(?s).*harbor-recovery was told \\(topic kith\\.status\\.harbor-recovery\\): report for "
                + "county-cw withheld \\(withheld [^\n]*substance-use: no-consent.*"), out);
        assertTrue(out.contains("Referrals by partner pair, where they stand now: county-cw \u2192 riverside-clinic *"), out);
        assertTrue(out.contains("Accepted referrals: completed or not (yet): mental-health *"), out);
        assertTrue(out.matches("(?s).*the printable report for a partnership meeting \\(charts, notes on each measure\\): file:\\S+\\.html.*"), out);
        // the console's address, and a token for each role's demo user
        assertTrue(out.matches("(?s).*The administrators' console: http://127\\.0\\.0\\.1:\\d+/console .*"), out);
        for (String role : List.of("administrator", "consent-officer", "auditor", "operator", "emergency")) {
            assertTrue(out.matches("(?s).*\n  " + role + " +demo-" + role + " +[A-Za-z0-9_-]{32}\n.*"), role + ": " + out);
        }
        assertTrue(out.matches("(?s).*The ledger \\(topic kith\\.ledger, what kith ledger verify checks\\): OK \\d+ records in \\d+ chains, [1-9]\\d* signed checkpoints.*"), out);
    }
}
