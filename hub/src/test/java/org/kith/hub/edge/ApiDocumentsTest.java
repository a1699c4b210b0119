package org.kith.hub.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.kith.hub.testing.OpenApiDocuments;
import org.kith.schemas.Examples;
import org.kith.schemas.Json;
import org.kith.schemas.MessageType;

/**
 * The documents as served: valid OpenAPI 3.1 by swagger-parser with every reference resolved, the
 * messages' data typed by the message schemas, the shipped examples on the request, the webhook
 * deliveries described, and the hub's configured address as the server.
 */
class ApiDocumentsTest {

    private static final String SERVER = ApiDocuments.server(true, Optional.of("hub.example.org:8443"));

    @Test
    void bothDocumentsAreValidOpenApi31WithEveryReferenceResolved() {
        OpenApiDocuments.assertValidOpenApi31(ApiDocuments.partners(SERVER));
        OpenApiDocuments.assertValidOpenApi31(OpenApiDocuments.admin(SERVER));
        OpenApiDocuments.assertValidOpenApi31(ApiDocuments.partners("/"));
    }

    @Test
    void theServerIsTheHubsConfiguredAddressElseTheOneServingTheDocument() throws Exception {
        assertEquals("https://hub.example.org:8443", json(ApiDocuments.partners(SERVER)).at("/servers/0/url").asText());
        assertEquals("https://hub.example.org:8443", json(OpenApiDocuments.admin(SERVER)).at("/servers/0/url").asText());
        assertEquals("/", ApiDocuments.server(false, Optional.empty()));
        assertEquals("http://10.0.0.5:8080", ApiDocuments.server(false, Optional.of("10.0.0.5:8080")));
    }

    @Test
    void aMessagesDataIsTypedByItsMessageSchema() throws Exception {
        for (JsonNode document : new JsonNode[] {json(ApiDocuments.partners(SERVER)), json(OpenApiDocuments.admin(SERVER))}) {
            JsonNode data = document.at("/components/schemas/CloudEvent/properties/data/anyOf");
            assertEquals(MessageType.values().length, data.size());
            data.forEach(ref -> assertTrue(document.at(ref.get("$ref").asText().substring(1)).has("properties"),
                    ref.toString()));
            assertTrue(document.at("/components/schemas/ReferralData/properties/persons").isObject());
        }
        JsonNode admin = json(OpenApiDocuments.admin(SERVER));
        assertEquals("#/components/schemas/ConsentDirectiveData", admin.at("/components/schemas/ConsentDirective/$ref").asText(),
                "the directive body is the consent-directive schema, not an empty object");
    }

    @Test
    void everyValidExampleIsARequestExample() throws Exception {
        JsonNode examples = json(ApiDocuments.partners(SERVER))
                .at("/paths/~1v1~1messages/post/requestBody/content/application~1cloudevents+json/examples");
        assertEquals(Examples.all().stream().filter(Examples.Example::valid).count(), examples.size());
        examples.forEach(example -> assertTrue(example.path("value").has("data"), example.toString()));
    }

    @Test
    void theWebhookDeliveriesAreDescribed() throws Exception {
        JsonNode post = json(ApiDocuments.partners(SERVER)).at("/webhooks/message/post");
        assertEquals("#/components/schemas/CloudEvent",
                post.at("/requestBody/content/application~1cloudevents+json/schema/$ref").asText());
        assertTrue(post.get("parameters").findValuesAsText("name").containsAll(
                java.util.List.of("Idempotency-Key", "Kith-Signature")), post.toString());
    }

    private static JsonNode json(String document) throws Exception {
        return Json.mapper().readTree(document);
    }
}
