package org.kith.consent.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.EnumSet;
import java.util.Set;
import org.kith.consent.model.Ids;
import org.kith.schemas.Category;
import org.kith.schemas.ClassifiedField;
import org.kith.schemas.MessageContract;

/**
 * What the engine needs to know of a payload to decide, without the payload: the categories it
 * carries, the categories of its core fields, and whether it holds nodes the schema does not
 * describe. Computed once per message, shared by every recipient's decision.
 */
public record MessageFacts(Set<Category> categories, Set<Category> coreCategories, boolean unclassified) {

    public MessageFacts {
        categories = Ids.enumSet(categories, Category.class, "categories");
        coreCategories = Ids.enumSet(coreCategories, Category.class, "core categories");
        if (!categories.containsAll(coreCategories)) {
            throw new IllegalArgumentException("a core category the message does not carry");
        }
        if (categories.isEmpty() && !unclassified) {
            throw new IllegalArgumentException("a message with nothing in it");
        }
    }

    public static MessageFacts of(MessageContract contract, JsonNode data) {
        EnumSet<Category> categories = EnumSet.noneOf(Category.class);
        EnumSet<Category> core = EnumSet.noneOf(Category.class);
        boolean unclassified = false;
        Set<String> corePointers = Set.copyOf(contract.coreFields());
        for (ClassifiedField field : contract.classify(data)) {
            if (field.category().isEmpty()) {
                unclassified = true;
                continue;
            }
            categories.add(field.category().get());
            if (corePointers.contains(field.pointer())) {
                core.add(field.category().get());
            }
        }
        return new MessageFacts(categories, core, unclassified);
    }
}
