package org.kith.consent.redaction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kith.consent.engine.Bases;
import org.kith.consent.engine.ConsentDecision;
import org.kith.consent.engine.Grant;
import org.kith.consent.engine.ReasonCode;
import org.kith.consent.engine.Rule;
import org.kith.consent.engine.Withheld;
import org.kith.schemas.Category;
import org.kith.schemas.ClassifiedField;
import org.kith.schemas.MessageContract;

/**
 * Applies a decision to a message's {@code data}; the original is never touched. The copy holds
 * exactly the values whose category the decision grants, with the containers on their way. So a
 * container of a withheld category is kept as a shell around its members of a granted category
 * (a family's contact details, withheld, around the language it prefers, disclosed), unless the
 * container is {@linkplain ClassifiedField#anchored() anchored}: its schema requires a field of its
 * own category (a person, a placement, a hearing), without which its members are about nobody;
 * then they are withheld with it, {@code container-withheld}. A node the schema does not describe
 * never goes, nor does a container left with nothing in it. If a core field of the message type
 * would not survive, there is no copy: a referral without its persons is useless and misleading.
 *
 * <p>The engine's decision is not re-made, it is carried out: the result's decision lists as
 * disclosed the categories of the copy's values, and as withheld what the engine withheld and what
 * went with an anchored container.
 */
public final class Redactor {

    /** Where a node stands: its own value goes, it is a possible shell, or it goes with an anchored container. */
    private sealed interface Standing {
    }

    private enum Open implements Standing { GRANTED, SHELL }

    /** Withheld with the anchored container at {@code container} (itself, or one above it). */
    private record HeldBy(String container) implements Standing {
    }

    public RedactionResult apply(ConsentDecision decision, MessageContract contract, JsonNode data) {
        if (decision instanceof ConsentDecision.Deny deny) {
            return new RedactionResult.NotSent(List.of(), deny);
        }
        Set<Category> granted = decision.disclosed();
        List<ClassifiedField> fields = contract.classify(data);
        int n = fields.size();
        int[] parent = new int[n];
        Standing[] standing = new Standing[n];
        boolean[] kept = new boolean[n];
        boolean anyKept = false;
        Set<Category> carried = EnumSet.noneOf(Category.class);
        Map<Category, Set<String>> heldByContainer = new LinkedHashMap<>();
        Deque<Integer> ancestors = new ArrayDeque<>();
        for (int i = 0; i < n; i++) {
            ClassifiedField field = fields.get(i);
            while (!ancestors.isEmpty() && !CarriedCategories.isWithin(field.pointer(), fields.get(ancestors.peek()).pointer())) {
                ancestors.pop();
            }
            parent[i] = ancestors.isEmpty() ? -1 : ancestors.peek();
            ancestors.push(i);
            Standing above = parent[i] < 0 ? Open.SHELL : standing[parent[i]];
            boolean own = field.category().map(granted::contains).orElse(false);
            standing[i] = above instanceof HeldBy held ? held
                    : own ? Open.GRANTED
                    : field.anchored() ? new HeldBy(field.pointer())
                    : Open.SHELL;
            if (!CarriedCategories.holdsNothing(fields, i)) {
                continue;
            }
            if (standing[i] == Open.GRANTED) {
                for (int k = i; k >= 0 && !kept[k]; k = parent[k]) {
                    kept[k] = true;
                }
                anyKept = true;
                carried.add(field.category().get());
            } else if (standing[i] instanceof HeldBy held && own) {
                heldByContainer.computeIfAbsent(field.category().get(), c -> new LinkedHashSet<>()).add(held.container());
            }
        }
        List<String> removed = new ArrayList<>();
        List<String> missingCore = new ArrayList<>();
        Set<String> core = Set.copyOf(contract.coreFields());
        for (int i = 0; i < n; i++) {
            String pointer = fields.get(i).pointer();
            if (!kept[i] && (parent[i] < 0 || kept[parent[i]])) {
                removed.add(pointer);
            }
            if (core.contains(pointer) && (standing[i] != Open.GRANTED || !kept[i])) {
                missingCore.add(pointer);
            }
        }
        if (!missingCore.isEmpty() || !anyKept) {
            return new RedactionResult.NotSent(missingCore, withoutCore(decision, missingCore));
        }
        JsonNode copy = data.deepCopy();
        for (int i = removed.size() - 1; i >= 0; i--) {
            remove(copy, removed.get(i));
        }
        return new RedactionResult.Copy(copy, removed, asSent(decision, carried, heldByContainer));
    }

    /**
     * The decision as the copy carries it out: the grants of the categories the copy holds, the
     * engine's withholdings, and one {@code container-withheld} per granted category that lost a
     * value to an anchored container.
     */
    private static ConsentDecision asSent(ConsentDecision decision, Set<Category> carried,
                                          Map<Category, Set<String>> heldByContainer) {
        List<Grant> grants = decision.granted().stream().filter(g -> carried.contains(g.category())).toList();
        if (heldByContainer.isEmpty() && grants.size() == decision.granted().size()) {
            return decision;
        }
        List<Withheld> withheld = new ArrayList<>(decision.withheld());
        heldByContainer.forEach((category, containers) ->
                withheld.add(Withheld.of(category, ReasonCode.CONTAINER_WITHHELD, List.copyOf(containers))));
        Bases bases = heldByContainer.isEmpty() ? decision.bases() : withRule(decision.bases(), Rule.NESTED_CATEGORIES);
        return withheld.isEmpty()
                ? new ConsentDecision.Permit(decision.header(), grants, bases, decision.handling())
                : new ConsentDecision.Redact(decision.header(), grants, withheld, bases, decision.handling());
    }

    /** Nothing goes because a core field would not: every category the decision granted is withheld for it. */
    private static ConsentDecision.Deny withoutCore(ConsentDecision decision, List<String> missingCore) {
        List<Withheld> withheld = new ArrayList<>(decision.withheld());
        decision.granted().forEach(g -> withheld.add(Withheld.of(g.category(), ReasonCode.CORE_FIELD_WITHHELD, missingCore)));
        return new ConsentDecision.Deny(decision.header(), withheld, withRule(decision.bases(), Rule.CORE_FIELDS_OR_NOTHING));
    }

    private static Bases withRule(Bases bases, Rule rule) {
        if (bases.rules().contains(rule.id())) {
            return bases;
        }
        List<String> rules = new ArrayList<>(bases.rules());
        rules.add(rule.id());
        return new Bases(bases.directives(), bases.authorities(), bases.agreements(), rules);
    }

    /**
     * Removes the node at {@code pointer}. Removals run in reverse document order, so removing an
     * array element never shifts the index of one still to be removed.
     */
    private static void remove(JsonNode root, String pointer) {
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = slash == 0 ? root : root.at(pointer.substring(0, slash));
        String token = pointer.substring(slash + 1).replace("~1", "/").replace("~0", "~");
        if (parent instanceof ObjectNode object) {
            object.remove(token);
        } else if (parent instanceof ArrayNode array) {
            array.remove(Integer.parseInt(token));
        } else {
            throw new IllegalStateException("no container above " + pointer);
        }
    }
}
