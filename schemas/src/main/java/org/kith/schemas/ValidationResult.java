package org.kith.schemas;

import java.util.List;

/** The outcome of checking one submitted document: a valid submission, or every violation found. */
public sealed interface ValidationResult {

    record Valid(Submission submission) implements ValidationResult {
    }

    record Invalid(List<Violation> violations) implements ValidationResult {
        public Invalid {
            violations = List.copyOf(violations);
            if (violations.isEmpty()) {
                throw new IllegalArgumentException("an invalid result needs at least one violation");
            }
        }
    }
}
