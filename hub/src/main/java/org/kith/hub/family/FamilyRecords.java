package org.kith.hub.family;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.kith.consent.engine.FamilyRecord;
import org.kith.consent.jurisdiction.GrantorAuthority;
import org.kith.consent.jurisdiction.Jurisdiction;
import org.kith.consent.model.AuthorityScope;
import org.kith.consent.model.Capacity;
import org.kith.consent.model.Directive;
import org.kith.consent.model.EmergencyAccess;
import org.kith.consent.model.Evidence;
import org.kith.consent.model.FamilyProfile;
import org.kith.consent.model.LegalAuthority;
import org.kith.consent.model.Period;
import org.kith.consent.model.Person;
import org.kith.consent.model.Recipients;
import org.kith.consent.model.Sources;
import org.kith.consent.model.UnreadableDirective;
import org.kith.schemas.Category;
import org.kith.schemas.MessageType;
import org.kith.schemas.PartnerKind;
import org.kith.schemas.Purpose;

/**
 * Reads a family's documents (family-profile, consent-directive, legal-authority data) into the
 * consent engine's {@link FamilyRecord}. Days are whole days in the jurisdiction's zone: a period
 * runs from the start of its first day to the end of its last.
 *
 * <p>Two readings. For recording, each new document is read alone ({@link #profile},
 * {@link #directive}, {@link #authority}): one the engine cannot take throws with the reason, and
 * {@link Filing} files nothing. {@link #read} is for deciding and never throws: a directive that
 * does not read is recorded as unreadable (it might be a deny, so consent-based disclosure for the
 * family stops), an authority that does not read grants nothing, a profile that does not read
 * leaves the family without facts, so no directive binds. Each way fails closed. The record is
 * built once from what the family holds, its directives compiled a single time.
 */
public final class FamilyRecords {

    private final Jurisdiction jurisdiction;
    private final ZoneId zone;

    public FamilyRecords(Jurisdiction jurisdiction) {
        this.jurisdiction = jurisdiction;
        this.zone = jurisdiction.zone();
    }

    /**
     * The subjects of {@code directive} for whom its grantor may consent to none of its categories
     * on {@code at}'s day, as the family's profile stands in {@code family}: a directive that would
     * bind nobody for them. All of them when the family has no profile.
     *
     * @throws RuntimeException with the reason if the directive does not read
     */
    public List<String> subjectsWithoutGrantorAuthority(FamilyDocuments family, FamilyFile.Filed directive, Instant at) {
        Directive read = directive(family.familyId(), directive);
        JsonNode profileData = family.header().profile();
        FamilyProfile profile = profileData == null ? FamilyProfile.unknown(family.familyId())
                : profile(family.familyId(), profileData);
        var authority = new GrantorAuthority(jurisdiction);
        LocalDate today = LocalDate.ofInstant(at, zone);
        return read.subjects().stream().sorted()
                .filter(subject -> read.categories().stream().noneMatch(category ->
                        authority.mayConsent(read.grantor(), subject, category, profile, today)))
                .toList();
    }

    /** The engine's record of the family, each unreadable document read the fail-closed way. */
    public FamilyRecord read(FamilyDocuments family) {
        String familyId = family.familyId();
        FamilyProfile profile = FamilyProfile.unknown(familyId);
        JsonNode profileData = family.header().profile();
        if (profileData != null) {
            try {
                profile = profile(familyId, profileData);
            } catch (RuntimeException e) {
                // no facts: no directive binds
            }
        }
        List<FamilyFile.Filed> filed = family.directives();
        List<Directive> directives = new ArrayList<>(filed.size());
        List<UnreadableDirective> unreadable = new ArrayList<>();
        for (FamilyFile.Filed document : filed) {
            try {
                directives.add(directive(familyId, document));
            } catch (RuntimeException e) {
                unreadable.add(new UnreadableDirective(document.id(), familyId));
            }
        }
        List<LegalAuthority> authorities = new ArrayList<>();
        List<EmergencyAccess> emergencies = new ArrayList<>();
        for (FamilyFile.Filed document : family.authorities()) {
            try {
                Basis basis = authority(familyId, document);
                if (basis instanceof Basis.Legal legal) {
                    authorities.add(legal.authority());
                } else if (basis instanceof Basis.Emergency emergency) {
                    emergencies.add(emergency.access());
                }
            } catch (RuntimeException e) {
                // an authority that does not read grants nothing
            }
        }
        try {
            return FamilyRecord.of(profile, directives, authorities, emergencies, unreadable);
        } catch (RuntimeException e) {
            // the directives do not make one record (more people than the engine numbers): none binds
            filed.forEach(document -> unreadable.add(new UnreadableDirective(document.id(), familyId)));
            return FamilyRecord.of(profile, List.of(), authorities, emergencies, unreadable);
        }
    }

    /** A legal authority or an emergency, as a recorded authority document reads. */
    sealed interface Basis {
        record Legal(LegalAuthority authority) implements Basis {
        }

        record Emergency(EmergencyAccess access) implements Basis {
        }
    }

    // ---------------------------------------------------------------- documents

    /** The profile a document records; throws if the engine cannot take it. */
    FamilyProfile profile(String familyId, JsonNode data) {
        List<Person> persons = new ArrayList<>();
        for (JsonNode member : data.path("members")) {
            persons.add(new Person(member.path("personId").asText(),
                    Optional.ofNullable(member.get("birthDate")).map(d -> LocalDate.parse(d.asText())),
                    texts(member.get("consentingForThem"))));
        }
        return FamilyProfile.of(familyId, Optional.ofNullable(data.get("responsibleAgency")).map(JsonNode::asText),
                persons);
    }

    /** The directive a document records, revoked if it was; throws with the reason if the engine cannot take it. */
    public Directive directive(String familyId, FamilyFile.Filed filed) {
        JsonNode data = filed.data();
        JsonNode grantor = data.path("grantor");
        Capacity capacity = constant(Capacity.class, grantor.path("capacity").asText());
        JsonNode evidence = data.path("evidence");
        Directive.Builder builder = Directive.builder(filed.id(), familyId)
                .subjects(texts(data.get("subjects")).toArray(String[]::new))
                .grantor(grantor.path("personId").asText(),
                        grantor.hasNonNull("relationship") ? grantor.get("relationship").asText()
                                : grantor.path("capacity").asText(), capacity)
                .recipients(new Recipients(texts(data.get("recipients")), kinds(data.get("recipientKinds"))))
                .sources(new Sources(texts(data.get("sources")), kinds(data.get("sourceKinds"))))
                .categories(codes(data.get("categories"), Category.class, c -> Category.fromCode(c).orElseThrow()))
                .purposes(codes(data.get("purposes"), Purpose.class, p -> Purpose.fromCode(p).orElseThrow())
                        .toArray(Purpose[]::new))
                .messageTypes(codes(data.get("messageTypes"), MessageType.class, MessageType::fromShortName)
                        .toArray(MessageType[]::new))
                .period(period(data.path("period")))
                .evidence(new Evidence(evidence.path("formReference").asText(),
                        Optional.ofNullable(evidence.get("documentSha256")).map(JsonNode::asText),
                        evidence.hasNonNull("explainedInLanguage") ? evidence.get("explainedInLanguage").asText() : "und",
                        Optional.of(evidence.at("/witness/name")).filter(JsonNode::isTextual).map(JsonNode::asText)))
                .redisclosureAllowed(data.path("redisclosureAllowed").asBoolean(false));
        switch (data.path("effect").asText()) {
            case "permit" -> builder.permit();
            case "deny" -> builder.deny();
            default -> throw new IllegalArgumentException("directive " + filed.id() + ": unknown effect");
        }
        Directive recorded = builder.build();
        return filed.revokedAt() == null ? recorded : recorded.revoke(filed.revokedAt(), filed.revokedBy());
    }

    /** The authority a document records; throws with the reason if the engine cannot take it. */
    Basis authority(String familyId, FamilyFile.Filed filed) {
        JsonNode data = filed.data();
        if (!data.hasNonNull("recipients")) {
            throw new IllegalArgumentException("authority " + filed.id()
                    + " names no recipient: a legal authority must name the partners it allows, not only their kinds");
        }
        String kind = data.path("kind").asText();
        boolean redisclosure = data.path("redisclosureAllowed").asBoolean(false);
        if (kind.equals("emergency")) {
            JsonNode emergency = data.path("emergency");
            Instant declared = OffsetDateTime.parse(emergency.path("declaredAt").asText()).toInstant();
            Instant expires = OffsetDateTime.parse(emergency.path("expires").asText()).toInstant();
            Period stated = period(data.path("period"));
            Instant from = declared.isAfter(stated.from()) ? declared : stated.from();
            Instant to = stated.to().filter(expires::isAfter).orElse(expires);
            EmergencyAccess access = new EmergencyAccess(filed.id(), familyId,
                    Optional.ofNullable(filed.sender()).orElse("unknown") + "/" + emergency.at("/requestedBy/role").asText(),
                    emergency.path("justification").asText(), scope(data, Period.between(from, to)));
            jurisdiction.requireWithinEmergencyLimit(access);
            return new Basis.Emergency(access);
        }
        LegalAuthority.Kind legalKind = constant(LegalAuthority.Kind.class, kind);
        String reference = switch (legalKind) {
            case COURT_ORDER -> data.at("/court/courtId").asText("court") + " " + data.at("/court/orderId").asText();
            case STATUTE -> data.at("/statute/citation").asText();
            case MANDATED_REPORT -> data.at("/mandatedReport/reportId").asText();
        };
        return new Basis.Legal(new LegalAuthority(filed.id(), familyId, legalKind, reference,
                scope(data, period(data.path("period"))), redisclosure));
    }

    private static AuthorityScope scope(JsonNode data, Period period) {
        return new AuthorityScope(texts(data.get("subjects")), texts(data.get("recipients")),
                codes(data.get("categories"), Category.class, c -> Category.fromCode(c).orElseThrow()),
                codes(data.get("purposes"), Purpose.class, p -> Purpose.fromCode(p).orElseThrow()),
                codes(data.get("messageTypes"), MessageType.class, MessageType::fromShortName),
                new Sources(texts(data.get("sources")), kinds(data.get("sourceKinds"))), period);
    }

    /** From the start of {@code from} to the end of {@code to} (open-ended without one), in the jurisdiction's zone. */
    private Period period(JsonNode period) {
        Instant from = LocalDate.parse(period.path("from").asText()).atStartOfDay(zone).toInstant();
        return new Period(from, Optional.ofNullable(period.get("to"))
                .map(to -> LocalDate.parse(to.asText()).plusDays(1).atStartOfDay(zone).toInstant()));
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> values = new LinkedHashSet<>();
        if (array != null) {
            array.forEach(v -> values.add(v.asText()));
        }
        return values;
    }

    private static Set<PartnerKind> kinds(JsonNode array) {
        return codes(array, PartnerKind.class, PartnerKind::fromCode);
    }

    private static <E extends Enum<E>> Set<E> codes(JsonNode array, Class<E> type, Function<String, E> parse) {
        Set<E> values = EnumSet.noneOf(type);
        if (array != null) {
            array.forEach(v -> values.add(parse.apply(v.asText())));
        }
        return values;
    }

    /** The constant whose wire name this is: {@code legal-guardian} is {@code LEGAL_GUARDIAN}. */
    private static <E extends Enum<E>> E constant(Class<E> type, String code) {
        return Enum.valueOf(type, code.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
