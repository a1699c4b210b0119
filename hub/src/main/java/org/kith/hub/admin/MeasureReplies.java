package org.kith.hub.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.kith.connectors.HttpReply;
import org.kith.connectors.Problem;
import org.kith.connectors.ProblemException;
import org.kith.hub.evaluation.MeasureRequests;
import org.kith.hub.evaluation.MeasureViewer;

/** The HTTP side of a measures request, shared by the administrators' and the partners' routes. */
public final class MeasureReplies {

    private static final List<String> PARAMETERS = List.of("from", "to", "format", "release");

    private MeasureReplies() {
    }

    /** Answers with the report for {@code partner} (empty: the whole partnership), or 400 naming the bad parameter. */
    public static void reply(Exchange exchange, MeasureRequests reports, Optional<String> partner) {
        reply(exchange, reports, partner.map(MeasureViewer::partner).orElseGet(MeasureViewer::partnership));
    }

    /** Answers with the report {@code viewer} is shown, or 400 naming the bad parameter. */
    public static void reply(Exchange exchange, MeasureRequests reports, MeasureViewer viewer) {
        Map<String, String> query = new LinkedHashMap<>();
        for (String name : PARAMETERS) {
            String value = exchange.getMessage().getHeader(name, String.class);
            if (value != null) {
                query.put(name, value);
            }
        }
        MeasureRequests.Reply reply;
        try {
            reply = reports.answer(query, viewer);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(Problem.of(400, "bad-parameter", "Bad parameter", e.getMessage()));
        }
        HttpReply.send(exchange, 200, reply.contentType(), reply.body());
    }
}
