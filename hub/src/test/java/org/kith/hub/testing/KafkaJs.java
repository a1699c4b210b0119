package org.kith.hub.testing;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kith.schemas.Json;

/**
 * A partner's Kafka client that is not Java: KafkaJS on Node.js, run as a child process from
 * {@code src/test/kafkajs} (its script, {@code package.json} and lock file), installed with
 * {@code npm ci} into {@code target/kafkajs} the first time ({@link NodePackage}). Without Node.js its
 * steps are left out on a developer's machine and fail on CI ({@code CI} set), where {@code .ci/run}
 * installs it.
 */
public final class KafkaJs {

    private final NodePackage node;

    private KafkaJs(NodePackage node) {
        this.node = node;
    }

    /**
     * KafkaJS ready to run (Node.js found, the locked KafkaJS installed); empty, said on standard error,
     * where Node.js is missing on a developer's machine; a failure where it is missing on CI.
     */
    public static synchronized Optional<KafkaJs> installed() throws IOException, InterruptedException {
        return NodePackage.installed("kafkajs", List.of("partner.mjs"), "kafkajs", "the non-Java Kafka client test")
                .map(KafkaJs::new);
    }

    /** Runs {@code partner.mjs} with the partner's {@code librdkafka.conf}; its one JSON line. */
    public JsonNode partner(Path librdkafkaConf, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", "partner.mjs", librdkafkaConf.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        NodePackage.Result result = node.run(command, Map.of("KAFKAJS_NO_PARTITIONER_WARNING", "1"));
        String last = result.output().lines().reduce((a, b) -> b).orElse("");
        if (!last.startsWith("{")) {
            fail("partner.mjs printed no result (exit " + result.exit() + "): " + result.output());
        }
        return Json.mapper().readTree(last);
    }
}
