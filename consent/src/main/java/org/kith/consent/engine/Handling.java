package org.kith.consent.engine;

import java.util.Objects;
import java.util.Optional;

/**
 * What must travel with a disclosed copy: whether the recipient may pass it on, the 42 CFR 2.32
 * notice when substance-use records (or anything from a Part 2 program) go under consent, and
 * whether a reviewer must look at the decision (break-glass). A recipient's later forwarding is a new
 * disclosure that needs its own basis.
 */
public record Handling(boolean redisclosureProhibited, Optional<String> notice, boolean reviewRequired) {

    /** The 42 CFR 2.32(a)(1) short notice. */
    public static final String PART2_NOTICE = "42 CFR part 2 prohibits unauthorized use or disclosure of these records.";

    public static final Handling NONE = new Handling(false, Optional.empty(), false);

    private static final Handling[] SHARED = new Handling[8];

    static {
        for (int i = 0; i < SHARED.length; i++) {
            boolean prohibited = (i & 1) != 0;
            boolean notice = (i & 2) != 0;
            if (!notice || prohibited) {
                SHARED[i] = new Handling(prohibited, notice ? Optional.of(PART2_NOTICE) : Optional.empty(), (i & 4) != 0);
            }
        }
    }

    /** One of the few possible handlings, shared: the decision path does not allocate one each time. */
    static Handling of(boolean redisclosureProhibited, boolean part2Notice, boolean reviewRequired) {
        return SHARED[(redisclosureProhibited ? 1 : 0) | (part2Notice ? 2 : 0) | (reviewRequired ? 4 : 0)];
    }

    public Handling {
        Objects.requireNonNull(notice, "notice");
        if (notice.isPresent() && !redisclosureProhibited) {
            throw new IllegalArgumentException("a redisclosure notice goes only with a copy that may not be passed on");
        }
    }
}
