package org.kith.connectors;

import com.fasterxml.jackson.databind.JsonNode;
import org.kith.schemas.PartnerJson;

/** A JSON request body read by the one strict reader ({@link PartnerJson}), or the 400 that refuses it. */
public final class JsonBody {

    private JsonBody() {
    }

    /** The document {@code body} holds; a {@link ProblemException} (400) if it is not canonical, well-formed JSON. */
    public static JsonNode read(byte[] body) {
        PartnerJson.Read read = PartnerJson.read(body);
        if (read instanceof PartnerJson.Unreadable unreadable) {
            throw new ProblemException(Problem.invalid(unreadable.why()));
        }
        return ((PartnerJson.Document) read).node();
    }
}
