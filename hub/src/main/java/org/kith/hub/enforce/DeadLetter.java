package org.kith.hub.enforce;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.kith.schemas.Violation;

/**
 * A record the core could not process, with the reason and its origin, so it can be fixed and
 * replayed through the same path. {@code headers} (the CloudEvents attributes) and {@code value} are
 * the original record; the dead-letter topic is hub-internal and never exposed to partners.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record DeadLetter(String reason, String detail, List<Violation> violations, String sourceTopic,
                         int sourcePartition, long sourceOffset, String key, Map<String, String> headers, String value,
                         Instant at) {

    public static final String UNPARSEABLE = "unparseable";
    public static final String INVALID = "invalid";
    public static final String KEY_MISMATCH = "key-mismatch";
    public static final String UNKNOWN_SENDER = "unknown-sender";
    public static final String NOT_AUTHORISED = "not-authorised";
    /**
     * A valid consent document the family's file cannot take: a revoked directive recorded again,
     * a revocation of a directive not on file, an authority that names no recipient, an emergency
     * longer than the jurisdiction allows. The detail says which.
     */
    public static final String REFUSED = "refused";
    /**
     * A child-safety emergency (break-glass) without a person the hub can verify who declared it and
     * holds the emergency role: a system alone cannot break the glass. The detail says why.
     */
    public static final String UNDECLARED_EMERGENCY = "undeclared-emergency";
    /** The hub failed on a valid message (a fault of ours); the detail names the exception type. */
    public static final String PROCESSING_ERROR = "processing-error";
}
