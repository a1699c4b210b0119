package org.kith.schemas;

import java.util.Optional;

/**
 * One node of a message's data with the category it carries: a property at any depth, or an array
 * element. Empty category: the schema does not describe the node, and it must be withheld.
 *
 * @param pointer JSON pointer relative to the message's {@code data}, e.g. {@code /persons/0/birthDate}
 */
public record ClassifiedField(String pointer, Optional<Category> category) {
}
