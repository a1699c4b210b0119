package org.kith.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A message on the hub's topics: a CloudEvent whose producer is the hub. {@code id} is the hub's
 * message id, {@code time} when the hub accepted it; the sender's own event id is kept as
 * {@code partnereventid}. On Kafka it travels in the CloudEvents Kafka binding (ce_ headers, data as
 * the value); to a webhook as structured JSON. {@link CloudEventCodec} does both.
 *
 * @param source     the sending partner id, established from its credential
 * @param familyid   the family the message is about; the key of {@code kith.inbound}
 * @param recipients partner ids the sender addresses (on an outbound copy: only that recipient)
 */
public record Envelope(String id, String source, MessageType type, Optional<String> subject, OffsetDateTime time,
                       String familyid, Purpose purpose, List<String> recipients, String partnereventid,
                       JsonNode data) {

    public Envelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        subject = subject == null ? Optional.empty() : subject;
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(familyid, "familyid");
        Objects.requireNonNull(purpose, "purpose");
        recipients = List.copyOf(recipients);
        Objects.requireNonNull(partnereventid, "partnereventid");
        Objects.requireNonNull(data, "data");
    }

    /** The envelope of an accepted submission. */
    public static Envelope accepted(String messageId, OffsetDateTime acceptedAt, Submission submission) {
        return new Envelope(messageId, submission.source(), submission.type(), submission.subject(), acceptedAt,
                submission.familyid(), submission.purpose(), submission.recipients(), submission.id(), submission.data());
    }

    /** The schema {@code data} satisfies. */
    public URI dataschema() {
        return type.schemaUri();
    }

    /** The same message with other recipients (an outbound copy names only its own recipient). */
    public Envelope withRecipients(List<String> to) {
        return new Envelope(id, source, type, subject, time, familyid, purpose, to, partnereventid, data);
    }

    /** The same message carrying other data (a redacted copy). */
    public Envelope withData(JsonNode redacted) {
        return new Envelope(id, source, type, subject, time, familyid, purpose, recipients, partnereventid, redacted);
    }
}
