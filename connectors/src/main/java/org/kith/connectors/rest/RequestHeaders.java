package org.kith.connectors.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.HttpMessage;
import org.kith.connectors.Problem;
import org.kith.connectors.ProblemException;
import org.kith.schemas.CloudEventCodec;
import org.kith.schemas.KithHeaders;

/**
 * The headers a submission's meaning rests on: its {@code ce-} attributes, its {@code Content-Type}
 * and its {@code Kith-Signature}, read from the HTTP request's own header section. Camel's
 * platform-http copies query parameters into the message headers as well, so a {@code ?ce-type=}
 * would otherwise count as an attribute and enter the signing input; a query parameter never does
 * here. Each of these headers may be sent once: a repeated one (in any case) is refused
 * ({@value #REPEATED}), since two readers could take either. Off HTTP (the Kafka ingress, which
 * builds its own headers), the message headers are used.
 */
public final class RequestHeaders {

    public static final String REPEATED = "repeated-header";

    private RequestHeaders() {
    }

    /** The request's {@code ce-} headers, {@code Content-Type} and {@code Kith-Signature}, names as sent. */
    public static Map<String, String> ofSubmission(Exchange exchange) {
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, String> lowerSeen = new LinkedHashMap<>();
        if (exchange.getMessage() instanceof HttpMessage http) {
            var request = http.getRequest().headers();
            for (String name : request.names()) {
                List<String> values = request.getAll(name);
                if (relevant(name)) {
                    if (values.size() != 1) {
                        throw repeated();
                    }
                    add(headers, lowerSeen, name, values.get(0));
                }
            }
        } else {
            exchange.getMessage().getHeaders().forEach((name, value) -> {
                if (relevant(name)) {
                    add(headers, lowerSeen, name, String.valueOf(value));
                }
            });
        }
        return headers;
    }

    /** The request's {@code Content-Type}, if it sent one. */
    public static String contentType(Exchange exchange) {
        return ofSubmission(exchange).entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(CloudEventCodec.Binding.HTTP.contentTypeHeader()))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    private static boolean relevant(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.startsWith(CloudEventCodec.Binding.HTTP.prefix())
                || lower.equals(CloudEventCodec.Binding.HTTP.contentTypeHeader().toLowerCase(Locale.ROOT))
                || lower.equals(KithHeaders.SIGNATURE);
    }

    private static void add(Map<String, String> headers, Map<String, String> lowerSeen, String name, String value) {
        if (lowerSeen.put(name.toLowerCase(Locale.ROOT), name) != null) {
            throw repeated();
        }
        headers.put(name, value);
    }

    private static ProblemException repeated() {
        return new ProblemException(Problem.refused(400, REPEATED, "Header sent twice",
                "send each ce- header, Content-Type and " + KithHeaders.HTTP_SIGNATURE + " once"));
    }
}
