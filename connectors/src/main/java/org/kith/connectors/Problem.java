package org.kith.connectors;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.kith.schemas.Violation;

/**
 * An RFC 9457 problem detail, the body of every refusal at the hub's HTTP edge. {@code type} is a
 * stable URN partners can switch on; {@code detail} and {@code violations} say exactly what to fix,
 * never echoing submitted values. {@code reason}, an extension member, is the reason code of a
 * refusal the ledger records (a signature or replay refusal), the same code as in the ledger.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, List<Violation> violations,
                      String reason) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem {
        violations = violations == null ? List.of() : List.copyOf(violations);
    }

    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem("urn:kith:problem:" + slug, title, status, detail, List.of(), null);
    }

    /** A refusal with a reason code the ledger records too; the code is also the type's last segment. */
    public static Problem refused(int status, String reason, String title, String detail) {
        return new Problem("urn:kith:problem:" + reason, title, status, detail, List.of(), reason);
    }

    public static Problem invalid(List<Violation> violations) {
        return new Problem("urn:kith:problem:invalid-message", "The message is not valid", 400,
                violations.size() + " violation(s); see violations", violations, null);
    }
}
