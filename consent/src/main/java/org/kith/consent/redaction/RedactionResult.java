package org.kith.consent.redaction;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.kith.consent.engine.ConsentDecision;
import org.kith.consent.engine.Handling;
import org.kith.schemas.Category;

/**
 * What applying a decision to a payload yields: a copy to send, or nothing; either way with the
 * decision as it was carried out, which is what the sender's notice, the ledger and the accounting
 * of disclosures must say.
 */
public sealed interface RedactionResult {

    /**
     * The decision as the copy bears it out: it lists as disclosed exactly the categories of the
     * copy's values ({@link CarriedCategories}), and as withheld, beside the engine's reasons, every
     * permitted category that lost a value to a withheld container ({@code container-withheld}).
     * A copy that is not sent is a denial.
     */
    ConsentDecision decision();

    /** The categories the recipient receives: those of the copy sent, none if nothing is sent. */
    default Set<Category> disclosed() {
        return decision().disclosed();
    }

    /**
     * The copy for the recipient and the JSON pointers removed from the original (outermost only: a
     * removed node's children go with it; a container kept as a shell is not removed, its withheld
     * members are).
     */
    record Copy(JsonNode data, List<String> removedPointers, ConsentDecision decision) implements RedactionResult {
        public Copy {
            Objects.requireNonNull(data, "data");
            removedPointers = List.copyOf(removedPointers);
            Objects.requireNonNull(decision, "decision");
            if (decision.outcome() == ConsentDecision.Outcome.DENY) {
                throw new IllegalArgumentException("a copy is sent under a permit or a redaction, never a denial");
            }
        }

        /** What must travel with the copy. */
        public Handling handling() {
            return decision.handling();
        }
    }

    /**
     * Nothing is sent: the decision denied, or a core field would not survive.
     *
     * @param missingCoreFields the core pointers a copy would have lacked (empty for a denial)
     * @param decision          the denial: the engine's, or one saying why no copy could be made
     */
    record NotSent(List<String> missingCoreFields, ConsentDecision.Deny decision) implements RedactionResult {
        public NotSent {
            missingCoreFields = List.copyOf(missingCoreFields);
            Objects.requireNonNull(decision, "decision");
        }
    }
}
