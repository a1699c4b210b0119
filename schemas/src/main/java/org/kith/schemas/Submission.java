package org.kith.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A CloudEvent as a partner sent it, validated against the envelope schema and its type's schema.
 * The hub turns it into an {@link Envelope}: its own message id, the acceptance time.
 *
 * @param id     the sender's event id (unique per source)
 * @param source the sender's partner id, as the sender claims it; the ingress checks it against the credential
 */
public record Submission(String id, String source, MessageType type, Optional<String> subject,
                         Optional<OffsetDateTime> time, String familyid, Purpose purpose, List<String> recipients,
                         JsonNode data) {

    public Submission {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(familyid, "familyid");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(data, "data");
        subject = subject == null ? Optional.empty() : subject;
        time = time == null ? Optional.empty() : time;
        recipients = List.copyOf(recipients);
    }
}
