package org.kith.bench.consent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.kith.consent.engine.ConsentEngine;
import org.kith.consent.engine.DecisionRequest;
import org.kith.consent.engine.FamilyRecord;
import org.kith.consent.engine.MessageFacts;
import org.kith.consent.jurisdiction.Jurisdiction;
import org.kith.consent.model.Agreement;
import org.kith.consent.model.Capacity;
import org.kith.consent.model.Directive;
import org.kith.consent.model.Effect;
import org.kith.consent.model.Evidence;
import org.kith.consent.model.FamilyProfile;
import org.kith.consent.model.Grantor;
import org.kith.consent.model.Partner;
import org.kith.consent.model.Period;
import org.kith.consent.model.Person;
import org.kith.consent.model.Recipients;
import org.kith.consent.model.Sources;
import org.kith.consent.model.DirectiveStatus;
import org.kith.schemas.Category;
import org.kith.schemas.MessageType;
import org.kith.schemas.PartnerKind;
import org.kith.schemas.Purpose;

/**
 * A synthetic but realistic partnership, seeded: 20 child welfare agencies, 300 providers of nine
 * kinds and 100 schools; each agency has agreements with 40 providers and 20 schools. Families of
 * one or two parents and one to four children (some with a young adult), each with consent
 * directives for the two to four providers they work with: parent permits naming the provider,
 * sometimes a general designation, sometimes a deny, a youth's own consent to substance-use
 * treatment. Every id is its own string, as it would be after deserialisation.
 */
final class Population {

    static final List<Category> CORE = List.of(Category.ADMINISTRATIVE, Category.SERVICE, Category.IDENTITY);
    static final List<Category> EXTRA = List.of(Category.CONTACT, Category.DEMOGRAPHICS, Category.CASE_PLAN,
            Category.BEHAVIORAL_HEALTH, Category.PHYSICAL_HEALTH, Category.EDUCATION, Category.SAFETY,
            Category.SUBSTANCE_USE, Category.COURT);
    static final List<PartnerKind> PROVIDER_KINDS = List.of(PartnerKind.MENTAL_HEALTH,
            PartnerKind.SUBSTANCE_USE_TREATMENT, PartnerKind.HOUSING, PartnerKind.DOMESTIC_VIOLENCE_SERVICES,
            PartnerKind.EARLY_INTERVENTION, PartnerKind.HEALTH_CARE, PartnerKind.CHILD_CARE,
            PartnerKind.INCOME_SUPPORT, PartnerKind.COMMUNITY_ORGANIZATION);

    final ConsentEngine engine;
    final List<FamilyRecord> families;
    final List<Partner> agencies;
    final List<List<Partner>> agencyPartners;
    final int directives;

    private Population(ConsentEngine engine, List<FamilyRecord> families, List<Partner> agencies,
                       List<List<Partner>> agencyPartners, int directives) {
        this.engine = engine;
        this.families = families;
        this.agencies = agencies;
        this.agencyPartners = agencyPartners;
        this.directives = directives;
    }

    /** An engine holding exactly {@code directiveCount} active directives, on {@code clock}. */
    static Population build(int directiveCount, long seed, Clock clock) {
        Random rnd = new Random(seed);
        Instant now = clock.instant();
        ConsentEngine engine = new ConsentEngine(clock, Jurisdiction.example());
        List<Partner> agencies = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            agencies.add(new Partner(String.format("cw-%02d", i), PartnerKind.CHILD_WELFARE));
        }
        List<Partner> providers = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            providers.add(new Partner(String.format("p-%03d", i), PROVIDER_KINDS.get(i % PROVIDER_KINDS.size())));
        }
        List<Partner> schools = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            schools.add(new Partner(String.format("s-%03d", i), PartnerKind.SCHOOL));
        }
        Period agreementPeriod = Period.between(now.minus(Duration.ofDays(400)), now.plus(Duration.ofDays(800)));
        List<List<Partner>> agencyPartners = new ArrayList<>();
        for (Partner agency : agencies) {
            List<Partner> partners = new ArrayList<>();
            for (int k = 0; k < 40; k++) {
                Partner p = providers.get(rnd.nextInt(providers.size()));
                if (partners.contains(p)) {
                    continue;
                }
                partners.add(p);
                Set<Category> allowed = EnumSet.allOf(Category.class);
                if (p.kind() == PartnerKind.HOUSING || p.kind() == PartnerKind.INCOME_SUPPORT
                        || p.kind() == PartnerKind.CHILD_CARE) {
                    allowed.removeAll(EnumSet.of(Category.BEHAVIORAL_HEALTH, Category.SUBSTANCE_USE,
                            Category.PHYSICAL_HEALTH, Category.HIV, Category.REPRODUCTIVE_HEALTH));
                }
                engine.record(new Agreement("mou-" + agency.id() + "-" + p.id(), Set.of(agency.id(), p.id()),
                        EnumSet.of(Purpose.REFERRAL, Purpose.CARE_COORDINATION, Purpose.CASE_PLANNING),
                        EnumSet.of(MessageType.REFERRAL, MessageType.PROGRESS_REPORT, MessageType.REFERRAL_STATUS),
                        allowed, agreementPeriod));
            }
            for (int k = 0; k < 20; k++) {
                Partner s = schools.get(rnd.nextInt(schools.size()));
                engine.record(new Agreement("mou-" + agency.id() + "-" + s.id() + "-" + k, Set.of(agency.id(), s.id()),
                        EnumSet.of(Purpose.EDUCATION_STABILITY, Purpose.CASE_PLANNING),
                        EnumSet.of(MessageType.EDUCATION_RECORD), EnumSet.allOf(Category.class), agreementPeriod));
            }
            agencyPartners.add(partners);
        }

        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        List<FamilyRecord> families = new ArrayList<>();
        int made = 0;
        for (int f = 0; made < directiveCount; f++) {
            String familyId = String.format("F-%07d", f);
            int agencyIndex = rnd.nextInt(agencies.size());
            List<Person> persons = new ArrayList<>();
            List<String> parents = new ArrayList<>();
            for (int p = 0, n = 1 + rnd.nextInt(2); p < n; p++) {
                String id = familyId + "-P" + p;
                parents.add(id);
                persons.add(Person.born(id, today.minusYears(24 + rnd.nextInt(25)).minusDays(rnd.nextInt(365))));
            }
            List<String> children = new ArrayList<>();
            List<Integer> ages = new ArrayList<>();
            for (int c = 0, n = 1 + rnd.nextInt(4); c < n; c++) {
                String id = familyId + "-C" + c;
                int age = rnd.nextInt(18);
                children.add(id);
                ages.add(age);
                List<String> guardians = rnd.nextInt(10) == 0 ? parents.subList(0, 1) : parents;
                persons.add(new Person(id, Optional.of(today.minusYears(age).minusDays(1 + rnd.nextInt(360))),
                        Set.copyOf(guardians)));
            }
            if (rnd.nextInt(10) == 0) {
                persons.add(Person.born(familyId + "-A0", today.minusYears(18 + rnd.nextInt(4)).minusDays(10)));
            }
            FamilyProfile profile = FamilyProfile.of(familyId, Optional.of(agencies.get(agencyIndex).id()), persons);

            List<Partner> partners = agencyPartners.get(agencyIndex);
            List<Directive> directives = new ArrayList<>();
            int providersUsed = 2 + rnd.nextInt(3);
            for (int k = 0; k < providersUsed && made + directives.size() < directiveCount; k++) {
                Partner provider = partners.get(rnd.nextInt(partners.size()));
                int child = rnd.nextInt(children.size());
                Set<String> subjects = rnd.nextInt(3) == 0 ? Set.copyOf(children) : Set.of(children.get(child));
                EnumSet<Category> categories = EnumSet.copyOf(CORE);
                for (int e = 0, n = 1 + rnd.nextInt(4); e < n; e++) {
                    categories.add(EXTRA.get(rnd.nextInt(EXTRA.size() - 2))); // no substance-use or court by default
                }
                String grantor = parents.get(rnd.nextInt(parents.size()));
                directives.add(directive(rnd, familyId + "-D" + directives.size(), familyId, subjects,
                        new Grantor(grantor, "parent", Capacity.PARENT), Effect.PERMIT,
                        Recipients.named(provider.id()), categories, now));
                if (provider.kind() == PartnerKind.SUBSTANCE_USE_TREATMENT && ages.get(child) >= 12
                        && made + directives.size() < directiveCount) {
                    String youth = children.get(child);
                    directives.add(directive(rnd, familyId + "-D" + directives.size(), familyId, Set.of(youth),
                            new Grantor(youth, "self", Capacity.YOUTH_FOR_SELF), Effect.PERMIT,
                            Recipients.named(provider.id()), EnumSet.of(Category.SUBSTANCE_USE), now));
                }
            }
            if (rnd.nextInt(5) == 0 && made + directives.size() < directiveCount) {
                directives.add(directive(rnd, familyId + "-D" + directives.size(), familyId, Set.copyOf(children),
                        new Grantor(parents.get(0), "parent", Capacity.PARENT), Effect.PERMIT,
                        Recipients.kinds(PartnerKind.MENTAL_HEALTH, PartnerKind.HEALTH_CARE),
                        EnumSet.of(Category.ADMINISTRATIVE, Category.SERVICE, Category.IDENTITY,
                                Category.BEHAVIORAL_HEALTH, Category.PHYSICAL_HEALTH), now));
            }
            if (rnd.nextInt(7) == 0 && made + directives.size() < directiveCount) {
                directives.add(directive(rnd, familyId + "-D" + directives.size(), familyId, Set.copyOf(children),
                        new Grantor(parents.get(parents.size() - 1), "parent", Capacity.PARENT), Effect.DENY,
                        Recipients.kinds(PartnerKind.HOUSING, PartnerKind.INCOME_SUPPORT),
                        EnumSet.of(Category.SAFETY, Category.CONTACT), now));
            }
            made += directives.size();
            FamilyRecord record = FamilyRecord.of(profile, directives);
            engine.load(record);
            families.add(record);
        }
        return new Population(engine, families, agencies, agencyPartners, made);
    }

    private static Directive directive(Random rnd, String id, String familyId, Set<String> subjects, Grantor grantor,
                                       Effect effect, Recipients recipients, Set<Category> categories, Instant now) {
        Instant from = now.minus(Duration.ofDays(3 + rnd.nextInt(300)));
        Period period = Period.between(from, now.plus(Duration.ofDays(30 + rnd.nextInt(335))));
        byte[] hash = new byte[32];
        rnd.nextBytes(hash);
        Evidence evidence = new Evidence("KITH-CONSENT-2026", Optional.of(HexFormat.of().formatHex(hash)),
                rnd.nextInt(4) == 0 ? "es" : "en", rnd.nextInt(3) == 0 ? Optional.of("staff-" + rnd.nextInt(900)) : Optional.empty());
        return new Directive(id, familyId, subjects, grantor, effect, recipients, Sources.ANY, categories,
                EnumSet.of(Purpose.REFERRAL, Purpose.CARE_COORDINATION), Set.of(), period, evidence,
                DirectiveStatus.ACTIVE, rnd.nextInt(5) == 0);
    }

    /**
     * {@code count} referral decisions over families picked at random: from the family's agency to a
     * provider its directives name (most), a provider of a general designation's kind, or any
     * agreement partner (often no consent); about one or two children; carrying the core and two to
     * five more categories. The request array is large (its families do not fit in the CPU caches at
     * 1M), but requests with the same categories share their {@link MessageFacts}.
     */
    DecisionRequest[] requests(int count, long seed) {
        Random rnd = new Random(seed);
        DecisionRequest[] out = new DecisionRequest[count];
        // one MessageFacts per distinct category set: in production the facts were computed from the
        // message moments before, so they are in cache; only the family's state should be cold
        Map<Set<Category>, MessageFacts> facts = new HashMap<>();
        for (int i = 0; i < count; i++) {
            FamilyRecord family = families.get(rnd.nextInt(families.size()));
            String agencyId = family.profile().responsibleAgency().orElseThrow();
            int agencyIndex = Integer.parseInt(agencyId.substring(3));
            Partner sender = agencies.get(agencyIndex);
            List<Partner> partners = agencyPartners.get(agencyIndex);
            Partner recipient = partners.get(rnd.nextInt(partners.size()));
            List<Directive> directives = family.directives();
            List<String> children = family.profile().persons().keySet().stream().filter(id -> id.contains("-C"))
                    .sorted().toList();
            List<String> subjects = children.size() > 1 && rnd.nextInt(4) == 0
                    ? children.subList(0, 2) : List.of(children.get(rnd.nextInt(children.size())));
            if (rnd.nextInt(10) < 8) {
                // most referrals go where a directive points, about a child it covers
                Directive d = directives.get(rnd.nextInt(directives.size()));
                for (String named : d.recipients().named()) {
                    recipient = partners.stream().filter(p -> p.id().equals(named)).findFirst().orElse(recipient);
                }
                subjects = d.subjects().stream().sorted().limit(rnd.nextInt(4) == 0 ? 2 : 1).toList();
            }
            EnumSet<Category> categories = EnumSet.copyOf(CORE);
            for (int e = 0, n = 2 + rnd.nextInt(4); e < n; e++) {
                categories.add(EXTRA.get(rnd.nextInt(EXTRA.size())));
            }
            out[i] = new DecisionRequest("M-" + i, family.familyId(), MessageType.REFERRAL, Purpose.REFERRAL, subjects,
                    sender, recipient, facts.computeIfAbsent(categories,
                            c -> new MessageFacts(c, EnumSet.copyOf(CORE), false)));
        }
        return out;
    }
}
