package org.kith.connectors.filedrop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The digests of accepted batches outlive the process that recorded them, and hold nothing but digests. */
class AcceptedBatchesTest {

    @Test
    void anAcceptedDigestIsKnownAfterARestart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("court/accepted-batches.sha256");
        String first = AcceptedBatches.sha256("batch one".getBytes(StandardCharsets.UTF_8));
        String second = AcceptedBatches.sha256("batch two".getBytes(StandardCharsets.UTF_8));
        var before = new AcceptedBatches(file);
        assertFalse(before.contains(first));
        before.add(first);
        before.add(second);
        before.add(first);

        var after = new AcceptedBatches(file);
        assertTrue(after.contains(first));
        assertTrue(after.contains(second));
        assertFalse(after.contains(AcceptedBatches.sha256("batch three".getBytes(StandardCharsets.UTF_8))));
        assertEquals(java.util.List.of(first, second), Files.readAllLines(file));
        try (var left = Files.list(file.getParent())) {
            assertEquals(1, left.count(), "no temporary file left behind");
        }
    }
}
