package org.kith.consent.model;

import java.util.Optional;

/**
 * How the directive was obtained, so that a family, an auditor or a court can check it was
 * informed: the form, a hash of the signed document, the language it was explained in, a witness.
 */
public record Evidence(String formReference, Optional<String> documentHash, String language,
                       Optional<String> witness) {
    public Evidence {
        Ids.require(formReference, "evidence form reference");
        Ids.require(language, "evidence language");
        java.util.Objects.requireNonNull(documentHash, "evidence document hash");
        java.util.Objects.requireNonNull(witness, "evidence witness");
    }

    public static Evidence form(String formReference, String language) {
        return new Evidence(formReference, Optional.empty(), language, Optional.empty());
    }
}
