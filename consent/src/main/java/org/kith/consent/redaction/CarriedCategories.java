package org.kith.consent.redaction;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.EnumSet;
import java.util.List;
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
        List<ClassifiedField> fields = contract.classify(data);
        for (int i = 0; i < fields.size(); i++) {
            if (holdsNothing(fields, i)) {
                fields.get(i).category().ifPresent(carried::add);
            }
        }
        return carried;
    }

    /**
     * Whether the {@code i}th node of a classification (in document order, every member of a node
     * the schema describes listed right after it) holds no other: a value, or an empty array or object.
     */
    static boolean holdsNothing(List<ClassifiedField> fields, int i) {
        return i + 1 == fields.size() || !isWithin(fields.get(i + 1).pointer(), fields.get(i).pointer());
    }

    /** Whether {@code pointer} lies below {@code ancestor}. */
    static boolean isWithin(String pointer, String ancestor) {
        return pointer.length() > ancestor.length() && pointer.startsWith(ancestor)
                && pointer.charAt(ancestor.length()) == '/';
    }
}
