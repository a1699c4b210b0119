package org.kith.hub.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.kith.hub.config.Partner;
import org.kith.hub.rules.RoutingRule;

/**
 * The measures cell a referral counts in, fixed when it is forwarded: the month it was sent (a
 * cohort: everything that later happens to it counts in that month), its referrer and recipient,
 * the service type and area, and the demographic group of the person it is for. A group, never a
 * person: no id, no name, no date of birth, only codes and bands, each from a closed list
 * ({@link MeasureCodes}): nothing a partner typed is ever a dimension, a value off its list is
 * {@code other}, and the constructor refuses anything that is not in the form of a code.
 *
 * <p>The area ({@code familyContact.address.area}) and the demographic group are the family's
 * demographics: they count only where the consent engine was asked, and allowed, that the
 * demographics of the person the referral is for go from the referrer to the recipient for the
 * {@code evaluation} purpose; else {@link #NOT_SHARED}. So the recipient, who is shown the
 * measures of the referrals it received, is never shown a value consent kept from it for them.
 * The area is one of the codes the referral's agreement lists ({@code measureAreas}), else
 * {@code other}.
 */
public record Cohort(String period, String referrer, String recipient, String serviceType, String area,
                     String raceEthnicity, String language, String ageBand) {

    public static final String UNKNOWN = "unknown";
    public static final String NOT_SHARED = "not-shared";
    public static final String MULTIPLE = "multiple";

    /** The dimensions a report can break measures down by, in key order. */
    public enum Dimension {
        PERIOD, REFERRER, RECIPIENT, SERVICE_TYPE, AREA, RACE_ETHNICITY, LANGUAGE, AGE_BAND;

        public String code() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private static final String PERIOD = "[0-9]{4}-[0-9]{2}";
    private static final String CODE = "[a-z0-9][a-z0-9+-]{0,63}";

    public Cohort {
        List<String> parts = List.of(period, referrer, recipient, serviceType, area, raceEthnicity, language, ageBand);
        for (String part : parts) {
            Objects.requireNonNull(part, "cohort dimension");
        }
        if (!period.matches(PERIOD) || !referrer.matches(Partner.ID_PATTERN) || !recipient.matches(Partner.ID_PATTERN)
                || parts.subList(3, parts.size()).stream().anyMatch(part -> !part.matches(CODE))) {
            throw new IllegalArgumentException("a cohort dimension is a month, a partner id or a code");
        }
    }

    /**
     * The cohort of a referral forwarded at {@code at}. {@code demographicsAllowed} is the consent
     * engine's answer on the evaluation use of the demographics of the person it is for, or true
     * when that person carries none (then nothing was asked, and the area does not count either).
     * {@code areas} are the codes the agreements the copy went under list for the measures: the
     * referral's area (trimmed, in lower case) counts if it is one of them, else as {@code other}.
     */
    public static Cohort of(JsonNode referral, String referrer, String recipient, Instant at, boolean demographicsAllowed,
                            Set<String> areas) {
        JsonNode person = subject(referral);
        JsonNode demographics = person.path("demographics");
        boolean asked = person.has("demographics") || person.has("birthDate");
        return new Cohort(at.atZone(ZoneOffset.UTC).toLocalDate().toString().substring(0, 7), referrer, recipient,
                referral.path("serviceType").isTextual()
                        ? MeasureCodes.code(referral.get("serviceType").asText(), MeasureCodes.SERVICE_TYPES) : UNKNOWN,
                asked && demographicsAllowed ? area(referral.at(RoutingRule.AREA_POINTER), areas) : NOT_SHARED,
                demographicsAllowed ? raceEthnicity(demographics.path("raceEthnicity")) : NOT_SHARED,
                demographicsAllowed ? language(demographics.path("primaryLanguage")) : NOT_SHARED,
                demographicsAllowed ? ageBand(person.path("birthDate"), at) : NOT_SHARED);
    }

    /** The person a referral is for: its first child or youth, else its first person. */
    public static JsonNode subject(JsonNode referral) {
        for (JsonNode person : referral.path("persons")) {
            String role = person.path("role").asText();
            if (role.equals("child") || role.equals("youth")) {
                return person;
            }
        }
        return referral.path("persons").path(0);
    }

    public String key() {
        return String.join("|", period, referrer, recipient, serviceType, area, raceEthnicity, language, ageBand);
    }

    public static Cohort parse(String key) {
        String[] parts = key.split("\\|", -1);
        if (parts.length != 8) {
            throw new IllegalArgumentException("not a cohort key");
        }
        return new Cohort(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5], parts[6], parts[7]);
    }

    public String value(Dimension dimension) {
        return switch (dimension) {
            case PERIOD -> period;
            case REFERRER -> referrer;
            case RECIPIENT -> recipient;
            case SERVICE_TYPE -> serviceType;
            case AREA -> area;
            case RACE_ETHNICITY -> raceEthnicity;
            case LANGUAGE -> language;
            case AGE_BAND -> ageBand;
        };
    }

    /** Whether {@code partner} is a side of this cohort's referrals. */
    public boolean involves(String partner) {
        return referrer.equals(partner) || recipient.equals(partner);
    }

    static String raceEthnicity(JsonNode codes) {
        if (!codes.isArray() || codes.isEmpty()) {
            return UNKNOWN;
        }
        return codes.size() == 1 ? MeasureCodes.code(codes.get(0).asText(), MeasureCodes.RACE_ETHNICITY) : MULTIPLE;
    }

    /**
     * The primary language subtag ({@code es} of {@code es-MX}) if it is an ISO 639-1 language:
     * finer tags make cells too small to show.
     */
    static String language(JsonNode tag) {
        return tag.isTextual()
                ? MeasureCodes.code(tag.asText().split("-")[0].toLowerCase(Locale.ROOT), MeasureCodes.LANGUAGES) : UNKNOWN;
    }

    /** The referral's area if it is one of {@code areas} (trimmed, in lower case); {@code unknown} if it has none. */
    private static String area(JsonNode area, Set<String> areas) {
        if (!area.isTextual() || area.asText().isBlank()) {
            return UNKNOWN;
        }
        return MeasureCodes.code(area.asText().strip().toLowerCase(Locale.ROOT), areas);
    }

    /** Age at referral in the bands child welfare reports use: 0-4, 5-9, 10-14, 15-17, 18+. */
    static String ageBand(JsonNode birthDate, Instant at) {
        if (!birthDate.isTextual()) {
            return UNKNOWN;
        }
        try {
            int age = Period.between(LocalDate.parse(birthDate.asText()), at.atZone(ZoneOffset.UTC).toLocalDate()).getYears();
            if (age < 0) {
                return UNKNOWN;
            }
            return age < 5 ? "0-4" : age < 10 ? "5-9" : age < 15 ? "10-14" : age < 18 ? "15-17" : "18+";
        } catch (DateTimeParseException e) {
            return UNKNOWN;
        }
    }
}
