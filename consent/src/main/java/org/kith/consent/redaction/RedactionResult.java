package org.kith.consent.redaction;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;
import org.kith.consent.engine.Handling;

/** What applying a decision to a payload yields: a copy to send, or nothing. */
public sealed interface RedactionResult {

    /**
     * The copy for the recipient, the JSON pointers removed from the original (outermost only: a
     * removed node's children go with it), and what must travel with the copy.
     */
    record Copy(JsonNode data, List<String> removedPointers, Handling handling) implements RedactionResult {
        public Copy {
            Objects.requireNonNull(data, "data");
            removedPointers = List.copyOf(removedPointers);
            Objects.requireNonNull(handling, "handling");
        }
    }

    /**
     * Nothing is sent: the decision denied, or a core field would not survive.
     *
     * @param missingCoreFields the core pointers a copy would have lacked (empty for a denial)
     */
    record NotSent(List<String> missingCoreFields) implements RedactionResult {
        public NotSent {
            missingCoreFields = List.copyOf(missingCoreFields);
        }
    }
}
