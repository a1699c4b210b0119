package org.kith.hub.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HubConfigTest {

    @Test
    void defaultsMeanAnEmbeddedBrokerUnderData() {
        HubConfig config = HubConfig.from(Map.of(), Map.of(), Map.of());
        assertEquals(Optional.empty(), config.bootstrapServers());
        assertEquals(Path.of("./data"), config.dataDir());
        assertEquals(8080, config.httpPort());
        assertEquals("127.0.0.1", config.httpHost());
    }

    @Test
    void overridesBeatEnvironmentWhichBeatsTheFile() {
        Map<String, String> file = Map.of("kith.http.port", "1111", "kith.topic.partitions", "2", "kith.topic.prefix", "file.");
        Map<String, String> env = Map.of("KITH_HTTP_PORT", "2222", "KITH_TOPIC_PARTITIONS", "4");
        HubConfig config = HubConfig.from(Map.of("kith.http.port", "3333"), env, file);
        assertEquals(3333, config.httpPort());
        assertEquals(4, config.topicPartitions());
        assertEquals("file.", config.topicPrefix());
    }

    @Test
    void bootstrapServersFromTheEnvironmentSwitchOffTheEmbeddedBroker() {
        assertEquals(Optional.of("kafka:9092"),
                HubConfig.from(Map.of(), Map.of("KITH_BOOTSTRAP_SERVERS", "kafka:9092"), Map.of()).bootstrapServers());
        assertEquals(Optional.empty(),
                HubConfig.from(Map.of(), Map.of("KITH_BOOTSTRAP_SERVERS", " "), Map.of()).bootstrapServers());
    }

    @Test
    void httpsIsOffByDefaultAndItsNamesAreACommaSeparatedList() {
        HubConfig defaults = HubConfig.from(Map.of(), Map.of(), Map.of());
        assertEquals(false, defaults.httpTls());
        assertEquals(java.util.List.of("localhost", "127.0.0.1"), defaults.httpTlsNames());
        HubConfig on = HubConfig.from(Map.of("kith.http.tls", "true", "kith.http.tls.names", "kith.example.org, 10.0.0.5,,"),
                Map.of(), Map.of());
        assertEquals(true, on.withPorts(0, 0).httpTls());
        assertEquals(java.util.List.of("kith.example.org", "10.0.0.5"), on.withPorts(0, 0).httpTlsNames());
        assertThrows(IllegalArgumentException.class,
                () -> HubConfig.from(Map.of("kith.http.tls.names", " , "), Map.of(), Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> HubConfig.from(Map.of("kith.http.tls.names", "kith example"), Map.of(), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> HubConfig.from(Map.of("kith.http.tls", "yes"), Map.of(), Map.of()));
    }

    @Test
    void theFileDropIsOffUnlessItsDirectoryIsSetAndSurvivesOtherPorts() {
        assertEquals(Optional.empty(), HubConfig.from(Map.of(), Map.of(), Map.of()).fileDropDir());
        HubConfig config = HubConfig.from(Map.of("kith.filedrop.dir", "drop"), Map.of(), Map.of());
        assertEquals(Optional.of(Path.of("drop")), config.withPorts(0, 0).fileDropDir());
        assertEquals(10 * 1024 * 1024, config.fileDropMaxBytes(), "10 MiB unless set");
        assertEquals(2048, HubConfig.from(Map.of("kith.filedrop.max.bytes", "2048"), Map.of(), Map.of()).withPorts(0, 0)
                .fileDropMaxBytes());
        assertThrows(IllegalArgumentException.class,
                () -> HubConfig.from(Map.of("kith.filedrop.max.bytes", "10"), Map.of(), Map.of()));
    }

    @Test
    void aBadValueNamesTheSettingAndTheValue() {
        var notANumber = assertThrows(IllegalArgumentException.class,
                () -> HubConfig.from(Map.of("kith.http.port", "eighty"), Map.of(), Map.of()));
        assertEquals("kith.http.port must be a number, not 'eighty'", notANumber.getMessage());
        var outOfRange = assertThrows(IllegalArgumentException.class,
                () -> HubConfig.from(Map.of(), Map.of("KITH_TOPIC_PARTITIONS", "0"), Map.of()));
        assertTrue(outOfRange.getMessage().startsWith("kith.topic.partitions must be between 1"));
        assertThrows(IllegalArgumentException.class,
                () -> HubConfig.from(Map.of("kith.topic.prefix", "a b"), Map.of(), Map.of()));
    }

    @Test
    void evaluationMeasuresAreKeptAndSuppressedBelowElevenByDefaultWithoutNoise() {
        var defaults = HubConfig.from(Map.of(), Map.of(), Map.of()).evaluation();
        assertEquals(new org.kith.hub.evaluation.EvaluationSettings(true, 11, Optional.empty()), defaults);
        var set = HubConfig.from(Map.of("kith.evaluation.threshold", "5", "kith.evaluation.public.epsilon", "0.5",
                "kith.evaluation.measures", "false"), Map.of(), Map.of()).evaluation();
        assertEquals(new org.kith.hub.evaluation.EvaluationSettings(false, 5, Optional.of(0.5)), set);
        for (var bad : List.of(Map.of("kith.evaluation.threshold", "1"), Map.of("kith.evaluation.public.epsilon", "-1"),
                Map.of("kith.evaluation.public.epsilon", "lots"), Map.of("kith.evaluation.measures", "yes"))) {
            var e = assertThrows(IllegalArgumentException.class, () -> HubConfig.from(bad, Map.of(), Map.of()));
            assertTrue(e.getMessage().startsWith(bad.keySet().iterator().next()), e.getMessage());
        }
    }

    @Test
    void eachPartnerMayMakeFiftyRequestsASecondByDefaultAndTheLimitIsAtLeastOne() {
        var defaults = HubConfig.from(Map.of(), Map.of(), Map.of());
        assertEquals(50, defaults.ingressRateLimit());
        assertEquals(1000, defaults.ingressRatePeriodMs());
        var set = HubConfig.from(Map.of(), Map.of("KITH_INGRESS_RATE_LIMIT", "5", "KITH_INGRESS_RATE_PERIOD_MS", "60000"),
                Map.of()).withPorts(0, 0);
        assertEquals(5, set.ingressRateLimit());
        assertEquals(60000, set.ingressRatePeriodMs());
        var none = assertThrows(IllegalArgumentException.class,
                () -> HubConfig.from(Map.of("kith.ingress.rate.limit", "0"), Map.of(), Map.of()));
        assertTrue(none.getMessage().startsWith("kith.ingress.rate.limit must be between 1"));
    }

    @Test
    void signaturesAreRequiredUnlessSetOptionalExplicitly() {
        assertEquals(SignaturePolicy.REQUIRED, HubConfig.from(Map.of(), Map.of(), Map.of()).ingressSignatures());
        assertEquals(SignaturePolicy.OPTIONAL,
                HubConfig.from(Map.of(), Map.of("KITH_INGRESS_SIGNATURES", "optional"), Map.of()).ingressSignatures());
        var e = assertThrows(IllegalArgumentException.class,
                () -> HubConfig.from(Map.of("kith.ingress.signatures", "off"), Map.of(), Map.of()));
        assertEquals("kith.ingress.signatures must be required or optional, not 'off'", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> HubConfig.from(Map.of("kith.ingress.replay.window.ms", "10"), Map.of(), Map.of()));
    }

    @Test
    void anUnknownSettingIsAnErrorNotIgnored() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> HubConfig.from(Map.of(), Map.of(), Map.of("kith.htp.port", "1")));
        assertTrue(e.getMessage().contains("kith.htp.port"));
    }

    @Test
    void everyEnvironmentVariableIsTheKeyInCapitals() {
        for (HubOption option : HubOption.values()) {
            assertEquals(option.key().toUpperCase().replace('.', '_'), option.env());
            assertTrue(option.env().startsWith("KITH_"));
        }
    }

    @Test
    void jwtIsOffAndFourEyesIsOffByDefault() {
        HubConfig config = HubConfig.from(Map.of(), Map.of(), Map.of());
        assertEquals(Optional.empty(), config.adminJwt());
        assertEquals(false, config.adminFourEyes());
        assertEquals(true, HubConfig.from(Map.of(), Map.of("KITH_ADMIN_FOUR_EYES", "true"), Map.of()).adminFourEyes());
        var e = assertThrows(IllegalArgumentException.class,
                () -> HubConfig.from(Map.of("kith.admin.four.eyes", "yes"), Map.of(), Map.of()));
        assertEquals("kith.admin.four.eyes must be true or false, not 'yes'", e.getMessage());
    }

    @Test
    void jwtNeedsAnIssuerAndTakesTheDefaultAudience() {
        var jwt = HubConfig.from(Map.of(), Map.of("KITH_ADMIN_JWT_JWKS", "https://idp.example.org/jwks",
                "KITH_ADMIN_JWT_ISSUER", "https://idp.example.org"), Map.of()).adminJwt().orElseThrow();
        assertEquals(new JwtSettings("https://idp.example.org/jwks", "https://idp.example.org", "kith-admin"), jwt);
        assertTrue(jwt.remote());
        var noIssuer = assertThrows(IllegalArgumentException.class,
                () -> HubConfig.from(Map.of("kith.admin.jwt.jwks", "config/jwks.json"), Map.of(), Map.of()));
        assertTrue(noIssuer.getMessage().startsWith("kith.admin.jwt.issuer must be set"), noIssuer.getMessage());
        var plainHttp = assertThrows(IllegalArgumentException.class, () -> HubConfig.from(Map.of(
                "kith.admin.jwt.jwks", "http://idp.example.org/jwks", "kith.admin.jwt.issuer", "x"), Map.of(), Map.of()));
        assertTrue(plainHttp.getMessage().startsWith("kith.admin.jwt.jwks must be a file or an https URL"));
    }
}
