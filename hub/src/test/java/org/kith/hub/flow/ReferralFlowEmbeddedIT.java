package org.kith.hub.flow;

import org.kith.hub.testing.KafkaBrokers;

/** The referral flow on the embedded KRaft broker, which every machine can run. */
class ReferralFlowEmbeddedIT extends ReferralFlowScenarios {

    @Override
    KafkaBrokers.Kind brokerKind() {
        return KafkaBrokers.Kind.EMBEDDED;
    }
}
