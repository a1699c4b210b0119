package org.kith.schemas;

import java.util.List;

/** The outcome of checking one submitted document: a valid submission, or every violation found. */
public sealed interface ValidationResult {

    record Valid(Submission submission) implements ValidationResult {
    }

    /**
     * @param reason the refusal's code when the bytes themselves are not canonical
     *               ({@link StrictUtf8#NOT_UTF8}, {@link StrictUtf8#BOM}, {@link StrictUtf8#LONE_SURROGATE}); null
     *               for a document that reads but is not valid
     */
    record Invalid(List<Violation> violations, String reason) implements ValidationResult {
        public Invalid {
            violations = List.copyOf(violations);
            if (violations.isEmpty()) {
                throw new IllegalArgumentException("an invalid result needs at least one violation");
            }
        }

        public Invalid(List<Violation> violations) {
            this(violations, null);
        }
    }
}
