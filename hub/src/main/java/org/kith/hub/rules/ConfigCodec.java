package org.kith.hub.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.kith.consent.jurisdiction.StatuteRule;
import org.kith.consent.model.Agreement;
import org.kith.consent.model.Period;
import org.kith.hub.evaluation.MeasureCodes;
import org.kith.hub.referral.ReferralSla;
import org.kith.schemas.Category;
import org.kith.schemas.MessageType;
import org.kith.schemas.PartnerKind;
import org.kith.schemas.Purpose;

/**
 * The JSON form of what the config topic holds, keyed {@code agreement:<id>}, {@code rule:<id>} and
 * {@code statute:<id>}.
 * Dates are whole days (UTC): an agreement is live from the start of {@code effective} to the end of
 * {@code expires}.
 */
public final class ConfigCodec {

    public static final String AGREEMENT = "agreement:";
    public static final String RULE = "rule:";
    public static final String STATUTE = "statute:";
    /** A partner registered through the administration API; {@code {"id", "removed": true}} once removed. */
    public static final String PARTNER = "partner:";

    private ConfigCodec() {
    }

    public static Agreement agreement(JsonNode json) {
        LocalDate effective = LocalDate.parse(required(json, "effective").asText());
        Optional<LocalDate> expires = Optional.ofNullable(json.get("expires")).map(n -> LocalDate.parse(n.asText()));
        Period period = new Period(effective.atStartOfDay().toInstant(ZoneOffset.UTC),
                expires.map(d -> d.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC)));
        return new Agreement(required(json, "id").asText(), texts(json.get("parties")),
                codes(json.get("purposes"), Purpose.class, c -> Purpose.fromCode(c).orElseThrow(() -> unknown("purpose", c))),
                codes(json.get("messageTypes"), MessageType.class, MessageType::fromShortName),
                codes(json.get("categories"), Category.class, c -> Category.fromCode(c).orElseThrow(() -> unknown("category", c))),
                period);
    }

    /** The referral SLA an agreement sets ({@code referralSla}), if any; a malformed one makes the agreement unreadable. */
    public static Optional<ReferralSla> referralSla(JsonNode agreement) {
        JsonNode sla = agreement.get("referralSla");
        return sla == null || sla.isNull() ? Optional.empty() : Optional.of(ReferralSla.fromJson(sla));
    }

    /**
     * The area codes an agreement lists for the partnership's measures ({@code measureAreas}): the
     * codes a referral under it is counted by, every other area being {@code other}. Each is a
     * lower-case code ({@link MeasureCodes#isAreaCode}); throws {@link IllegalArgumentException} otherwise.
     */
    public static Set<String> measureAreas(JsonNode agreement) {
        JsonNode areas = agreement.get("measureAreas");
        if (areas == null || areas.isNull()) {
            return Set.of();
        }
        if (!areas.isArray()) {
            throw new IllegalArgumentException("measureAreas must be a list of area codes");
        }
        Set<String> codes = new LinkedHashSet<>();
        for (JsonNode area : areas) {
            if (!area.isTextual() || !MeasureCodes.isAreaCode(area.asText())) {
                throw new IllegalArgumentException("an area code is lower-case letters, digits and '-', and not "
                        + MeasureCodes.RESERVED.stream().sorted().toList());
            }
            codes.add(area.asText());
        }
        return Set.copyOf(codes);
    }

    public static RoutingRule rule(JsonNode json) {
        List<RoutingRule.Condition> where = new ArrayList<>();
        json.path("where").forEach(c -> where.add(new RoutingRule.Condition(required(c, "pointer").asText(),
                required(c, "equals").asText())));
        return new RoutingRule(required(json, "id").asText(),
                codes(json.get("messageTypes"), MessageType.class, MessageType::fromShortName),
                codes(json.get("senderKinds"), PartnerKind.class, PartnerKind::fromCode),
                texts(json.get("senders")), where,
                List.copyOf(texts(json.get("to"))), List.copyOf(texts(json.get("toFromFields"))),
                json.has("choose") ? RoutingRule.Choice.fromCode(json.get("choose").asText()) : RoutingRule.Choice.ALL);
    }

    /**
     * A statute that is a lawful basis for disclosure without consent, e.g. the FERPA exception:
     * from which kinds of sender to which kinds of recipient, which categories, purposes and types.
     */
    public static StatuteRule statute(JsonNode json) {
        return new StatuteRule(required(json, "id").asText(), required(json, "citation").asText(),
                codes(json.get("senderKinds"), PartnerKind.class, PartnerKind::fromCode),
                codes(json.get("recipientKinds"), PartnerKind.class, PartnerKind::fromCode),
                json.path("responsibleAgencyOnly").asBoolean(false),
                codes(json.get("categories"), Category.class, c -> Category.fromCode(c).orElseThrow(() -> unknown("category", c))),
                codes(json.get("purposes"), Purpose.class, c -> Purpose.fromCode(c).orElseThrow(() -> unknown("purpose", c))),
                codes(json.get("messageTypes"), MessageType.class, MessageType::fromShortName),
                json.path("redisclosureAllowed").asBoolean(false));
    }

    /** The config-topic key of an entry of a config file section. */
    public static String key(String prefix, JsonNode json) {
        return prefix + required(json, "id").asText();
    }

    private static JsonNode required(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("config entry without '" + field + "'");
        }
        return value;
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> values = new LinkedHashSet<>();
        if (array != null) {
            array.forEach(v -> values.add(v.asText()));
        }
        return values;
    }

    private static <E extends Enum<E>> Set<E> codes(JsonNode array, Class<E> type, Function<String, E> parse) {
        Set<E> values = EnumSet.noneOf(type);
        if (array != null) {
            array.forEach(v -> values.add(parse.apply(v.asText())));
        }
        return values;
    }

    private static IllegalArgumentException unknown(String what, String code) {
        return new IllegalArgumentException("unknown " + what + " '" + code + "'");
    }
}
