package org.kith.hub.enforce;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.kith.hub.crypto.Digests;
import org.kith.hub.ledger.LedgerEvent;
import org.kith.schemas.CloudEventCodec;
import org.kith.schemas.Envelope;
import org.kith.schemas.Violation;

/**
 * How a record is set aside: a dead letter for the operator (the original record, its origin and
 * why, so it can be fixed and replayed through the same path) and a ledger refusal (ids and a
 * hash), so one unprocessable record never blocks its family's partition and is never lost.
 */
final class DeadLetters {

    private static final String CE = CloudEventCodec.Binding.KAFKA.prefix();

    private final Clock clock;

    DeadLetters(Clock clock) {
        this.clock = clock;
    }

    /** The handler of {@link Arrival.Rejected}: the classifier's reason, as it said it. */
    Effects rejected(Arrival.Rejected rejected) {
        return setAside(rejected.inbound(), rejected.reason(), rejected.detail(), rejected.violations());
    }

    /** The dead letter and the ledger refusal of a record the core will not take. */
    Effects setAside(Inbound in, String reason, String detail, List<Violation> violations) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : in.headers()) {
            if (header.key().startsWith(CE) && header.value() != null) {
                headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        var letter = new DeadLetter(reason, detail, violations, in.topic(), in.partition(), in.offset(), in.key(),
                headers, in.value() == null ? null : new String(in.value(), StandardCharsets.UTF_8), clock.instant());
        return Effects.of(new Effect.DeadLettered(letter)).ledger(new LedgerEvent.Refusal(headers.get(CE + "source"),
                headers.get(CE + "id"), reason, in.value() == null ? null : Digests.hex(Digests.sha256(in.value()))));
    }

    /** A valid message the hub will not take as it stands: a dead letter for the operator, a notice to its sender. */
    Effects refused(Inbound in, Envelope envelope, String why) {
        return refused(in, envelope, DeadLetter.REFUSED, why);
    }

    /** {@link #refused(Inbound, Envelope, String)} under its own reason code, for the dead letter and the ledger refusal. */
    Effects refused(Inbound in, Envelope envelope, String reason, String why) {
        return setAside(in, reason, why, List.of()).status(in.key(), envelope.source(),
                new StatusNotice(envelope.id(), null, StatusNotice.REFUSED, why, null, List.of(), clock.instant()));
    }

    /** A fault of ours on a record: set aside by exception type only (a message may carry personal data). */
    Effects failed(Inbound in, RuntimeException fault) {
        return setAside(in, DeadLetter.PROCESSING_ERROR, fault.getClass().getName(), List.of());
    }
}
