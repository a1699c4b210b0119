package org.kith.consent.engine;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The plain-language sentence of a decision, for a caseworker or a family. Built from ids, category
 * names and reason phrases only, so it never carries personal data. Computed on demand: the
 * decision path does not pay for a sentence nobody reads.
 */
final class Explanations {

    private Explanations() {
    }

    static String explain(ConsentDecision decision) {
        String recipient = decision.header().recipientId();
        StringBuilder s = new StringBuilder();
        switch (decision.outcome()) {
            case PERMIT -> s.append("Sent to ").append(recipient).append(" in full (")
                    .append(categories(decision.granted())).append(")")
                    .append(basesClause(decision)).append('.');
            case REDACT -> s.append("Sent to ").append(recipient).append(" without ")
                    .append(reasons(decision.withheld())).append("; the rest (")
                    .append(categories(decision.granted())).append(")")
                    .append(basesClause(decision)).append('.');
            case DENY -> s.append("Nothing was sent to ").append(recipient).append(": ")
                    .append(reasons(decision.withheld())).append('.');
        }
        Handling h = decision.handling();
        if (h.notice().isPresent()) {
            s.append(" The copy carries the federal notice that these substance use records may not be passed on.");
        } else if (h.redisclosureProhibited()) {
            s.append(" The recipient may not pass it on without its own basis.");
        }
        if (h.reviewRequired()) {
            s.append(" Emergency access was used; the decision is flagged for review.");
        }
        s.append(" (Policy ").append(decision.header().policyVersion()).append(".)");
        return s.toString();
    }

    private static String categories(List<Grant> granted) {
        return granted.stream().map(g -> g.category().code()).collect(Collectors.joining(", "));
    }

    private static String reasons(List<Withheld> withheld) {
        return withheld.stream()
                .map(w -> w.label() + " because " + w.reason().phrase()
                        + (w.causes().isEmpty() ? "" : " (" + String.join(", ", w.causes()) + ")"))
                .collect(Collectors.joining("; "));
    }

    /** What the granted categories rest on; the ids behind withholdings are named with their reasons. */
    private static String basesClause(ConsentDecision decision) {
        Set<String> used = new LinkedHashSet<>();
        decision.granted().forEach(g -> used.addAll(g.bases()));
        Bases bases = decision.bases();
        List<String> consents = bases.directives().stream().filter(used::contains).toList();
        List<String> authorities = bases.authorities().stream().filter(used::contains).toList();
        List<String> agreements = bases.agreements().stream().filter(used::contains).toList();
        StringBuilder s = new StringBuilder();
        if (!consents.isEmpty()) {
            s.append(" under consent ").append(String.join(", ", consents));
        }
        if (!authorities.isEmpty()) {
            s.append(s.length() == 0 ? " under " : " and ").append(String.join(", ", authorities));
        }
        s.append(" within agreement ").append(String.join(", ", agreements));
        return s.toString();
    }
}
