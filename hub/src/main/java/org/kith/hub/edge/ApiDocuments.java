package org.kith.hub.edge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.kith.schemas.Examples;
import org.kith.schemas.Json;
import org.kith.schemas.KithHeaders;
import org.kith.schemas.MessageType;

/**
 * The two OpenAPI 3.1 documents as the hub serves them: the operations as kept beside their routes
 * (and held to the routes by tests), completed from the code's own sources of truth. Every message
 * type's JSON Schema becomes a component ({@code <Type>Data}, its {@code $defs} references rewritten
 * into the document), a CloudEvent's {@code data} refers to them, the request examples are the valid
 * examples the schemas module ships, the partners' document has a {@code webhooks} section for the
 * deliveries the hub makes, and {@code servers} is the hub's address as configured
 * ({@code kith.http.advertised}) or, where none is, the server the document was fetched from.
 */
public final class ApiDocuments {

    private static final String SCHEMAS = "org/kith/schemas/v1/";

    private ApiDocuments() {
    }

    /** The server URL the documents name: the advertised address, else relative to the document. */
    public static String server(boolean tls, Optional<String> advertised) {
        return advertised.map(address -> (tls ? "https://" : "http://") + address).orElse("/");
    }

    /** The partners' API ({@code GET /v1/openapi.json}). */
    public static String partners(String server) {
        ObjectNode document = complete(read("/org/kith/hub/edge/openapi.json"), server);
        ObjectNode cloudEvents = (ObjectNode) document.at("/paths/~1v1~1messages/post/requestBody/content")
                .get("application/cloudevents+json");
        ObjectNode examples = cloudEvents.putObject("examples");
        for (Examples.Example example : Examples.all()) {
            if (example.valid()) {
                String name = example.file().replaceAll(".*/([^/]+)/([^/]+)\\.json$", "$1-$2");
                examples.putObject(name).put("summary", example.description()).set("value", example.json());
            }
        }
        document.set("webhooks", webhooks());
        return text(document);
    }

    /** The administration API ({@code GET /v1/admin/openapi.json}). */
    public static String admin(String server) {
        ObjectNode document = complete(read("/org/kith/hub/admin/openapi.json"), server);
        // the routes served to anyone, beside the operations behind the role gate
        ((ObjectNode) document.get("paths")).setAll(read("/org/kith/hub/admin/openapi-public.json"));
        ObjectNode schemas = (ObjectNode) document.at("/components/schemas");
        schemas.set("ConsentDirective", ref(MessageType.CONSENT_DIRECTIVE));
        schemas.set("LegalAuthority", ref(MessageType.LEGAL_AUTHORITY));
        return text(document);
    }

    private static ObjectNode complete(ObjectNode document, String server) {
        ArrayNode servers = document.putArray("servers");
        servers.addObject().put("url", server).put("description", "this hub");
        ObjectNode schemas = (ObjectNode) document.at("/components/schemas");
        ArrayNode anyOf = Json.mapper().createArrayNode();
        for (MessageType type : MessageType.values()) {
            schemas.set(component(type), embedded(type));
            anyOf.add(ref(type));
        }
        ObjectNode data = ((ObjectNode) schemas.get("CloudEvent").get("properties")).putObject("data");
        data.put("description", "The message's data: the schema of the message type the event's type names");
        data.set("anyOf", anyOf);
        return document;
    }

    /** What the hub POSTs to a partner's webhook: one structured CloudEvent a request, signed, idempotent. */
    private static ObjectNode webhooks() {
        ObjectNode post = Json.mapper().createObjectNode();
        post.put("summary", "A message released to the partner, delivered to its registered webhook");
        post.put("description", "One structured CloudEvent a request, the data redacted to what the partner's basis "
                + "covers. A 2xx answer is the delivery receipt; anything else is retried with backoff, then the "
                + "copy is dead-lettered for the operator. A redelivery carries the same Idempotency-Key.");
        post.put("operationId", "receiveMessage");
        ArrayNode parameters = post.putArray("parameters");
        parameters.addObject().put("name", "Idempotency-Key").put("in", "header").put("required", true)
                .put("description", "The message id: stable per message and recipient, so a redelivery is recognised")
                .putObject("schema").put("type", "string");
        parameters.addObject().put("name", "Kith-Signature").put("in", "header").put("required", true)
                .put("description", "The hub's detached JWS over exactly the body sent (keys at /.well-known/jwks.json)")
                .putObject("schema").put("type", "string");
        for (String header : new TreeSet<>(KithHeaders.HTTP_NAMES.values())) {
            parameters.addObject().put("name", header).put("in", "header").put("required", false)
                    .put("description", "Set by the hub on the copy it releases (see the partner guide)")
                    .putObject("schema").put("type", "string");
        }
        post.putObject("requestBody").put("required", true).putObject("content")
                .putObject("application/cloudevents+json").putObject("schema")
                .put("$ref", "#/components/schemas/CloudEvent");
        ObjectNode responses = post.putObject("responses");
        responses.putObject("2XX").put("description", "Taken: the hub records the delivery receipt");
        responses.putObject("default").put("description", "Not taken: retried, then dead-lettered");
        ObjectNode webhooks = Json.mapper().createObjectNode();
        webhooks.putObject("message").set("post", post);
        return webhooks;
    }

    private static String component(MessageType type) {
        return Arrays.stream(type.shortName().split("-")).map(w -> Character.toUpperCase(w.charAt(0)) + w.substring(1))
                .reduce("", String::concat) + "Data";
    }

    private static ObjectNode ref(MessageType type) {
        return Json.mapper().createObjectNode().put("$ref", "#/components/schemas/" + component(type));
    }

    /** A message schema as a component: no {@code $schema} or {@code $id}, its {@code #/$defs} references into the document. */
    private static ObjectNode embedded(MessageType type) {
        ObjectNode schema = read("/" + SCHEMAS + type.shortName() + ".schema.json");
        String id = schema.path("$id").asText();
        schema.remove("$schema");
        schema.remove("$id");
        schema.put("$comment", "The message schema " + id + ", in the document");
        rewrite(schema, "#/components/schemas/" + component(type));
        return schema;
    }

    private static void rewrite(JsonNode node, String base) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            JsonNode ref = object.get("$ref");
            if (ref != null && ref.isTextual() && ref.asText().startsWith("#/")) {
                object.set("$ref", TextNode.valueOf(base + ref.asText().substring(1)));
            }
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                rewrite(fields.next().getValue(), base);
            }
        } else if (node.isArray()) {
            node.forEach(child -> rewrite(child, base));
        }
    }

    private static String text(JsonNode document) {
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode read(String resource) {
        try (InputStream in = ApiDocuments.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing from the jar: " + resource);
            }
            return (ObjectNode) Json.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
