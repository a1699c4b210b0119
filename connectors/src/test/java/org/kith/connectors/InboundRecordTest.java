package org.kith.connectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The hub's message id is a name-based UUID of the event's source and id: the same event, the same id. */
class InboundRecordTest {

    @Test
    void theMessageIdIsTheVersion5UuidOfSourceAndEventId() {
        String id = InboundRecord.messageId("county-cw", "evt-1");
        // Python's uuid.uuid5(UUID('6f3b1c1e-5a0d-4f2e-9b7a-4b1d2c3e4f50'), 'county-cw|evt-1'): an independent implementation
        assertEquals("d66baffd-a7ac-567d-916f-50e195870940", id);
        assertEquals(5, UUID.fromString(id).version());
        assertEquals(2, UUID.fromString(id).variant());
        assertEquals(id, InboundRecord.messageId("county-cw", "evt-1"));
    }

    @Test
    void anotherSourceOrIdIsAnotherMessage() {
        String id = InboundRecord.messageId("county-cw", "evt-1");
        assertNotEquals(id, InboundRecord.messageId("county-cw", "evt-2"));
        assertNotEquals(id, InboundRecord.messageId("riverside-clinic", "evt-1"));
        assertNotEquals(InboundRecord.messageId("a", "b-c"), InboundRecord.messageId("a-b", "c"));
        assertThrows(IllegalArgumentException.class, () -> InboundRecord.messageId("a|b", "c"),
                "a partner id holds no '|', which separates the two");
    }
}
