package org.kith.connectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.camel.Exchange;
import org.kith.schemas.Json;

/**
 * How an HTTP route of the hub answers: only a status, a content type and a body, every other
 * header of the exchange dropped (nothing internal leaks into a response).
 */
public final class HttpReply {

    private HttpReply() {
    }

    /** {@code body} as JSON, through the one hardened mapper. */
    public static void json(Exchange exchange, int status, Object body) throws JsonProcessingException {
        send(exchange, status, "application/json", Json.mapper().writeValueAsString(body));
    }

    public static void send(Exchange exchange, int status, String contentType, String body) {
        var message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, contentType);
        message.setBody(body);
    }
}
