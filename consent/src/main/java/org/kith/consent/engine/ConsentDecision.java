package org.kith.consent.engine;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.kith.schemas.Category;

/**
 * The engine's answer for one message and one recipient: send everything, send a redacted copy, or
 * send nothing. Each carries the categories granted with their bases, the categories withheld with
 * their reasons, the ids it rests on, the policy version, and can say all that in a sentence.
 */
public sealed interface ConsentDecision {

    enum Outcome { PERMIT, REDACT, DENY }

    DecisionHeader header();

    List<Grant> granted();

    List<Withheld> withheld();

    Bases bases();

    Handling handling();

    Outcome outcome();

    /** The categories a copy may carry. */
    default Set<Category> disclosed() {
        EnumSet<Category> out = EnumSet.noneOf(Category.class);
        granted().forEach(g -> out.add(g.category()));
        return out;
    }

    /** One plain-language sentence for a caseworker or a family. */
    default String explanation() {
        return Explanations.explain(this);
    }

    /** Everything in the message may go. */
    record Permit(DecisionHeader header, List<Grant> granted, Bases bases, Handling handling)
            implements ConsentDecision {
        public Permit {
            Objects.requireNonNull(header, "header");
            granted = List.copyOf(granted);
            Objects.requireNonNull(bases, "bases");
            Objects.requireNonNull(handling, "handling");
            if (granted.isEmpty()) {
                throw new IllegalArgumentException("a permit grants something");
            }
        }

        public List<Withheld> withheld() {
            return List.of();
        }

        public Outcome outcome() {
            return Outcome.PERMIT;
        }
    }

    /** Some categories go, the rest are removed; every core field survives. */
    record Redact(DecisionHeader header, List<Grant> granted, List<Withheld> withheld, Bases bases,
                  Handling handling) implements ConsentDecision {
        public Redact {
            Objects.requireNonNull(header, "header");
            granted = List.copyOf(granted);
            withheld = List.copyOf(withheld);
            Objects.requireNonNull(bases, "bases");
            Objects.requireNonNull(handling, "handling");
            if (granted.isEmpty() || withheld.isEmpty()) {
                throw new IllegalArgumentException("a redaction grants something and withholds something");
            }
        }

        public Outcome outcome() {
            return Outcome.REDACT;
        }
    }

    /** Nothing goes to this recipient. */
    record Deny(DecisionHeader header, List<Withheld> withheld, Bases bases) implements ConsentDecision {
        public Deny {
            Objects.requireNonNull(header, "header");
            withheld = List.copyOf(withheld);
            Objects.requireNonNull(bases, "bases");
            if (withheld.isEmpty()) {
                throw new IllegalArgumentException("a denial says what it withholds and why");
            }
        }

        public List<Grant> granted() {
            return List.of();
        }

        public Handling handling() {
            return Handling.NONE;
        }

        public Outcome outcome() {
            return Outcome.DENY;
        }
    }
}
