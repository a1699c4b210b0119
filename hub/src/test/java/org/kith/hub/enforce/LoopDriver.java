package org.kith.hub.enforce;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.kith.hub.config.Partner;
import org.kith.hub.config.PartnerRegistry;
import org.kith.hub.crypto.KeyRing;
import org.kith.hub.crypto.SigningKey;
import org.kith.hub.ledger.HashChain;
import org.kith.hub.metrics.HubMetrics;
import org.kith.hub.referral.ReferralSla;
import org.kith.hub.testing.SteppingClock;
import org.kith.hub.topics.Topics;
import org.kith.schemas.PartnerKind;
import org.kith.schemas.SubmissionValidator;

/**
 * The enforcement core without a broker, for the referral-loop and measures tests: a county agency
 * and two counseling clinics, the hub's clock in the test's hands, SLA checks every minute.
 */
final class LoopDriver {

    static final String AGENCY = "county-cw";
    static final String CLINIC = "riverside-clinic";
    static final String LAKESIDE = "lakeside-clinic";

    private LoopDriver() {
    }

    static TopologyTestDriver start(String applicationId, Topics topics, SubmissionValidator validator, ReferralSla sla,
                                    HubMetrics metrics, SteppingClock clock) {
        var partners = new PartnerRegistry(List.of(
                new Partner(AGENCY, PartnerKind.CHILD_WELFARE, "County", null, Optional.empty()),
                new Partner(CLINIC, PartnerKind.MENTAL_HEALTH, "Clinic", null, Optional.empty()),
                new Partner(LAKESIDE, PartnerKind.MENTAL_HEALTH, "Lakeside", null, Optional.empty())));
        var props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        KeyRing keys = KeyRing.of(SigningKey.generate(new SecureRandom()), clock);
        return new TopologyTestDriver(EnforcementTopology.build(topics, partners, validator,
                new EnforcementTopology.LedgerSettings(keys, new HashChain.Policy(1000, Duration.ofDays(1))),
                new EnforcementTopology.ReferralSettings(sla, Duration.ofMinutes(1), true), metrics, clock),
                props, clock.instant());
    }
}
