package org.kith.hub.edge;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.platform.http.vertx.HttpMessage;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.util.CollectionHelper;
import org.kith.connectors.rest.PartnerAuthenticator;
import org.kith.connectors.rest.PartnerRateLimits;
import org.kith.connectors.rest.RestIngressRoutes;
import org.kith.connectors.rest.SignatureCheck;
import org.kith.fuzz.RawMessage;
import org.kith.hub.config.Partner;
import org.kith.hub.config.PartnerRegistry;
import org.kith.hub.config.SignaturePolicy;
import org.kith.hub.crypto.Digests;
import org.kith.hub.crypto.PublicKeys;
import org.kith.hub.crypto.SigningInput;
import org.kith.hub.crypto.SigningKey;
import org.kith.hub.crypto.VerificationKey;
import org.kith.hub.ingress.AcceptedIds;
import org.kith.schemas.CloudEventCodec;
import org.kith.schemas.Examples;
import org.kith.schemas.Json;
import org.kith.schemas.KithHeaders;
import org.kith.schemas.PartnerKind;
import org.kith.schemas.SubmissionValidator;

/**
 * The REST ingress as the hub builds it, for fuzz targets: {@link RestIngressRoutes} with the hub's
 * {@link PartnerSignatures}, its HTTP endpoint replaced by a {@code direct:} one and the inbound topic
 * by a capture; no server, no broker. Each request gets a record of accepted event ids of its own, so every input is
 * judged alone and a finding reproduces. The partners are the senders of the schemas' examples, each
 * with the token of its own id and an Ed25519 key made from its id, so that a signature in a corpus
 * stays valid; {@value #SENDER} also has a key it retired an hour before the fixed clock.
 *
 * <p>A request is a {@link RawMessage}: its header values are the HTTP header's bytes (Latin-1, as the
 * server decodes them), and without an {@code Authorization} header the request carries
 * {@value #SENDER}'s token. The route gets what platform-http hands it: an {@link HttpMessage} whose
 * request holds the headers as sent, and message headers made of those and the query parameters (a
 * repeated name a list). Two pseudo-headers steer the harness: {@value #QUERY} is the request's query
 * string, and {@value #SIGN_WITH} asks for a signature with that protected header (JSON), by the
 * sender's key its {@code kid} names or else the sender's active key, over what the hub verifies.
 */
final class IngressHarness {

    static final Instant NOW = Instant.parse("2026-12-04T08:00:00Z");
    static final String SENDER = "county-cw";
    static final String SIGN_WITH = "Fuzz-Sign-Protected";
    static final String QUERY = "Fuzz-Query";
    static final int MAX_BYTES = 256 * 1024;
    static final Duration WINDOW = Duration.ofMinutes(5);
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String INGRESS = "direct:fuzz-ingress";
    private static final String INBOUND = "direct:fuzz-inbound";

    /** A record written to the inbound topic: its headers and value. */
    record Sent(Map<String, Object> headers, byte[] value) {

        boolean isRefusalNotice() {
            return headers.containsKey(KithHeaders.REFUSAL);
        }
    }

    /**
     * What a request came to.
     *
     * @param requestHeaders the request's headers as the route got them (a signature the harness made among them)
     * @param sender         the partner the route authenticated, null if none
     * @param caught         the exception the route's handler answered, if any (for a finding's message)
     * @param escaped        an exception the route's handler let through (the server would answer 500)
     */
    record Outcome(Map<String, Object> requestHeaders, String sender, int status, String reply, List<Sent> published,
                   List<Sent> notices, Throwable caught, Throwable escaped) {
    }

    private final Map<String, List<SigningKey>> keys = new LinkedHashMap<>();
    private final PartnerRegistry partners;
    private final CamelContext camel = new DefaultCamelContext();
    private final ProducerTemplate requests;
    private final List<Sent> sent = new ArrayList<>();
    private volatile PartnerSignatures signatures;

    /** A harness, its route started; a fuzz target makes one for its JVM, the keys and the Camel context once. */
    static IngressHarness start() {
        try {
            return new IngressHarness();
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private IngressHarness() throws Exception {
        TreeSet<String> senders = new TreeSet<>(List.of(SENDER));
        Examples.all().forEach(example -> senders.add(example.json().path("source").asText(SENDER)));
        List<Partner> registered = new ArrayList<>();
        for (String id : senders) {
            if (!id.matches(Partner.ID_PATTERN)) {
                continue;
            }
            List<SigningKey> own = new ArrayList<>(List.of(key(id)));
            List<VerificationKey> published = new ArrayList<>(List.of(own.get(0).publicKey()));
            if (id.equals(SENDER)) {
                own.add(key(id + "/retired"));
                published.add(own.get(1).publicKey().retiredAt(NOW.minus(Duration.ofHours(1))));
            }
            keys.put(id, own);
            registered.add(new Partner(id, PartnerKind.CHILD_WELFARE, id, PartnerRegistry.sha256(id), Optional.empty(),
                    PublicKeys.of(published)));
        }
        partners = new PartnerRegistry(registered);
        SignatureCheck current = (partner, body, headers) -> signatures.check(partner, body, headers);
        camel.addRoutes(new RestIngressRoutes(partners, new PartnerRateLimits(Integer.MAX_VALUE, Duration.ofDays(1), () -> 1),
                current, new SubmissionValidator(), INBOUND, CLOCK, MAX_BYTES));
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(INBOUND).process(exchange -> sent.add(new Sent(new LinkedHashMap<>(exchange.getMessage().getHeaders()),
                        exchange.getMessage().getBody(byte[].class))));
            }
        });
        AdviceWith.adviceWith(camel, RestIngressRoutes.ROUTE_ID, route -> route.replaceFromWith(INGRESS));
        camel.start();
        requests = camel.createProducerTemplate();
    }

    /** The key a partner signs with: made from its id, so the same in every run. */
    private static SigningKey key(String name) {
        return SigningKey.fromSeed(Digests.sha256(("kith-fuzz:" + name).getBytes(StandardCharsets.UTF_8)));
    }

    /** Whether the harness holds keys of this partner (whether it can sign as it). */
    boolean hasKeys(String partnerId) {
        return keys.containsKey(partnerId);
    }

    /** The sender's active key (its first). */
    SigningKey activeKey(String partnerId) {
        return keys.get(partnerId).get(0);
    }

    Optional<VerificationKey> registeredKey(String partnerId, String kid) {
        return partners.find(partnerId).flatMap(partner -> partner.publicKeys().find(kid));
    }

    /** Any partner's key by its id: what a verifier that knows every registered key finds. */
    Optional<VerificationKey> anyRegisteredKey(String kid) {
        return partners.all().stream().flatMap(partner -> partner.publicKeys().find(kid).stream()).findFirst();
    }

    /**
     * Whether the HTTP server hands the request to a route at all: one whose query does not decode
     * (a {@code %} without two hex digits) it answers itself, 400, before any route.
     */
    static boolean reachesRoute(RawMessage request) {
        try {
            queryParameters(query(request));
            return true;
        } catch (IllegalArgumentException undecodable) {
            return false;
        }
    }

    private static String query(RawMessage request) {
        return request.headers().stream().filter(h -> h.name().equalsIgnoreCase(QUERY)).findFirst()
                .map(h -> h.value(StandardCharsets.ISO_8859_1)).orElse(null);
    }

    /** The request through the route, as the server would hand it over ({@link #reachesRoute} first). */
    Outcome submit(RawMessage request) {
        signatures = new PartnerSignatures(partners, SignaturePolicy.REQUIRED, WINDOW, CLOCK,
                new AcceptedIds(WINDOW.multipliedBy(2), 1000, CLOCK, AcceptedIds.IN_MEMORY));
        sent.clear();
        MultiMap sentHeaders = requestHeaders(request);
        String query = query(request);
        Exchange reply = requests.send(INGRESS, exchange -> {
            HttpMessage message = new HttpMessage(exchange, serverRequest(sentHeaders, query), null);
            Map<String, Object> camelHeaders = new LinkedHashMap<>();
            sentHeaders.forEach(header -> CollectionHelper.appendEntry(camelHeaders, header.getKey(), header.getValue()));
            queryParameters(query).forEach((name, value) -> CollectionHelper.appendEntry(camelHeaders, name, value));
            camelHeaders.put(Exchange.HTTP_METHOD, "POST");
            camelHeaders.put(Exchange.HTTP_PATH, RestIngressRoutes.PATH);
            camelHeaders.put(Exchange.HTTP_QUERY, query);
            message.setHeaders(camelHeaders);
            message.setBody(request.body());
            exchange.setMessage(message);
        });
        List<Sent> published = sent.stream().filter(record -> !record.isRefusalNotice()).toList();
        List<Sent> notices = sent.stream().filter(Sent::isRefusalNotice).toList();
        Integer status = reply.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        Map<String, Object> asSent = new LinkedHashMap<>();
        sentHeaders.forEach(header -> CollectionHelper.appendEntry(asSent, header.getKey(), header.getValue()));
        return new Outcome(asSent, reply.getProperty(PartnerAuthenticator.SENDER, String.class), status == null ? 200 : status,
                reply.getMessage().getBody(String.class), published, notices,
                reply.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class), reply.getException());
    }

    /**
     * The Vert.x request platform-http would wrap: its headers and query, over plain HTTP (no TLS
     * session); anything else the route asked of it would fail the request loudly.
     */
    private static HttpServerRequest serverRequest(MultiMap headers, String query) {
        return (HttpServerRequest) Proxy.newProxyInstance(IngressHarness.class.getClassLoader(),
                new Class<?>[] {HttpServerRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "headers" -> headers;
                    case "getHeader" -> headers.get(String.valueOf(args[0]));
                    case "query" -> query;
                    case "sslSession" -> null;
                    case "isSSL" -> false;
                    case "method" -> HttpMethod.POST;
                    case "path" -> RestIngressRoutes.PATH;
                    case "toString" -> "fuzz request";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException("the harness's request has no " + method.getName());
                });
    }

    private static Map<String, List<String>> queryParameters(String query) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return parameters;
        }
        new QueryStringDecoder(query, StandardCharsets.UTF_8, false).parameters().forEach(parameters::put);
        return parameters;
    }

    /** The sender a request's {@code Authorization} header names (the token is the partner's id), or the default: whose key signs it. */
    static String sender(RawMessage request) {
        return request.headers().stream().filter(h -> h.name().equalsIgnoreCase("Authorization")).findFirst()
                .map(h -> h.value(StandardCharsets.ISO_8859_1).replaceFirst("(?i)^Bearer\\s+", "").trim())
                .orElse(SENDER);
    }

    /** The request's headers as sent, the pseudo-headers left out and {@value #SIGN_WITH} turned into a signature. */
    private MultiMap requestHeaders(RawMessage request) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        Optional<byte[]> protectedHeader = Optional.empty();
        for (RawMessage.Header header : request.headers()) {
            if (header.name().equalsIgnoreCase(SIGN_WITH)) {
                protectedHeader = Optional.of(header.value());
            } else if (!header.name().equalsIgnoreCase(QUERY)) {
                headers.add(header.name(), header.value(StandardCharsets.ISO_8859_1));
            }
        }
        if (!headers.contains("Authorization")) {
            headers.add("Authorization", "Bearer " + SENDER);
        }
        protectedHeader.flatMap(signing -> signature(sender(request), signing, headers, request.body()))
                .ifPresent(jws -> headers.add(KithHeaders.HTTP_SIGNATURE, jws));
        return headers;
    }

    /**
     * A detached JWS with {@code protectedHeader} over what the hub verifies for these headers and body
     * (the body in structured mode, the ce- headers and the body in binary mode); empty if that is not defined.
     */
    private Optional<String> signature(String sender, byte[] protectedHeader, MultiMap headers, byte[] body) {
        List<SigningKey> own = keys.get(sender);
        if (own == null) {
            return Optional.empty();
        }
        Map<String, String> text = new LinkedHashMap<>();
        headers.forEach(header -> text.putIfAbsent(header.getKey(), header.getValue()));
        String contentType = text.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("Content-Type"))
                .map(Map.Entry::getValue).findFirst().orElse("").toLowerCase(Locale.ROOT);
        byte[] input;
        try {
            input = contentType.startsWith(CloudEventCodec.STRUCTURED_JSON) ? SigningInput.structured(body)
                    : SigningInput.binary(text, CloudEventCodec.Binding.HTTP, body);
        } catch (IllegalArgumentException undefined) {
            return Optional.empty();
        }
        String kid = kid(protectedHeader);
        SigningKey key = own.stream().filter(k -> k.kid().equals(kid)).findFirst().orElse(own.get(0));
        String encoded = Digests.base64Url(protectedHeader);
        byte[] head = (encoded + ".").getBytes(StandardCharsets.US_ASCII);
        byte[] signed = new byte[head.length + input.length];
        System.arraycopy(head, 0, signed, 0, head.length);
        System.arraycopy(input, 0, signed, head.length, input.length);
        return Optional.of(encoded + ".." + Digests.base64Url(key.sign(signed)));
    }

    private static String kid(byte[] protectedHeader) {
        try {
            JsonNode header = Json.mapper().readTree(protectedHeader);
            return header != null && header.path("kid").isTextual() ? header.get("kid").asText() : "";
        } catch (IOException | RuntimeException notJson) {
            return "";
        }
    }

    /** The protected header a partner's client writes: EdDSA, unencoded payload, signed now by its active key. */
    String standardHeader(String partnerId) {
        return "{\"alg\":\"EdDSA\",\"b64\":false,\"crit\":[\"b64\"],\"iat\":" + NOW.getEpochSecond() + ",\"kid\":\""
                + activeKey(partnerId).kid() + "\"}";
    }
}
