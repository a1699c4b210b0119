package org.kith.consent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kith.consent.engine.ConsentWorld.CHILD;
import static org.kith.consent.engine.ConsentWorld.CW;
import static org.kith.consent.engine.ConsentWorld.FAMILY;
import static org.kith.consent.engine.ConsentWorld.FATHER;
import static org.kith.consent.engine.ConsentWorld.MH;
import static org.kith.consent.engine.ConsentWorld.MOTHER;
import static org.kith.consent.engine.ConsentWorld.SON;
import static org.kith.consent.engine.ConsentWorld.SUD;
import static org.kith.consent.engine.ConsentWorld.YOUTH;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.kith.consent.jurisdiction.Jurisdiction;
import org.kith.consent.model.AuthorityScope;
import org.kith.consent.model.Capacity;
import org.kith.consent.model.LegalAuthority;
import org.kith.consent.model.Directive;
import org.kith.consent.model.DirectiveStatus;
import org.kith.consent.model.Effect;
import org.kith.consent.model.EmergencyAccess;
import org.kith.consent.model.Grantor;
import org.kith.consent.model.Partner;
import org.kith.schemas.Category;
import org.kith.schemas.PartnerKind;

/**
 * The engine's promises as properties over random scenes (jqwik, as Cedar does). The first one
 * checks every grant against an oracle written independently of the engine: the authority table of
 * {@link ConsentWorld}'s family is spelled out here by hand rather than computed by
 * {@code GrantorAuthority}, and so is which senders are 42 CFR Part 2 programs.
 */
class ConsentPropertiesTest {

    @Provide
    Arbitrary<Scene> scenes() {
        return Scene.scenes();
    }

    // ------------------------------------------------------------ no disclosure without a basis

    @Property(tries = 800, edgeCases = EdgeCasesMode.NONE)
    void noCategoryIsEverDisclosedWithoutABasis(@ForAll("scenes") Scene scene) {
        ConsentWorld world = scene.world();
        DecisionRequest request = scene.request();
        ConsentDecision d = world.engine.decide(request);
        Statistics.collect(d.outcome(), d.granted().isEmpty() ? "nothing granted" : "something granted");
        Instant now = world.clock.instant();
        boolean fromPart2Program = isPart2Program(request.sender());
        for (Grant grant : d.granted()) {
            Category c = grant.category();
            assertTrue(grant.bases().stream().anyMatch(id -> agreementAllows(world, id, request, c, now)),
                    () -> c + " granted without a live agreement allowing it: " + d.explanation());
            for (String subject : request.subjects()) {
                assertBasisCovers(scene, request, grant, subject, c, now, d);
                if (fromPart2Program) {
                    // anything a Part 2 program sends identifies its patient: substance-use's basis must hold too
                    assertBasisCovers(scene, request, grant, subject, Category.SUBSTANCE_USE, now, d);
                }
            }
        }
        boolean underConsent = d.granted().stream().flatMap(g -> g.bases().stream())
                .anyMatch(id -> scene.directives().stream().anyMatch(dir -> dir.id().equals(id)));
        if (fromPart2Program && underConsent) {
            assertEquals(Optional.of(Handling.PART2_NOTICE), d.handling().notice(), d::explanation);
            assertTrue(d.handling().redisclosureProhibited(), d::explanation);
        }
    }

    /**
     * The grant's bases cover {@code category} for the subject (an authority or a valid permit) and,
     * unless a court order among them covers it, no valid deny of it stands.
     */
    private static void assertBasisCovers(Scene scene, DecisionRequest request, Grant grant, String subject,
                                          Category category, Instant now, ConsentDecision d) {
        Category c = grant.category();
        boolean byAuthority = grant.bases().stream()
                .anyMatch(id -> authorityCovers(scene, id, subject, request, category, now));
        boolean byConsent = grant.bases().stream()
                .anyMatch(id -> scene.directives().stream().anyMatch(dir -> dir.id().equals(id)
                        && validPermit(dir, subject, request.recipient(), category, request, now)));
        assertTrue(byAuthority || byConsent, () -> c + " granted for " + subject + " without a basis covering "
                + category + ": " + d.explanation());
        boolean byCourtOrder = grant.bases().stream().anyMatch(id -> id.startsWith("co-")
                && authorityCovers(scene, id, subject, request, category, now));
        if (!byCourtOrder) {
            assertFalse(scene.directives().stream().anyMatch(dir -> validDeny(dir, subject,
                            request.recipient(), category, request, now)),
                    () -> c + " granted for " + subject + " over a valid deny of " + category
                            + " without a court order or statute: " + d.explanation());
        }
    }

    /** The example jurisdiction's Part 2 programs, by hand: substance use treatment programs. */
    private static boolean isPart2Program(Partner sender) {
        return sender.kind() == PartnerKind.SUBSTANCE_USE_TREATMENT;
    }

    private static boolean agreementAllows(ConsentWorld world, String id, DecisionRequest r, Category c, Instant now) {
        return world.engine.agreementsFor(r.sender(), r.recipient()).stream().anyMatch(a -> a.id().equals(id)
                && a.parties().contains(r.sender().id()) && a.parties().contains(r.recipient().id())
                && !now.isBefore(a.period().from()) && a.period().to().map(now::isBefore).orElse(true)
                && a.messageTypes().contains(r.messageType()) && a.purposes().contains(r.purpose())
                && a.categories().contains(c));
    }

    private static boolean authorityCovers(Scene scene, String id, String subject, DecisionRequest r, Category c,
                                           Instant now) {
        Optional<AuthorityScope> scope = scene.order().filter(o -> o.id().equals(id)).map(LegalAuthority::scope)
                .or(() -> scene.emergency().filter(e -> e.id().equals(id)).map(EmergencyAccess::scope));
        // no statute rule reaches a referral or a status between child welfare and a provider
        return scope.isPresent() && scopeCovers(scope.get(), subject, r, c, now);
    }

    private static boolean scopeCovers(AuthorityScope s, String subject, DecisionRequest r, Category c, Instant now) {
        return s.subjects().contains(subject) && s.recipients().contains(r.recipient().id())
                && s.categories().contains(c) && s.purposes().contains(r.purpose()) && inPeriod(s.period(), now);
    }

    private static boolean inPeriod(org.kith.consent.model.Period p, Instant now) {
        return !now.isBefore(p.from()) && p.to().map(now::isBefore).orElse(true);
    }

    private static boolean inForce(Directive d, Instant now) {
        boolean notRevoked = !(d.status() instanceof DirectiveStatus.Revoked r) || now.isBefore(r.at());
        return notRevoked && inPeriod(d.period(), now);
    }

    private static boolean covers(Directive d, String subject, Partner recipient, Category c, DecisionRequest r,
                                  Instant now) {
        return d.subjects().contains(subject) && d.categories().contains(c) && d.purposes().contains(r.purpose())
                && d.appliesTo(r.messageType()) && inForce(d, now) && mayConsent(d.grantor(), subject, c)
                && (d.recipients().named().contains(recipient.id()) || d.recipients().kinds().contains(recipient.kind()));
    }

    private static boolean validPermit(Directive d, String subject, Partner recipient, Category c, DecisionRequest r,
                                       Instant now) {
        boolean named = d.recipients().named().contains(recipient.id());
        return d.isPermit() && covers(d, subject, recipient, c, r, now) && (named || c != Category.SUBSTANCE_USE);
    }

    private static boolean validDeny(Directive d, String subject, Partner recipient, Category c, DecisionRequest r,
                                     Instant now) {
        return !d.isPermit() && covers(d, subject, recipient, c, r, now);
    }

    /**
     * Who may consent for whom in {@link ConsentWorld}'s family, by hand: the parents for the child
     * (10) and the youth (15), except the youth's substance-use records, which only the youth may
     * release (minor consent from 12); the youth for their own behavioral health (from 14) and
     * substance use; the son (19) for himself. Nobody for an unknown person.
     */
    private static boolean mayConsent(Grantor g, String subject, Category c) {
        boolean parent = (g.personId().equals(MOTHER) || g.personId().equals(FATHER)) && g.capacity() == Capacity.PARENT;
        if (parent) {
            return subject.equals(CHILD) || (subject.equals(YOUTH) && c != Category.SUBSTANCE_USE);
        }
        if (g.capacity() == Capacity.YOUTH_FOR_SELF && g.personId().equals(YOUTH)) {
            return subject.equals(YOUTH) && (c == Category.SUBSTANCE_USE || c == Category.BEHAVIORAL_HEALTH);
        }
        if (g.capacity() == Capacity.ADULT_FOR_SELF && g.personId().equals(SON)) {
            return subject.equals(SON);
        }
        return false;
    }

    // ------------------------------------------------------------ revocation

    @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
    void afterARevocationAtTNoDecisionAtOrAfterTUsesTheDirective(@ForAll("scenes") Scene scene,
                                                                 @ForAll("laterHours") int laterHours) {
        ConsentWorld world = scene.world();
        List<Directive> active = scene.directives().stream()
                .filter(d -> d.status().state() == org.kith.consent.model.DirectiveState.ACTIVE).toList();
        for (Directive d : active) {
            world.engine.revoke(FAMILY, d.id(), MOTHER);
        }
        world.clock.advance(Duration.ofHours(laterHours));
        ConsentDecision decision = world.engine.decide(scene.request());
        for (Directive d : active) {
            for (Grant g : decision.granted()) {
                assertFalse(g.bases().contains(d.id()),
                        () -> d.id() + " used after its revocation: " + decision.explanation());
            }
        }
    }

    @Provide
    Arbitrary<Integer> laterHours() {
        return Arbitraries.integers().between(0, 24 * 40);
    }

    // ------------------------------------------------------------ monotonicity

    @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
    void addingAPermitNeverRemovesAccess(@ForAll("scenes") Scene scene) {
        Set<Category> before = scene.world().engine.decide(scene.request()).disclosed();
        Set<Category> now = disclosedWith(scene, withEffect(scene.extra(), Effect.PERMIT));
        assertTrue(now.containsAll(before), () -> "before " + before + ", after adding a permit " + now);
    }

    @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
    void addingADenyNeverAddsAccess(@ForAll("scenes") Scene scene) {
        Set<Category> before = scene.world().engine.decide(scene.request()).disclosed();
        Set<Category> now = disclosedWith(scene, withEffect(scene.extra(), Effect.DENY));
        assertTrue(before.containsAll(now), () -> "before " + before + ", after adding a deny " + now);
    }

    /** What the scene's recipient gets once {@code extra} is recorded too. */
    private static Set<Category> disclosedWith(Scene scene, Directive extra) {
        ConsentWorld after = scene.world();
        after.engine.record(extra);
        return after.engine.decide(scene.request()).disclosed();
    }

    private static Directive withEffect(Directive d, Effect effect) {
        return new Directive(d.id(), d.familyId(), d.subjects(), d.grantor(), effect, d.recipients(), d.sources(), d.categories(),
                d.purposes(), d.messageTypes(), d.period(), d.evidence(), d.status(), d.redisclosureAllowed());
    }

    // ------------------------------------------------------------ Part 2 programs

    @Provide
    Arbitrary<Scene> fromPart2Program() {
        return Scene.scenes(SUD, CW);
    }

    @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
    void aPart2ProgramNeverDisclosesMoreThanAProviderThatIsNotOne(@ForAll("fromPart2Program") Scene scene) {
        ConsentDecision program = scene.world().engine.decide(scene.request());
        ConsentDecision clinic = scene.world().engine.decide(scene.from(MH).request());
        Statistics.collect(program.outcome(), clinic.outcome());
        assertTrue(clinic.disclosed().containsAll(program.disclosed()),
                () -> "from the program " + program.explanation() + " from the clinic " + clinic.explanation());
    }

    // ------------------------------------------------------------ engine errors

    @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
    void anEngineErrorNeverYieldsADisclosure(@ForAll("scenes") Scene scene, @ForAll("faultAt") int faultAt) {
        ConsentWorld world = scene.world();
        AtomicInteger reached = new AtomicInteger();
        ConsentEngine faulty = new ConsentEngine(world.clock, Jurisdiction.example(), step -> {
            if (reached.getAndIncrement() == faultAt) {
                throw new IllegalStateException("injected fault at " + step);
            }
        });
        world.engine.family(FAMILY).ifPresent(faulty::load);
        world.engine.agreementsFor(scene.sender(), scene.recipient()).forEach(faulty::record);
        ConsentDecision d = faulty.decide(scene.request());
        if (reached.get() > faultAt) {
            assertEquals(ConsentDecision.Outcome.DENY, d.outcome());
            assertTrue(d.granted().isEmpty());
            assertTrue(d.withheld().stream().allMatch(w -> w.reason() == ReasonCode.ENGINE_ERROR));
            assertEquals(scene.categories().size(), d.withheld().size());
        } else {
            assertEquals(world.engine.decide(scene.request()).disclosed(), d.disclosed(),
                    "without a fault the engine decides as usual");
        }
    }

    @Provide
    Arbitrary<Integer> faultAt() {
        return Arbitraries.integers().between(0, 25);
    }

    // ------------------------------------------------------------ outcome shape

    @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
    void theOutcomeFollowsFromGrantsWithholdingsAndCoreCategories(@ForAll("scenes") Scene scene) {
        ConsentDecision d = scene.world().engine.decide(scene.request());
        Set<Category> granted = d.disclosed();
        switch (d.outcome()) {
            case PERMIT -> assertEquals(scene.categories(), granted);
            case REDACT -> {
                assertTrue(granted.containsAll(Scene.CORE));
                assertFalse(d.withheld().isEmpty());
            }
            case DENY -> assertTrue(granted.isEmpty());
        }
        EnumSet<Category> accounted = EnumSet.copyOf(granted);
        d.withheld().forEach(w -> w.category().ifPresent(accounted::add));
        assertEquals(scene.categories(), accounted, "every category is granted or withheld, never forgotten");
        assertFalse(d.explanation().isBlank());
    }
}
