package org.kith.consent.engine;

import static org.kith.consent.engine.ConsentWorld.CHILD;
import static org.kith.consent.engine.ConsentWorld.CW;
import static org.kith.consent.engine.ConsentWorld.FAMILY;
import static org.kith.consent.engine.ConsentWorld.FATHER;
import static org.kith.consent.engine.ConsentWorld.MH;
import static org.kith.consent.engine.ConsentWorld.MH_OTHER;
import static org.kith.consent.engine.ConsentWorld.MOTHER;
import static org.kith.consent.engine.ConsentWorld.NOW;
import static org.kith.consent.engine.ConsentWorld.SON;
import static org.kith.consent.engine.ConsentWorld.SUD;
import static org.kith.consent.engine.ConsentWorld.THIS_YEAR;
import static org.kith.consent.engine.ConsentWorld.YOUTH;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.kith.consent.model.Actor;
import org.kith.consent.model.AuthorityScope;
import org.kith.consent.model.Capacity;
import org.kith.consent.model.LegalAuthority;
import org.kith.consent.model.Directive;
import org.kith.consent.model.DirectiveStatus;
import org.kith.consent.model.EmergencyAccess;
import org.kith.consent.model.Evidence;
import org.kith.consent.model.Grantor;
import org.kith.consent.model.Partner;
import org.kith.consent.model.Period;
import org.kith.consent.model.Recipients;
import org.kith.schemas.Category;
import org.kith.schemas.MessageType;
import org.kith.schemas.PartnerKind;
import org.kith.schemas.Purpose;

/**
 * A random situation on {@link ConsentWorld}'s stage, for the property tests: some directives
 * (valid or not, permits and denies, current, expired, revoked), perhaps a court order and a
 * break-glass, one message about one or two family members (a referral from child welfare to a
 * provider, or a status from a provider back to child welfare, the substance use treatment
 * program, a Part 2 program, among them), and one more directive ({@code extra}) that the
 * monotonicity properties add as a permit or as a deny.
 */
record Scene(List<Directive> directives, Optional<LegalAuthority> order, Optional<EmergencyAccess> emergency,
             Partner sender, Partner recipient, List<String> subjects, Set<Category> categories, Purpose purpose,
             Duration clockShift, Directive extra) {

    /** A small universe, so that directives and messages often meet. */
    static final List<Category> CATEGORIES = List.of(Category.ADMINISTRATIVE, Category.SERVICE, Category.IDENTITY,
            Category.BEHAVIORAL_HEALTH, Category.SUBSTANCE_USE, Category.SAFETY);
    static final Set<Category> CORE = EnumSet.of(Category.ADMINISTRATIVE, Category.SERVICE, Category.IDENTITY);
    static final List<Purpose> PURPOSES = List.of(Purpose.REFERRAL, Purpose.CASE_PLANNING);
    static final List<String> SUBJECTS = List.of(CHILD, YOUTH, SON, "P-Z");
    static final List<Grantor> GRANTORS = List.of(
            new Grantor(MOTHER, "mother", Capacity.PARENT), new Grantor(FATHER, "father", Capacity.PARENT),
            new Grantor(YOUTH, "self", Capacity.YOUTH_FOR_SELF), new Grantor(SON, "self", Capacity.ADULT_FOR_SELF),
            new Grantor("P-GM", "grandmother", Capacity.LEGAL_GUARDIAN),
            new Grantor(MOTHER, "mother", Capacity.ADULT_FOR_SELF));
    static final List<Recipients> RECIPIENTS = List.of(Recipients.named(MH.id()), Recipients.named(MH_OTHER.id()),
            Recipients.named(SUD.id()), Recipients.kinds(PartnerKind.MENTAL_HEALTH),
            Recipients.kinds(PartnerKind.SUBSTANCE_USE_TREATMENT));
    static final List<Period> PERIODS = List.of(THIS_YEAR,
            Period.between(Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2026-11-01T00:00:00Z")),
            Period.between(Instant.parse("2026-12-10T00:00:00Z"), Instant.parse("2027-06-01T00:00:00Z")));

    /** Everything about a directive except its id. */
    record DirectiveSpec(String subject, Grantor grantor, boolean permit, Recipients recipients, Set<Category> categories,
                         Set<Purpose> purposes, Period period, int status, boolean redisclosure) {

        Directive build(String id) {
            DirectiveStatus st = switch (status) {
                case 1 -> new DirectiveStatus.Revoked(NOW.minus(Duration.ofDays(3)), MOTHER);
                case 2 -> new DirectiveStatus.Revoked(NOW.plus(Duration.ofDays(3)), MOTHER);
                default -> DirectiveStatus.ACTIVE;
            };
            return new Directive(id, FAMILY, Set.of(subject), grantor, permit ? org.kith.consent.model.Effect.PERMIT
                    : org.kith.consent.model.Effect.DENY, recipients, org.kith.consent.model.Sources.ANY, categories, purposes, Set.of(), period,
                    Evidence.form("KITH-1", "en"), st, redisclosure);
        }
    }

    static Arbitrary<Set<Category>> categorySets() {
        return Arbitraries.of(CATEGORIES).set().ofMinSize(1).ofMaxSize(4);
    }

    /** Often the core plus some more, so that directives meet whole messages, not only stray categories. */
    static Arbitrary<Set<Category>> directiveCategories() {
        Arbitrary<Set<Category>> withCore = categorySets().map(c -> {
            EnumSet<Category> all = EnumSet.copyOf(c);
            all.addAll(CORE);
            return all;
        });
        return Arbitraries.frequencyOf(Tuple.of(4, withCore), Tuple.of(1, categorySets()));
    }

    /** Grantors who may consent for this subject (at least for some categories). */
    static List<Grantor> authorizedFor(String subject) {
        return switch (subject) {
            case CHILD -> List.of(GRANTORS.get(0), GRANTORS.get(1));
            case YOUTH -> List.of(GRANTORS.get(0), GRANTORS.get(1), GRANTORS.get(2));
            case SON -> List.of(GRANTORS.get(3));
            default -> GRANTORS;
        };
    }

    /**
     * Directives that mostly concern this message: its subjects, its recipient (by name or kind),
     * a grantor who usually has authority; the rest anything from the small universe.
     */
    static Arbitrary<DirectiveSpec> directiveSpecs(List<String> subjects, Partner recipient) {
        return directiveSpecs(subjects, recipient, directiveCategories());
    }

    /** As {@link #directiveSpecs(List, Partner)}, the directives' categories drawn from {@code categories}. */
    static Arbitrary<DirectiveSpec> directiveSpecs(List<String> subjects, Partner recipient,
                                                   Arbitrary<Set<Category>> categories) {
        Arbitrary<String> subject = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.of(subjects)),
                Tuple.of(1, Arbitraries.of(SUBJECTS)));
        Arbitrary<Recipients> recipients = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just(Recipients.named(recipient.id()))),
                Tuple.of(1, Arbitraries.just(Recipients.kinds(recipient.kind()))),
                Tuple.of(2, Arbitraries.of(RECIPIENTS)));
        Arbitrary<Tuple.Tuple2<String, Grantor>> subjectAndGrantor = subject.flatMap(s -> Arbitraries.frequencyOf(
                        Tuple.of(4, Arbitraries.of(authorizedFor(s))), Tuple.of(1, Arbitraries.of(GRANTORS)))
                .map(g -> Tuple.of(s, g)));
        Arbitrary<DirectiveSpec> noFlag = Combinators.combine(subjectAndGrantor, Arbitraries.of(true, true, true, false),
                        recipients, categories, Arbitraries.of(PURPOSES).set().ofMinSize(1),
                        Arbitraries.of(THIS_YEAR, THIS_YEAR, THIS_YEAR, PERIODS.get(1), PERIODS.get(2)),
                        Arbitraries.of(0, 0, 0, 1, 2))
                .as((sg, p, r, c, u, per, st) -> new DirectiveSpec(sg.get1(), sg.get2(), p, r, c, u, per, st, false));
        return Combinators.combine(noFlag, Arbitraries.of(true, false))
                .as((d, redisclosure) -> new DirectiveSpec(d.subject(), d.grantor(), d.permit(), d.recipients(),
                        d.categories(), d.purposes(), d.period(), d.status(), redisclosure));
    }

    static Arbitrary<Scene> scenes() {
        Arbitrary<Tuple.Tuple2<Partner, Partner>> routes = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of(Tuple.of(CW, MH), Tuple.of(CW, MH), Tuple.of(CW, MH_OTHER),
                        Tuple.of(CW, SUD))),
                Tuple.of(2, Arbitraries.just(Tuple.of(SUD, CW))),
                Tuple.of(1, Arbitraries.just(Tuple.of(MH, CW))));
        return routes.flatMap(route -> scenes(route.get1(), route.get2()));
    }

    /** Scenes of messages from {@code sender} to {@code recipient} only. */
    static Arbitrary<Scene> scenes(Partner sender, Partner recipient) {
        Arbitrary<List<String>> subjects = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of(CHILD, YOUTH, SON).map(List::of)),
                Tuple.of(1, Arbitraries.of(SUBJECTS).list().ofMinSize(1).ofMaxSize(2).uniqueElements()));
        return subjects.flatMap(s -> scenes(sender, recipient, s));
    }

    private static Arbitrary<Scene> scenes(Partner sender, Partner recipient, List<String> subjects) {
        Arbitrary<DirectiveSpec> specs = directiveSpecs(subjects, recipient);
        Arbitrary<List<Directive>> directives = specs.list().ofMaxSize(6).map(list -> {
            List<Directive> out = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                out.add(list.get(i).build("d-" + i));
            }
            return out;
        });
        Arbitrary<Optional<LegalAuthority>> orders = Combinators.combine(Arbitraries.of(subjects), categorySets(),
                        Arbitraries.of(recipient.id(), MH_OTHER.id()))
                .as((s, c, r) -> LegalAuthority.courtOrder("co-1", FAMILY, "court-3", "JV-1",
                        new AuthorityScope(Set.of(s), Set.of(r), c, Set.of(Purpose.REFERRAL), THIS_YEAR), false))
                .optional(0.2);
        Arbitrary<Optional<EmergencyAccess>> emergencies = Combinators.combine(Arbitraries.of(subjects), categorySets())
                .as((s, c) -> EmergencyAccess.declare("em-1", FAMILY, new Actor("user-1", Set.of(Actor.EMERGENCY_ROLE)),
                        "child at risk", new AuthorityScope(Set.of(s), Set.of(recipient.id()), c, Set.copyOf(PURPOSES),
                                Period.between(NOW.minus(Duration.ofHours(2)), NOW.plus(Duration.ofHours(48))))))
                .optional(0.15);
        Arbitrary<Set<Category>> messageCategories = categorySets().map(c -> {
            EnumSet<Category> all = EnumSet.copyOf(c);
            all.addAll(CORE);
            return all;
        });
        return Combinators.combine(directives, orders, emergencies, messageCategories,
                        Arbitraries.of(Purpose.REFERRAL, Purpose.REFERRAL, Purpose.CASE_PLANNING),
                        Arbitraries.integers().between(-20, 60), specs.map(spec -> spec.build("d-extra")))
                .as((d, o, e, c, p, shift, extra) -> new Scene(d, o, e, sender, recipient, subjects, c, p,
                        Duration.ofHours(shift), extra));
    }

    /** The same scene, its message sent by {@code other} instead. */
    Scene from(Partner other) {
        return new Scene(directives, order, emergency, other, recipient, subjects, categories, purpose, clockShift,
                extra);
    }

    /** A fresh world with this scene recorded, its clock shifted. */
    ConsentWorld world() {
        ConsentWorld world = new ConsentWorld();
        directives.forEach(world.engine::record);
        order.ifPresent(world.engine::record);
        emergency.ifPresent(world.engine::declare);
        world.clock.set(NOW.plus(clockShift));
        return world;
    }

    /** A referral from child welfare, else the provider's status on the referral. */
    DecisionRequest request() {
        MessageType type = sender.equals(CW) ? MessageType.REFERRAL : MessageType.REFERRAL_STATUS;
        return new DecisionRequest("M-1", FAMILY, type, purpose, subjects, sender, recipient,
                new MessageFacts(categories, CORE, false));
    }
}
