package org.kith.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CloudEventCodecTest {

    private static Envelope envelope() throws Exception {
        JsonNode data = Json.mapper().readTree("{\"referralId\":\"R-1\",\"serviceType\":\"housing\",\"reason\":\"r\","
                + "\"persons\":[{\"personId\":\"P-1\",\"role\":\"parent\"}]}");
        return new Envelope("m-1", "county-cw", MessageType.REFERRAL, Optional.of("R-1"),
                OffsetDateTime.parse("2026-11-23T10:00:00Z"), "F-1", Purpose.REFERRAL,
                List.of("metro-housing", "safe-haven"), "evt-9", data);
    }

    @Test
    void structuredJsonRoundTripsThroughTheSdk() throws Exception {
        Envelope original = envelope();
        byte[] json = CloudEventCodec.toStructuredJson(original);
        assertEquals(original, CloudEventCodec.fromStructuredJson(json));

        JsonNode document = Json.mapper().readTree(json);
        assertEquals("1.0", document.get("specversion").asText());
        assertEquals("org.kith.referral.v1", document.get("type").asText());
        assertEquals("https://schemas.kith.org/v1/referral.schema.json", document.get("dataschema").asText());
        assertEquals("metro-housing,safe-haven", document.get("recipients").asText());
        assertEquals("R-1", document.at("/data/referralId").asText());
    }

    @Test
    void structuredJsonReadsTheDatasNumbersAsExactDecimalsAsTheBinaryModeDoes() throws Exception {
        JsonNode data = Json.mapper().readTree("{\"gpa\":3.70,\"credits\":12345678901234567890.5,\"days\":41}");
        Envelope original = new Envelope("m-2", "lincoln-elementary", MessageType.EDUCATION_RECORD, Optional.empty(),
                OffsetDateTime.parse("2026-11-23T10:00:00Z"), "F-1", Purpose.EDUCATION_STABILITY, List.of(), "evt-2", data);
        Envelope read = CloudEventCodec.fromStructuredJson(CloudEventCodec.toStructuredJson(original));
        assertEquals(new java.math.BigDecimal("3.70"), read.data().get("gpa").decimalValue());
        assertEquals(new java.math.BigDecimal("12345678901234567890.5"), read.data().get("credits").decimalValue());
        assertEquals(original, read);
        assertThrows(IllegalArgumentException.class, () -> CloudEventCodec.fromStructuredJson(new byte[0]));
    }

    @Test
    void binaryHeadersDescribeTheSameEventAsStructuredJson() throws Exception {
        Envelope original = envelope();
        for (CloudEventCodec.Binding binding : CloudEventCodec.Binding.values()) {
            Map<String, String> headers = CloudEventCodec.headers(original, binding);
            assertEquals("m-1", headers.get(binding.prefix() + "id"));
            assertEquals("2026-11-23T10:00Z", headers.get(binding.prefix() + "time"));
            assertEquals("application/json", headers.get(binding.contentTypeHeader()));
            JsonNode fromHeaders = CloudEventCodec.structured(headers, binding, original.data());
            assertEquals(original, CloudEventCodec.fromStructuredJson(Json.mapper().writeValueAsBytes(fromHeaders)));
        }
    }

    @Test
    void httpHeaderNamesAreCaseInsensitiveAndOtherHeadersIgnored() throws Exception {
        JsonNode document = CloudEventCodec.structured(Map.of("Ce-Id", "x-1", "CE-SOURCE", "county-cw",
                "Authorization", "Bearer secret", "Content-Type", "application/json"), CloudEventCodec.Binding.HTTP,
                Json.mapper().createObjectNode());
        assertEquals("x-1", document.get("id").asText());
        assertEquals("county-cw", document.get("source").asText());
        assertEquals("application/json", document.get("datacontenttype").asText());
        assertEquals(4, document.size(), "id, source, datacontenttype, data: " + document);
    }

    @Test
    void anEventWithoutTheHubsExtensionsIsRefused() {
        var foreign = io.cloudevents.core.builder.CloudEventBuilder.v1().withId("x").withSource(java.net.URI.create("y"))
                .withType("org.kith.referral.v1").withTime(OffsetDateTime.now()).build();
        assertThrows(IllegalArgumentException.class, () -> CloudEventCodec.fromCloudEvent(foreign));
    }

    @Test
    void theDataIsWrittenAgainWithEveryNumberDigitForDigit() throws Exception {
        // the path of a forwarded copy: accepted (written to kith.inbound), read by the core and the egress, written again
        String signed = "{\"gpa\":3.70,\"credits\":12345678901234567890.5,\"tiny\":0.1000000000000000055511151231257827,"
                + "\"whole\":42,\"big\":123456789012345678901234567890}";
        Envelope envelope = envelope();
        byte[] once = CloudEventCodec.dataBytes(envelope.withData(Json.mapper().readTree(signed)));
        byte[] twice = Json.mapper().writeValueAsBytes(Json.mapper().readTree(once));
        assertEquals(signed, new String(twice, java.nio.charset.StandardCharsets.UTF_8));
    }
}
