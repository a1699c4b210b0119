package org.kith.hub.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The door's settings: their defaults, their checks, and the cap kept to a quarter of the open-file limit. */
class HttpLimitsTest {

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        HttpLimits limits = HubConfig.from(Map.of(), Map.of(), Map.of()).httpLimits();
        assertEquals(new HttpLimits(2048, 100, 60_000, 10_000, 30_000, 500, 1_000), limits);
        assertEquals(limits, HubConfig.from(Map.of(), Map.of(), Map.of()).withPorts(0, 0).httpLimits());
    }

    @Test
    void eachIsASettingAndABadOneIsNamed() {
        HttpLimits set = HubConfig.from(Map.of("kith.http.max.connections", "50"),
                Map.of("KITH_HTTP_HEADER_TIMEOUT_MS", "2000", "KITH_HTTP_MAX_CONNECTIONS_PER_ADDRESS", "0"), Map.of())
                .httpLimits();
        assertEquals(50, set.maxConnections());
        assertEquals(0, set.maxConnectionsPerAddress());
        assertEquals(2_000, set.headerTimeoutMs());
        var tooMany = assertThrows(IllegalArgumentException.class, () -> HubConfig.from(Map.of(
                "kith.http.max.connections", "10", "kith.http.max.connections.per.address", "11"), Map.of(), Map.of()));
        assertTrue(tooMany.getMessage().contains("kith.http.max.connections.per.address"), tooMany.getMessage());
        var zero = assertThrows(IllegalArgumentException.class,
                () -> HubConfig.from(Map.of("kith.http.body.timeout.ms", "0"), Map.of(), Map.of()));
        assertTrue(zero.getMessage().contains("kith.http.body.timeout.ms"), zero.getMessage());
    }

    @Test
    void theTotalCapIsLoweredToAQuarterOfTheOpenFileLimitAndOnlyThen() {
        HttpLimits limits = new HttpLimits(2048, 100, 60_000, 10_000, 30_000, 500, 1_000);
        assertEquals(Optional.empty(), limits.fittedTo(524_288));
        assertEquals(Optional.empty(), limits.fittedTo(8_192));
        assertEquals(Optional.empty(), limits.fittedTo(0), "unknown limit");
        HttpLimits lowered = limits.fittedTo(1_024).orElseThrow();
        assertEquals(256, lowered.maxConnections());
        assertEquals(100, lowered.maxConnectionsPerAddress());
        assertEquals(40, limits.fittedTo(160).orElseThrow().maxConnectionsPerAddress(), "never above the total");
    }
}
