package org.kith.consent.engine;

import java.util.Objects;
import java.util.Optional;

/**
 * What must travel with a disclosed copy: whether the recipient may pass it on, the 42 CFR 2.32
 * notice when substance-use records go under consent, and whether a reviewer must look at the
 * decision (break-glass). A recipient's later forwarding is a new disclosure that needs its own basis.
 */
public record Handling(boolean redisclosureProhibited, Optional<String> notice, boolean reviewRequired) {

    /** The 42 CFR 2.32(a)(1) short notice. */
    public static final String PART2_NOTICE = "42 CFR part 2 prohibits unauthorized use or disclosure of these records.";

    public static final Handling NONE = new Handling(false, Optional.empty(), false);

    public Handling {
        Objects.requireNonNull(notice, "notice");
        if (notice.isPresent() && !redisclosureProhibited) {
            throw new IllegalArgumentException("a redisclosure notice goes only with a copy that may not be passed on");
        }
    }
}
