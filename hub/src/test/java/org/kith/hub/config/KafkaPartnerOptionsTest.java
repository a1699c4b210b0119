package org.kith.hub.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The embedded broker's partner listener is off unless a port is set; its host defaults to the loopback address. */
class KafkaPartnerOptionsTest {

    @Test
    void noPartnerListenerByDefault() {
        HubConfig config = HubConfig.from(Map.of(), Map.of(), Map.of());
        assertEquals(OptionalInt.empty(), config.kafkaPartnerPort());
        assertEquals("127.0.0.1", config.kafkaPartnerHost());
    }

    @Test
    void aPortTurnsItOnAndSurvivesWithPorts() {
        HubConfig config = HubConfig.from(Map.of("kith.kafka.partner.port", "0", "kith.kafka.partner.host", "kafka.example"),
                Map.of("KITH_KAFKA_PARTNER_PORT", "9094"), Map.of());
        assertEquals(OptionalInt.of(0), config.kafkaPartnerPort());
        assertEquals("kafka.example", config.kafkaPartnerHost());
        assertEquals(OptionalInt.of(9094),
                HubConfig.from(Map.of(), Map.of("KITH_KAFKA_PARTNER_PORT", "9094"), Map.of()).kafkaPartnerPort());
        assertEquals(OptionalInt.of(0), config.withPorts(1, 2).kafkaPartnerPort());
    }

    @Test
    void aBadPortIsNamed() {
        var error = assertThrows(IllegalArgumentException.class,
                () -> HubConfig.from(Map.of("kith.kafka.partner.port", "70000"), Map.of(), Map.of()));
        assertTrue(error.getMessage().contains("kith.kafka.partner.port"), error.getMessage());
    }
}
