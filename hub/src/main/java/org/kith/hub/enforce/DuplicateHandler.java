package org.kith.hub.enforce;

import java.time.Clock;
import java.util.List;
import org.kith.hub.crypto.Digests;
import org.kith.hub.ledger.LedgerEvent;

/**
 * A second copy of a message the core decided already ({@link DecidedMessages}): nothing is decided
 * or sent again. The ledger records it as a {@value #REPLAYED} refusal naming the message id (and the
 * sender's event id and the copy's SHA-256), and the sender is told on its status topic, so a copy
 * that slipped past the door is never silent.
 */
final class DuplicateHandler {

    /** The reason code, the same as the door's for a message id used again. */
    static final String REPLAYED = "replayed";

    private final Clock clock;

    DuplicateHandler(Clock clock) {
        this.clock = clock;
    }

    Effects handle(Arrival.Duplicate arrival) {
        var envelope = arrival.envelope();
        String sender = arrival.sender().id();
        byte[] value = arrival.inbound().value();
        return Effects.none()
                .ledger(new LedgerEvent.Refusal(sender, envelope.partnereventid(), REPLAYED,
                        value == null ? null : Digests.hex(Digests.sha256(value)), envelope.id()))
                .status(arrival.inbound().key(), sender, new StatusNotice(envelope.id(), null, StatusNotice.REFUSED,
                        REPLAYED, null, List.of(), clock.instant(), null, null, envelope.partnereventid()));
    }
}
