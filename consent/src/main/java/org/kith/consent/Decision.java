package org.kith.consent;

import java.util.List;
import java.util.Objects;

/**
 * The answer for one message and one recipient, always with what it rests on: the ids of the
 * directives (later also authorities, agreements, rules) that permit it, or the reason it is denied.
 */
public sealed interface Decision {

    String recipient();

    record Permit(String recipient, List<String> basisIds) implements Decision {
        public Permit {
            Objects.requireNonNull(recipient, "recipient");
            basisIds = List.copyOf(basisIds);
            if (basisIds.isEmpty()) {
                throw new IllegalArgumentException("a permit needs a basis");
            }
        }
    }

    record Deny(String recipient, DenyReason reason) implements Decision {
        public Deny {
            Objects.requireNonNull(recipient, "recipient");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
