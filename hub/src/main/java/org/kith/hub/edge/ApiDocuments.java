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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.kith.connectors.api.ApiOperation;
import org.kith.connectors.api.OpenApiDocument;
import org.kith.schemas.Examples;
import org.kith.schemas.Json;
import org.kith.schemas.KithHeaders;
import org.kith.schemas.MessageType;

/**
 * The two OpenAPI 3.1 documents as the hub serves them, made from the declarations the routes are
 * built from ({@link ApiOperation}: {@link PartnerOpenApiRoute#operations()}, and the
 * administration API's from {@code AdminRoutes}), in a frame of what is not an operation (the
 * document's info and security, its component schemas, kept beside this class as
 * {@code openapi-schemas.json}), completed from the code's own sources of truth. Every message
 * type's JSON Schema becomes a component ({@code <Type>Data}, its {@code $defs} references rewritten
 * into the document), a CloudEvent's {@code data} refers to them, the request examples are the valid
 * examples the schemas module ships, the partners' document has a {@code webhooks} section for the
 * deliveries the hub makes, and {@code servers} is the hub's address as configured
 * ({@code kith.http.advertised}) or, where none is, the server the document was fetched from.
 */
public final class ApiDocuments {

    private static final String SCHEMAS = "org/kith/schemas/v1/";
    private static final String PARTNERS_INFO = "The HTTP API of the hub for the partner agencies and providers:"
            + " publishing CloudEvents (POST /v1/messages), referring and answering as FHIR R4 (/fhir/r4), reporting a"
            + " provider's capacity, looking up a referral, the partner's measures, and the hub's public keys. Every"
            + " operation but the public keys and this document needs the partner's API token as a bearer token (or,"
            + " with kith.http.tls on, its client certificate); the partner id comes from the credential alone. Each"
            + " partner has its own rate limit (kith.ingress.rate.limit requests per kith.ingress.rate.period.ms) over"
            + " all its requests; over it the hub answers 429 rate-limited with Retry-After and accepts nothing."
            + " Refusals are RFC 9457 problem details that never echo submitted values.";
    private static final String ADMIN_INFO = "Partners, agreements, routing and statute rules, consent directives and"
            + " authorities, break-glass access, the dry-run, dead letters, measures and health. Every operation needs a"
            + " bearer token (an API token of the users file, or a JWT of the configured identity provider) of a user"
            + " holding one of the roles in x-kith-roles; a user scoped to agencies reaches only the families of those"
            + " agencies, as each operation's x-kith-scope says (none: no family's data; family-path: the family of"
            + " the path; family-body: the family of the message in the body; family-records: the dead letters of"
            + " families in scope; agencies: the measures of the user's own agencies), and any other family is"
            + " answered as one that does not exist (404). Refusals are RFC 9457 problem details.";

    private ApiDocuments() {
    }

    /** The server URL the documents name: the advertised address, else relative to the document. */
    public static String server(boolean tls, Optional<String> advertised) {
        return advertised.map(address -> (tls ? "https://" : "http://") + address).orElse("/");
    }

    /** The partners' API ({@code GET /v1/openapi.json}). */
    public static String partners(String server) {
        ObjectNode frame = frame("Kith partners' API", PARTNERS_INFO, "/org/kith/hub/edge/openapi-schemas.json");
        frame.withArray("security").addObject().putArray("clientCertificate");
        ObjectNode schemes = frame.withObjectProperty("components").withObjectProperty("securitySchemes");
        schemes.putObject("bearer").put("type", "http").put("scheme", "bearer")
                .put("description", "The partner's API token (its SHA-256 is in the partner registry)");
        schemes.putObject("clientCertificate").put("type", "mutualTLS").put("description", "With kith.http.tls on: a"
                + " client certificate from the hub CA naming the partner (URI urn:kith:partner:<id>) whose serial is"
                + " listed in its entry; a request with a certificate and a token must present two credentials of the"
                + " same partner");
        ObjectNode document = complete(OpenApiDocument.of(frame, "", PartnerOpenApiRoute.operations()), server);
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

    /** The administration API ({@code GET /v1/admin/openapi.json}) of these operations. */
    public static String admin(String server, List<ApiOperation> operations) {
        ObjectNode frame = frame("Kith administration API", ADMIN_INFO, "/org/kith/hub/admin/openapi-schemas.json");
        frame.withObjectProperty("components").withObjectProperty("securitySchemes").putObject("bearer")
                .put("type", "http").put("scheme", "bearer").put("description", "An API token of the users file, or a"
                        + " JWT (RS256 or ES256) of the configured identity provider");
        ObjectNode document = complete(OpenApiDocument.of(frame, "/v1/admin", operations), server);
        ObjectNode schemas = (ObjectNode) document.at("/components/schemas");
        schemas.set("ConsentDirective", ref(MessageType.CONSENT_DIRECTIVE));
        schemas.set("LegalAuthority", ref(MessageType.LEGAL_AUTHORITY));
        return text(document);
    }

    /** What is not an operation: the version, the info, bearer security and the component schemas. */
    private static ObjectNode frame(String title, String description, String schemas) {
        ObjectNode frame = Json.mapper().createObjectNode().put("openapi", "3.1.0");
        frame.putObject("info").put("title", title).put("version", "1").put("description", description);
        frame.putArray("security").addObject().putArray("bearer");
        frame.putObject("components").set("schemas", read(schemas));
        return frame;
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
