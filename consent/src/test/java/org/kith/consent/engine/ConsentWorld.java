package org.kith.consent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.kith.consent.jurisdiction.Jurisdiction;
import org.kith.consent.model.Agreement;
import org.kith.consent.model.Capacity;
import org.kith.consent.model.Directive;
import org.kith.consent.model.FamilyProfile;
import org.kith.consent.model.Partner;
import org.kith.consent.model.Period;
import org.kith.consent.model.Person;
import org.kith.consent.model.Recipients;
import org.kith.schemas.Category;
import org.kith.schemas.Contracts;
import org.kith.schemas.Json;
import org.kith.schemas.MessageContract;
import org.kith.schemas.MessageType;
import org.kith.schemas.PartnerKind;
import org.kith.schemas.Purpose;

/**
 * One family, the partners around it, their agreements, and an engine on a hand-moved clock: the
 * stage every scenario plays on. The family: two parents, a child of 10, a youth of 13, a youth of
 * 15, a son of 19; the parents consent for the three minors.
 */
public final class ConsentWorld {

    public static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    public static final Period THIS_YEAR = Period.between(Instant.parse("2026-01-01T00:00:00Z"),
            Instant.parse("2027-01-01T00:00:00Z"));
    public static final String FAMILY = "F-1";

    public static final String MOTHER = "P-M";
    public static final String FATHER = "P-D";
    public static final String CHILD = "P-C";
    public static final String TEEN = "P-T";
    public static final String YOUTH = "P-Y";
    public static final String SON = "P-A";

    public static final Partner CW = new Partner("cw-county", PartnerKind.CHILD_WELFARE);
    public static final Partner CW_OTHER = new Partner("cw-neighbour", PartnerKind.CHILD_WELFARE);
    public static final Partner MH = new Partner("mh-clinic", PartnerKind.MENTAL_HEALTH);
    public static final Partner MH_OTHER = new Partner("mh-other", PartnerKind.MENTAL_HEALTH);
    public static final Partner SUD = new Partner("sud-center", PartnerKind.SUBSTANCE_USE_TREATMENT);
    public static final Partner SCHOOL = new Partner("school-1", PartnerKind.SCHOOL);
    public static final Partner HOUSING = new Partner("housing-1", PartnerKind.HOUSING);

    /** The categories of a minimal referral: its core fields and the reason. */
    public static final Set<Category> REFERRAL_CORE = EnumSet.of(Category.ADMINISTRATIVE, Category.SERVICE,
            Category.IDENTITY);

    public final MutableClock clock = new MutableClock(NOW);
    public final ConsentEngine engine;

    public ConsentWorld() {
        this(Jurisdiction.example());
    }

    public ConsentWorld(Jurisdiction jurisdiction) {
        engine = new ConsentEngine(clock, jurisdiction);
        engine.recordFamily(profile());
        Set<Category> all = EnumSet.allOf(Category.class);
        Set<Purpose> services = EnumSet.of(Purpose.REFERRAL, Purpose.CARE_COORDINATION, Purpose.CASE_PLANNING);
        Set<MessageType> serviceTypes = EnumSet.of(MessageType.REFERRAL, MessageType.PROGRESS_REPORT,
                MessageType.REFERRAL_STATUS);
        engine.record(new Agreement("mou-cw-mh", Set.of(CW.id(), MH.id()), services, serviceTypes, all, THIS_YEAR));
        engine.record(new Agreement("mou-cw-mh-other", Set.of(CW.id(), MH_OTHER.id()), services, serviceTypes, all,
                THIS_YEAR));
        engine.record(new Agreement("mou-cw-sud", Set.of(CW.id(), SUD.id()), services, serviceTypes, all, THIS_YEAR));
        engine.record(new Agreement("mou-mh-housing", Set.of(MH.id(), HOUSING.id()), services, serviceTypes, all,
                THIS_YEAR));
        engine.record(new Agreement("mou-cw-housing", Set.of(CW.id(), HOUSING.id()), services, serviceTypes,
                EnumSet.of(Category.ADMINISTRATIVE, Category.SERVICE, Category.IDENTITY, Category.CONTACT,
                        Category.DEMOGRAPHICS), THIS_YEAR));
        engine.record(new Agreement("mou-school-cw", Set.of(SCHOOL.id(), CW.id(), CW_OTHER.id()),
                EnumSet.of(Purpose.EDUCATION_STABILITY, Purpose.CASE_PLANNING),
                EnumSet.of(MessageType.EDUCATION_RECORD), all, THIS_YEAR));
        for (Partner reporter : List.of(MH, SUD, SCHOOL)) {
            engine.record(new Agreement("mou-reports-" + reporter.id(), Set.of(reporter.id(), CW.id()),
                    EnumSet.of(Purpose.CHILD_PROTECTION), EnumSet.of(MessageType.MANDATED_REPORT), all, THIS_YEAR));
        }
    }

    public static FamilyProfile profile() {
        return FamilyProfile.of(FAMILY, Optional.of(CW.id()), List.of(
                Person.born(MOTHER, LocalDate.parse("1990-04-02")),
                Person.born(FATHER, LocalDate.parse("1988-09-30")),
                Person.born(CHILD, LocalDate.parse("2016-05-10"), MOTHER, FATHER),
                Person.born(TEEN, LocalDate.parse("2013-06-01"), MOTHER, FATHER),
                Person.born(YOUTH, LocalDate.parse("2011-03-15"), MOTHER, FATHER),
                Person.born(SON, LocalDate.parse("2007-02-20"))));
    }

    /** A permit by the mother for the child, to the mental health clinic, for a minimal referral, this year. */
    public static Directive.Builder permit(String id) {
        return Directive.builder(id, FAMILY).permit().subjects(CHILD)
                .grantor(MOTHER, "mother", Capacity.PARENT).recipients(Recipients.named(MH.id()))
                .categories(REFERRAL_CORE).purposes(Purpose.REFERRAL).period(THIS_YEAR);
    }

    /** As {@link #permit} but a deny. */
    public static Directive.Builder deny(String id) {
        return permit(id).deny();
    }

    public ConsentWorld with(Directive directive) {
        engine.record(directive);
        return this;
    }

    // ---------------------------------------------------------------- messages

    public static MessageContract contract(MessageType type) {
        return Contracts.get().of(type);
    }

    public static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A referral with its core fields and a reason only. */
    public static final String MINIMAL_REFERRAL = """
            {"referralId":"R-1","serviceType":"mental-health","reason":"school refusal, low mood",
             "persons":[{"personId":"P-C","role":"child","givenName":"Ada","familyName":"Lane","birthDate":"2016-05-10"}]}
            """;

    /** A referral that carries every section: contact, safety, demographics and the history in its categories. */
    public static final String FULL_REFERRAL = """
            {"referralId":"R-2","serviceType":"substance-use-treatment","urgency":"urgent","reason":"family preservation",
             "persons":[{"personId":"P-C","role":"child","givenName":"Ada","familyName":"Lane","birthDate":"2016-05-10",
                         "demographics":{"primaryLanguage":"es","gender":"female"}}],
             "requester":{"name":"Case Worker","role":"caseworker","phone":"+1 555 0100"},
             "familyContact":{"phone":"+1 555 0199","address":{"line":"1 Elm St","city":"Springfield","area":"North"},
                              "preferredLanguage":"es","safetyPreferences":["no-voicemail","no-home-visits"]},
             "history":{"behavioralHealth":"anxiety","substanceUse":"parent in treatment","courtInvolvement":"dependency case",
                        "education":"chronic absence","physicalHealth":"asthma"},
             "safetyConcerns":"protective order against a former partner"}
            """;

    public static DecisionRequest request(MessageType type, String data, Partner from, Partner to, Purpose purpose,
                                          String... subjects) {
        return new DecisionRequest("M-1", FAMILY, type, purpose, List.of(subjects), from, to,
                MessageFacts.of(contract(type), json(data)));
    }

    /** A request whose payload is described only by the categories it carries. */
    public static DecisionRequest request(MessageType type, Set<Category> categories, Set<Category> core, Partner from,
                                          Partner to, Purpose purpose, String... subjects) {
        return new DecisionRequest("M-1", FAMILY, type, purpose, List.of(subjects), from, to,
                new MessageFacts(categories, core, false));
    }

    public ConsentDecision referral(String data, Partner to, String... subjects) {
        return engine.decide(request(MessageType.REFERRAL, data, CW, to, Purpose.REFERRAL, subjects));
    }

    // ---------------------------------------------------------------- assertions

    public static void assertOutcome(ConsentDecision.Outcome expected, ConsentDecision d) {
        assertEquals(expected, d.outcome(), d::explanation);
    }

    public static void assertWithheld(ConsentDecision d, Category category, ReasonCode reason) {
        Withheld w = d.withheld().stream().filter(x -> x.category().equals(Optional.of(category))).findFirst()
                .orElseThrow(() -> new AssertionError(category.code() + " not withheld: " + d.explanation()));
        assertEquals(reason, w.reason(), d::explanation);
    }

    public static void assertGranted(ConsentDecision d, Category... categories) {
        assertTrue(d.disclosed().containsAll(Arrays.asList(categories)),
                () -> "expected granted " + Arrays.toString(categories) + ": " + d.explanation());
    }

    public static Set<ReasonCode> reasons(ConsentDecision d) {
        return d.withheld().stream().map(Withheld::reason).collect(Collectors.toSet());
    }
}
