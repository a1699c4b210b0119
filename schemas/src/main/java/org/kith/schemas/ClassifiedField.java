package org.kith.schemas;

import java.util.Optional;

/**
 * One node of a message's data with the category it carries: a property at any depth, or an array
 * element. Empty category: the schema does not describe the node, and it must be withheld.
 *
 * @param pointer  JSON pointer relative to the message's {@code data}, e.g. {@code /persons/0/birthDate}
 * @param anchored whether the node's schema requires a property of the node's own category (a
 *                 person's id, a placement's type, a hearing's id): what the node holds is about
 *                 that property and means nothing without it. A node that is not anchored (a
 *                 family's contact details, a referral's history) only groups what it holds.
 */
public record ClassifiedField(String pointer, Optional<Category> category, boolean anchored) {
}
