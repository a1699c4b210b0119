package org.kith.connectors;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.kith.schemas.ValidationResult;
import org.kith.schemas.Violation;

/**
 * An RFC 9457 problem detail, the body of every refusal at the hub's HTTP edge. {@code type} is a
 * stable URN partners can switch on; {@code detail} and {@code violations} say exactly what to fix.
 * Nothing in a problem is taken from the request: no submitted value, no member name the sender
 * chose, no id from the path; a violation names the schema's side of the rule ({@link Violation}).
 * {@code reason}, an extension member, is the code of a refusal that is one rule rather than a list
 * of violations (a signature or replay refusal, which the ledger records with the same code; bytes
 * that are not canonical UTF-8); it is also the type's last segment.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, List<Violation> violations,
                      String reason) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE = "urn:kith:problem:";

    public Problem {
        violations = violations == null ? List.of() : List.copyOf(violations);
    }

    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem(TYPE + slug, title, status, detail, List.of(), null);
    }

    /** A refusal with a reason code; the code is also the type's last segment. */
    public static Problem refused(int status, String reason, String title, String detail) {
        return new Problem(TYPE + reason, title, status, detail, List.of(), reason);
    }

    public static Problem invalid(List<Violation> violations) {
        return new Problem(TYPE + "invalid-message", "The message is not valid", 400,
                violations.size() + " violation(s); see violations", violations, null);
    }

    /** A document refused at the door: not canonical UTF-8 (with its reason code), or not valid. */
    public static Problem invalid(ValidationResult.Invalid invalid) {
        if (invalid.reason() == null) {
            return invalid(invalid.violations());
        }
        return new Problem(TYPE + invalid.reason(), "Not canonical UTF-8 JSON", 400,
                "the bytes are refused as they stand (" + invalid.reason() + "); see violations",
                invalid.violations(), invalid.reason());
    }

    /** A body over the size limit: the same answer whether the HTTP server or a route refused it. */
    public static Problem tooLarge(long maxBytes) {
        return of(413, "too-large", "Message too large", "the limit is " + maxBytes + " bytes");
    }
}
