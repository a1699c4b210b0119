package org.kith.connectors.rest;

import org.kith.connectors.api.Parameter;
import org.kith.connectors.api.Response;
import org.kith.connectors.api.Schemas;

/**
 * The answers every operation of the partners' API shares, declared once and written once among
 * the document's components: a request the hub cannot read, no known credential, a body over the
 * limit, the partner's rate limit spent, and Kafka (or the instance holding the family) out of reach.
 */
public final class PartnerApi {

    public static final Response BAD_REQUEST = Response.problem("Malformed or invalid request: not JSON, not valid "
            + "(every violation with its JSON pointer), a bad id or parameter").named("BadRequest");
    public static final Response UNAUTHENTICATED = Response.problem("No bearer token, or one the hub does not know")
            .header("WWW-Authenticate", Schemas.json("{\"schema\": {\"type\": \"string\"}}")).named("Unauthenticated");
    public static final Response TOO_LARGE = Response.problem("Larger than kith.ingress.max.bytes").named("TooLarge");
    public static final Response RATE_LIMITED = Response.problem("rate-limited: the partner made more requests than "
            + "its limit in this period; nothing was accepted, retry after Retry-After seconds")
            .header("Retry-After", Schemas.json("""
                    {"description": "Seconds until the partner's next permit", "required": true,
                     "schema": {"type": "integer", "minimum": 1}}"""))
            .named("RateLimited");
    public static final Response UNAVAILABLE = Response.problem("Kafka did not take it, or no instance holds the "
            + "family now: nothing was changed, retry").named("Unavailable");

    /** The publisher's signature over the body, on every request that submits a message. */
    public static final Parameter SIGNATURE = Parameter.header("Kith-Signature", false,
            Schemas.pattern("^[A-Za-z0-9_-]+\\.\\.[A-Za-z0-9_-]+$")).description("Detached JWS (RFC 7515, RFC 7797"
            + " unencoded payload, EdDSA) by one of the partner's registered keys: BASE64URL(header)..BASE64URL(signature)."
            + " Required unless the hub runs with kith.ingress.signatures=optional.");
    /** A submission whose source or signature is not the partner's. */
    public static final Response NOT_SIGNED = Response.problem("source is not the token's partner (source-mismatch),"
            + " or no valid signature of these bytes by a live key of the partner (unsigned, malformed, unknown-key,"
            + " retired-key, bad-signature, unsupported-alg)");
    public static final Response REPLAYED = Response.problem("replayed: the partner sent a message with this id"
            + " within the replay window");
    public static final Response FAMILY_LIMIT = Response.problem("family-limit: a consent document (family profile,"
            + " directive, revocation, legal authority) that would take its family past its limits"
            + " (kith.family.max.documents documents in force, kith.family.max.bytes of their data); nothing was"
            + " accepted. Replace or revoke directives instead of adding to them");

    private PartnerApi() {
    }
}
