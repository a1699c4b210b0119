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
import org.kith.hub.rules.RoutingRule;

/**
 * The measures cell a referral counts in, fixed when it is forwarded: the month it was sent (a
 * cohort: everything that later happens to it counts in that month), its referrer and recipient,
 * the service type and area, and the demographic group of the person it is for (only where the
 * referral carried it and consent allows its use for evaluation; else {@link #NOT_SHARED}). A
 * group, never a person: no id, no name, no date of birth, only codes and bands.
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

    public Cohort {
        for (String part : List.of(period, referrer, recipient, serviceType, area, raceEthnicity, language, ageBand)) {
            Objects.requireNonNull(part, "cohort dimension");
            if (part.indexOf('|') >= 0) {
                throw new IllegalArgumentException("a cohort dimension cannot hold '|'");
            }
        }
    }

    /**
     * The cohort of a referral forwarded at {@code at}; {@code demographicsAllowed} says whether
     * the family's consent (or an authority) lets its demographics be used for evaluation.
     */
    public static Cohort of(JsonNode referral, String referrer, String recipient, Instant at, boolean demographicsAllowed) {
        JsonNode person = subject(referral);
        JsonNode demographics = person.path("demographics");
        return new Cohort(at.atZone(ZoneOffset.UTC).toLocalDate().toString().substring(0, 7), referrer, recipient,
                clean(referral.path("serviceType").asText(UNKNOWN)),
                clean(referral.at(RoutingRule.AREA_POINTER).asText(UNKNOWN)),
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
        return codes.size() == 1 ? clean(codes.get(0).asText()) : MULTIPLE;
    }

    /** The primary language subtag ({@code es} of {@code es-MX}): finer tags make cells too small to show. */
    static String language(JsonNode tag) {
        return tag.isTextual() ? clean(tag.asText().split("-")[0].toLowerCase(Locale.ROOT)) : UNKNOWN;
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

    private static String clean(String value) {
        return value.isBlank() ? UNKNOWN : value.replace('|', '/');
    }
}
