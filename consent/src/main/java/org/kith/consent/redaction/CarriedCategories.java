package org.kith.consent.redaction;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.EnumSet;
import java.util.Set;
import org.kith.schemas.Category;
import org.kith.schemas.ClassifiedField;
import org.kith.schemas.MessageContract;

/**
 * The categories a payload carries: those of its values (strings, numbers, booleans, nulls, and
 * empty arrays or objects, which say something too), as the schema classifies them. A container
 * with members carries only what its members carry: a shell of a withheld container, kept for a
 * member of another category, discloses nothing of its own category.
 */
public final class CarriedCategories {

    private CarriedCategories() {
    }

    public static Set<Category> of(MessageContract contract, JsonNode data) {
        EnumSet<Category> carried = EnumSet.noneOf(Category.class);
        for (ClassifiedField field : contract.classify(data)) {
            if (isValue(data.at(field.pointer()))) {
                field.category().ifPresent(carried::add);
            }
        }
        return carried;
    }

    /** A node that holds no other: a value, or an empty array or object. */
    static boolean isValue(JsonNode node) {
        return node.size() == 0;
    }
}
