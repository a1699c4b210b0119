package org.kith.hub.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kith.hub.testing.KafkaProbe.admin;
import static org.kith.hub.testing.KafkaProbe.consumeReadCommitted;
import static org.kith.hub.testing.KafkaProbe.createTopic;
import static org.kith.hub.testing.KafkaProbe.produceTransactionally;

import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

/** The transactional produce / read_committed consume scenario on the CONTAINER broker; skipped without Docker. */
@KafkaBrokers.RequiresDocker
class KafkaBrokersContainerIT {

    @Test
    void transactionalProduceIsReadBackReadCommitted() throws Exception {
        String bootstrap = KafkaBrokers.bootstrapServers(KafkaBrokers.Kind.CONTAINER);
        String prefix = KafkaBrokers.uniquePrefix("containerTransactional");
        String topic = prefix + "records";
        try (Admin admin = admin(bootstrap)) {
            createTopic(admin, topic);
        }

        produceTransactionally(bootstrap, topic, prefix + "tx", List.of("aborted"), false);
        produceTransactionally(bootstrap, topic, prefix + "tx", List.of("committed-1", "committed-2"), true);

        assertEquals(List.of("committed-1", "committed-2"), consumeReadCommitted(bootstrap, topic, prefix + "group", 2));
    }
}
