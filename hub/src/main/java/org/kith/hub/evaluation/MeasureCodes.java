package org.kith.hub.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.kith.consent.engine.ReasonCode;
import org.kith.schemas.Contracts;
import org.kith.schemas.MessageType;

/**
 * The closed lists every label, key and column of the measures is taken from, so that nothing a
 * partner typed ever becomes one: the message schemas' enumerations (service types, race and
 * ethnicity, decline reasons, outcomes), the ISO 639-1 languages the JDK knows, the consent engine's
 * reason codes, and, for areas, the codes an agreement lists ({@code measureAreas}, checked by
 * {@link #isAreaCode}). A value off its list counts as {@link #OTHER}.
 */
public final class MeasureCodes {

    /** A value that is not on its closed list. */
    public static final String OTHER = "other";
    /** The form of a configured area code: lower-case letters, digits and '-'. */
    public static final String AREA_CODE = "[a-z0-9][a-z0-9-]{0,63}";
    /** The words of the measures themselves, which no configured area may take. */
    public static final Set<String> RESERVED = Set.of(OTHER, Cohort.UNKNOWN, Cohort.NOT_SHARED, Cohort.MULTIPLE);

    public static final Set<String> SERVICE_TYPES = enumeration(MessageType.REFERRAL, "/properties/serviceType/enum");
    public static final Set<String> RACE_ETHNICITY = enumeration(MessageType.REFERRAL,
            "/$defs/person/properties/demographics/properties/raceEthnicity/items/enum");
    public static final Set<String> DECLINE_REASONS = enumeration(MessageType.REFERRAL_STATUS,
            "/properties/reasonCode/enum");
    public static final Set<String> OUTCOMES = enumeration(MessageType.REFERRAL_STATUS, "/properties/outcome/enum");
    /** ISO 639-1, as the JDK lists it: a primary language subtag off it (a three-letter one included) is {@code other}. */
    public static final Set<String> LANGUAGES = Set.of(Locale.getISOLanguages());
    /** The consent engine's reason codes, and the core's own for an addressee that is not a partner. */
    public static final Set<String> WITHHELD_REASONS = Stream.concat(Arrays.stream(ReasonCode.values())
            .map(ReasonCode::code), Stream.of("unknown-recipient")).collect(Collectors.toUnmodifiableSet());

    private MeasureCodes() {
    }

    /** {@code value} if it is on {@code list}, else {@link #OTHER}. */
    public static String code(String value, Set<String> list) {
        return value != null && list.contains(value) ? value : OTHER;
    }

    /** Whether {@code code} may be configured as an area: of the form {@link #AREA_CODE} and not a reserved word. */
    public static boolean isAreaCode(String code) {
        return code != null && code.matches(AREA_CODE) && !RESERVED.contains(code);
    }

    private static Set<String> enumeration(MessageType type, String pointer) {
        JsonNode values = Contracts.schemaDocument(type).at(pointer);
        if (!values.isArray() || values.isEmpty()) {
            throw new IllegalStateException("the " + type.shortName() + " schema has no enumeration at " + pointer);
        }
        Set<String> codes = new LinkedHashSet<>();
        values.forEach(value -> codes.add(value.asText()));
        return Set.copyOf(codes);
    }
}
