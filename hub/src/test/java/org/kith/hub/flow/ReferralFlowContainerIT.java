package org.kith.hub.flow;

import org.kith.hub.testing.KafkaBrokers;

/** The same referral flow on a Kafka container; skipped, not failed, where no Docker engine runs. */
@KafkaBrokers.RequiresDocker
class ReferralFlowContainerIT extends ReferralFlowScenarios {

    @Override
    KafkaBrokers.Kind brokerKind() {
        return KafkaBrokers.Kind.CONTAINER;
    }
}
