package org.kith.consent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kith.consent.engine.ConsentWorld.CHILD;
import static org.kith.consent.engine.ConsentWorld.CW;
import static org.kith.consent.engine.ConsentWorld.FAMILY;
import static org.kith.consent.engine.ConsentWorld.MH;
import static org.kith.consent.engine.ConsentWorld.MH_OTHER;
import static org.kith.consent.engine.ConsentWorld.MOTHER;
import static org.kith.consent.engine.ConsentWorld.SON;
import static org.kith.consent.engine.ConsentWorld.SUD;
import static org.kith.consent.engine.ConsentWorld.THIS_YEAR;
import static org.kith.consent.engine.ConsentWorld.YOUTH;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.kith.consent.model.Agreement;
import org.kith.consent.model.Directive;
import org.kith.consent.model.Partner;
import org.kith.consent.model.Recipients;
import org.kith.consent.redaction.CarriedCategories;
import org.kith.consent.redaction.RedactionResult;
import org.kith.consent.redaction.Redactor;
import org.kith.schemas.Category;
import org.kith.schemas.Json;
import org.kith.schemas.MessageContract;
import org.kith.schemas.MessageType;
import org.kith.schemas.Purpose;

/**
 * The record says exactly what was delivered, over generated messages and directives: referrals
 * and case plans whose sections nest categories in others (a family's contact details holding the
 * language it prefers, a referral's history holding behavioral health, a visit holding its safety
 * conditions, a team member holding a phone number), decided by the engine and carried out by the
 * {@link Redactor} as the enforcement core does. For every decision, what it lists as disclosed
 * (what the ledger and the accounting of disclosures say) is exactly what classifying the copy sent
 * finds; and every category a directive permits to the recipient that the message carries is in
 * that copy, unless the decision states a reason that withholds it.
 */
class RecordedDisclosurePropertiesTest {

    /** A wider universe than {@link Scene}'s: the categories that nest in the two message types. */
    private static final List<Category> CATEGORIES = List.of(Category.ADMINISTRATIVE, Category.SERVICE,
            Category.IDENTITY, Category.CONTACT, Category.DEMOGRAPHICS, Category.SAFETY, Category.CASE_PLAN,
            Category.BEHAVIORAL_HEALTH, Category.SUBSTANCE_USE, Category.COURT, Category.EDUCATION,
            Category.PHYSICAL_HEALTH);
    private static final List<String> HISTORY = List.of("behavioralHealth", "substanceUse", "courtInvolvement",
            "education", "physicalHealth");

    /** One message from child welfare to one provider, and the family's directives. */
    record Sending(MessageType type, Purpose purpose, JsonNode data, Partner recipient, List<Directive> directives) {

        List<String> subjects() {
            Set<String> ids = new LinkedHashSet<>();
            data.findValues("personId").forEach(id -> ids.add(id.asText()));
            return List.copyOf(ids);
        }

        @Override
        public String toString() {
            return type.shortName() + " to " + recipient.id() + " for " + purpose.code() + ": " + data
                    + " under " + directives;
        }
    }

    private final Redactor redactor = new Redactor();

    @Property(tries = 400, edgeCases = EdgeCasesMode.NONE)
    void whatIsRecordedAsDisclosedIsWhatTheCopySentCarries(@ForAll("sendings") Sending sending) {
        MessageContract contract = ConsentWorld.contract(sending.type());
        ConsentDecision decision = world(sending).engine.decide(new DecisionRequest("M-1", FAMILY, sending.type(),
                sending.purpose(), sending.subjects(), CW, sending.recipient(), MessageFacts.of(contract, sending.data())));
        RedactionResult result = redactor.apply(decision, contract, sending.data());
        ConsentDecision recorded = result.decision();
        Set<Category> sent = result instanceof RedactionResult.Copy copy
                ? CarriedCategories.of(contract, copy.data()) : Set.of();
        Statistics.collect(sending.type().shortName(), recorded.outcome(),
                recorded.withheld().stream().anyMatch(w -> w.reason() == ReasonCode.CONTAINER_WITHHELD)
                        ? "container-withheld" : "-");

        assertEquals(sent, recorded.disclosed(), recorded::explanation);
        Set<Category> stated = EnumSet.noneOf(Category.class);
        recorded.withheld().forEach(w -> w.category().ifPresent(stated::add));
        for (Category category : CarriedCategories.of(contract, sending.data())) {
            boolean permitted = sending.directives().stream().anyMatch(d -> permits(d, sending.recipient(), category));
            assertTrue(!permitted || sent.contains(category) || stated.contains(category),
                    () -> category.code() + " permitted, in the message, not in the copy and no reason stated: "
                            + recorded.explanation());
        }
    }

    private static boolean permits(Directive directive, Partner recipient, Category category) {
        return directive.isPermit() && directive.categories().contains(category)
                && (directive.recipients().named().contains(recipient.id())
                || directive.recipients().kinds().contains(recipient.kind()));
    }

    /** The stage, with case plans allowed between child welfare and each provider, and the directives recorded. */
    private static ConsentWorld world(Sending sending) {
        ConsentWorld world = new ConsentWorld();
        for (Partner provider : List.of(MH, MH_OTHER, SUD)) {
            world.engine.record(new Agreement("mou-plans-" + provider.id(), Set.of(CW.id(), provider.id()),
                    EnumSet.of(Purpose.CASE_PLANNING), EnumSet.of(MessageType.CASE_PLAN), EnumSet.allOf(Category.class),
                    THIS_YEAR));
        }
        sending.directives().forEach(world.engine::record);
        return world;
    }

    // ------------------------------------------------------------ generators

    @Provide
    Arbitrary<Sending> sendings() {
        Arbitrary<List<String>> subjects = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of(CHILD, YOUTH, SON).map(List::of)),
                Tuple.of(1, Arbitraries.of(CHILD, YOUTH, SON).list().ofSize(2).uniqueElements()));
        Arbitrary<Partner> recipients = Arbitraries.of(MH, MH, MH_OTHER, SUD);
        return Combinators.combine(subjects, recipients, Arbitraries.of(true, true, false)).flatAs((people, to, referral) -> {
            Arbitrary<List<Scene.DirectiveSpec>> fitting = directiveCategories().map(categories -> people.stream()
                    .map(person -> new Scene.DirectiveSpec(person, Scene.authorizedFor(person).get(0), true,
                            Recipients.named(to.id()), categories, EnumSet.copyOf(Scene.PURPOSES), THIS_YEAR, 0, false))
                    .toList());
            Arbitrary<List<Directive>> directives = Combinators.combine(fitting.optional(0.6),
                            Scene.directiveSpecs(people, to, directiveCategories()).list().ofMaxSize(4))
                    .as((good, others) -> {
                        List<Scene.DirectiveSpec> specs = new ArrayList<>(good.orElse(List.of()));
                        specs.addAll(others);
                        List<Directive> built = new ArrayList<>();
                        for (int i = 0; i < specs.size(); i++) {
                            built.add(specs.get(i).build("d-" + i));
                        }
                        return built;
                    });
            Arbitrary<JsonNode> data = referral ? referral(people) : casePlan(people);
            Arbitrary<Purpose> purpose = referral ? Arbitraries.of(Purpose.REFERRAL, Purpose.REFERRAL, Purpose.CASE_PLANNING)
                    : Arbitraries.just(Purpose.CASE_PLANNING);
            return Combinators.combine(data, purpose, directives).as((d, p, ds) ->
                    new Sending(referral ? MessageType.REFERRAL : MessageType.CASE_PLAN, p, d, to, ds));
        });
    }

    /** Mostly the core categories and some more, so that directives meet whole messages. */
    private static Arbitrary<Set<Category>> directiveCategories() {
        Arbitrary<Set<Category>> some = Arbitraries.of(CATEGORIES).set().ofMinSize(1).ofMaxSize(6);
        Arbitrary<Set<Category>> withCore = some.map(c -> {
            EnumSet<Category> all = EnumSet.copyOf(c);
            all.addAll(Scene.CORE);
            return all;
        });
        return Arbitraries.frequencyOf(Tuple.of(4, withCore), Tuple.of(1, some));
    }

    private static Arbitrary<JsonNode> referral(List<String> people) {
        Arbitrary<List<ObjectNode>> persons = Combinators.combine(people.stream().map(RecordedDisclosurePropertiesTest::person)
                .toList()).as(List::copyOf);
        Arbitrary<ObjectNode> contact = Combinators.combine(flag(), flag(), flag(), flag(), Arbitraries.integers().between(-1, 2))
                .as((phone, line, area, language, preferences) -> {
                    ObjectNode c = object();
                    if (phone) {
                        c.put("phone", "+1 555 0199");
                    }
                    if (line || area) {
                        ObjectNode address = c.putObject("address");
                        if (line) {
                            address.put("line", "1 Elm St");
                        }
                        if (area) {
                            address.put("area", "North");
                        }
                    }
                    if (language) {
                        c.put("preferredLanguage", "es");
                    }
                    if (preferences >= 0) {
                        ArrayNode list = c.putArray("safetyPreferences");
                        List.of("no-voicemail", "no-home-visits").subList(0, preferences).forEach(list::add);
                    }
                    return c;
                });
        Arbitrary<ObjectNode> history = Arbitraries.of(HISTORY).set().map(keys -> {
            ObjectNode h = object();
            keys.forEach(key -> h.put(key, "noted"));
            return h;
        });
        return Combinators.combine(persons, contact.optional(0.7), history.optional(0.6), Arbitraries.integers().between(-1, 1),
                        flag(), flag())
                .as((ps, familyContact, past, requester, urgency, concerns) -> {
                    ObjectNode r = object().put("referralId", "R-1").put("serviceType", "mental-health")
                            .put("reason", "family preservation");
                    ps.forEach(r.putArray("persons")::add);
                    if (urgency) {
                        r.put("urgency", "urgent");
                    }
                    if (requester >= 0) {
                        ObjectNode q = r.putObject("requester").put("name", "Case Worker");
                        if (requester > 0) {
                            q.put("phone", "+1 555 0100");
                        }
                    }
                    familyContact.ifPresent(c -> r.set("familyContact", c));
                    past.ifPresent(h -> r.set("history", h));
                    if (concerns) {
                        r.put("safetyConcerns", "protective order");
                    }
                    return r;
                });
    }

    private static Arbitrary<ObjectNode> person(String id) {
        return Combinators.combine(flag(), flag(), flag()).as((name, language, gender) -> {
            ObjectNode p = object().put("personId", id).put("role", id.equals(SON) ? "youth" : "child");
            if (name) {
                p.put("givenName", "Ada");
            }
            if (language || gender) {
                ObjectNode demographics = p.putObject("demographics");
                if (language) {
                    demographics.put("primaryLanguage", "es");
                }
                if (gender) {
                    demographics.put("gender", "female");
                }
            }
            return p;
        });
    }

    private static Arbitrary<JsonNode> casePlan(List<String> people) {
        Arbitrary<ObjectNode> visit = Combinators.combine(flag(), flag()).as((conditions, children) -> {
            ObjectNode v = object().put("visitType", "parent-child").put("supervision", "supervised");
            v.putArray("visitorPersonIds").add(MOTHER);
            if (children) {
                people.forEach(v.putArray("childPersonIds")::add);
            }
            if (conditions) {
                v.put("safetyConditions", "staggered arrival");
            }
            return v;
        });
        Arbitrary<ObjectNode> member = Combinators.combine(flag(), flag(), flag()).as((name, phone, family) -> {
            ObjectNode m = object().put("role", family ? "parent" : "caseworker");
            if (name) {
                m.put("name", "Team Member");
            }
            if (phone) {
                m.put("phone", "+1 555 0100");
            }
            if (family) {
                m.put("personId", MOTHER);
            }
            return m;
        });
        Arbitrary<ObjectNode> goal = flag().map(named -> {
            ObjectNode g = object().put("goalId", "G-1").put("description", "safe and stable home");
            if (named) {
                people.forEach(g.putArray("personIds")::add);
            }
            return g;
        });
        return Combinators.combine(visit.list().ofMaxSize(2), member.list().ofMaxSize(2), goal.list().ofMaxSize(1), flag())
                .as((visits, members, goals, status) -> {
                    ObjectNode plan = object().put("planId", "CP-1").put("version", 1);
                    if (status) {
                        plan.put("status", "active");
                    }
                    ArrayNode children = plan.putArray("children");
                    people.forEach(id -> children.add(object().put("personId", id)));
                    if (!visits.isEmpty()) {
                        visits.forEach(plan.putArray("visitation")::add);
                    }
                    if (!members.isEmpty()) {
                        members.forEach(plan.putArray("teamMembers")::add);
                    }
                    if (!goals.isEmpty()) {
                        goals.forEach(plan.putArray("goals")::add);
                    }
                    return plan;
                });
    }

    private static Arbitrary<Boolean> flag() {
        return Arbitraries.of(true, false);
    }

    private static ObjectNode object() {
        return Json.mapper().createObjectNode();
    }
}
