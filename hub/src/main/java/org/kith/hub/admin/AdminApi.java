package org.kith.hub.admin;

import java.util.LinkedHashMap;
import java.util.Map;
import org.kith.connectors.api.Parameter;
import org.kith.connectors.api.Response;
import org.kith.connectors.api.Schemas;
import org.kith.hub.config.Partner;

/**
 * What the administration API's operations share in their declarations: the parameters several of
 * them take (each written once among the document's components) and the answers every operation
 * behind the role gate gives ({@link #DEFAULT_RESPONSES}, added to each unless it declares its
 * own). A path parameter named here ({@link #PATH_PARAMETERS}) is declared by its name alone: an
 * operation whose path has {@code {familyId}} takes {@link #FAMILY_ID} without saying so.
 */
public final class AdminApi {

    private static final String ID = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$";

    public static final Parameter FAMILY_ID = Parameter.path("familyId", Schemas.pattern(ID)).named("familyId");
    public static final Parameter DIRECTIVE_ID = Parameter.path("directiveId", Schemas.pattern(ID)).named("directiveId");
    public static final Parameter AUTHORITY_ID = Parameter.path("authorityId", Schemas.pattern(ID)).named("authorityId");
    /** A configuration object's id (agreement, routing rule, statute rule). */
    public static final Parameter CONFIG_ID = Parameter.path("id", Schemas.pattern("^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$"))
            .named("id");
    public static final Parameter PARTNER_ID = Parameter.path("id", Schemas.pattern("^" + Partner.ID_PATTERN + "$"))
            .description("The partner id").named("pid");
    public static final Parameter OFFSET = Parameter.path("offset", Schemas.json("{\"type\": \"integer\", \"minimum\": 0}"))
            .description("The dead letter's offset").named("offset");
    public static final Parameter CHANGE_ID = Parameter.path("changeId", Schemas.json("{\"type\": \"string\", \"format\": \"uuid\"}"))
            .named("changeId");

    public static final Parameter PERSON = Parameter.query("person", Schemas.json("{\"type\": \"string\"}"))
            .description("Only the disclosures about this family member").named("person");
    public static final Parameter PAGE_FORMAT = Parameter.query("format", Schemas.json("""
            {"type": "string", "enum": ["json", "html"]}""")).named("format");
    public static final Parameter FHIR_FORMAT = Parameter.query("format", Schemas.json("""
            {"type": "string", "enum": ["json", "fhir"]}""")).named("fformat");
    public static final Parameter MEASURES_FORMAT = Parameter.query("format", Schemas.json("""
            {"type": "string", "enum": ["json", "csv", "html"]}""")).named("mformat");
    public static final Parameter FROM = Parameter.query("from", Schemas.pattern("^[0-9]{4}-[0-9]{2}$")).named("from");
    public static final Parameter TO = Parameter.query("to", Schemas.pattern("^[0-9]{4}-[0-9]{2}$")).named("to");
    public static final Parameter RELEASE = Parameter.query("release", Schemas.json("""
            {"type": "string", "enum": ["internal", "public"]}""")).named("release");
    public static final Parameter AGENCY = Parameter.query("agency", Schemas.json("{\"type\": \"string\"}"))
            .description("The child welfare agency recording it (default: the family's responsible agency); one your"
                    + " scope covers").named("agency");
    /** {@code ?partner=}: a partner's webhook dead letters instead of the hub's. */
    public static final Parameter PARTNER = Parameter.query("partner", Schemas.pattern("^" + Partner.ID_PATTERN + "$"))
            .description("A partner's id: its webhook dead letters (copies it refused for good) instead of the hub's");

    /** The path parameters an operation takes by their name alone; {@code {id}} is a configuration object's. */
    public static final Map<String, Parameter> PATH_PARAMETERS = Map.of(
            "familyId", FAMILY_ID, "directiveId", DIRECTIVE_ID, "authorityId", AUTHORITY_ID, "id", CONFIG_ID,
            "offset", OFFSET, "changeId", CHANGE_ID);

    public static final Response BAD_REQUEST = Response.problem("Malformed request: not JSON, a bad parameter")
            .named("BadRequest");
    public static final Response UNAUTHENTICATED = Response.problem("No known bearer token").named("Unauthenticated");
    public static final Response FORBIDDEN = Response.problem("The user lacks the role").named("Forbidden");
    public static final Response UNAVAILABLE = Response.problem("Kafka did not take it, or another instance holds the "
            + "family: nothing was changed, retry").named("Unavailable");
    /** What every operation behind the role gate may answer besides its own answers. */
    public static final Map<String, Response> DEFAULT_RESPONSES = defaults();

    /** The answer to a body over {@code kith.ingress.max.bytes}. */
    public static final Response TOO_LARGE = Response.problem("Too large");

    private AdminApi() {
    }

    private static Map<String, Response> defaults() {
        Map<String, Response> defaults = new LinkedHashMap<>();
        defaults.put("400", BAD_REQUEST);
        defaults.put("401", UNAUTHENTICATED);
        defaults.put("403", FORBIDDEN);
        defaults.put("503", UNAVAILABLE);
        return java.util.Collections.unmodifiableMap(defaults);
    }
}
