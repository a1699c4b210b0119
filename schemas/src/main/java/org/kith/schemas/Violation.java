package org.kith.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One reason a message was refused: where, what rule, and which part of which schema states it.
 * Nothing in it is ever taken from the submitted document: {@code pointer} is the instance location
 * made only of array indexes and member names the hub's own schemas declare (a member the schema
 * does not declare is pointed at by its parent object, never by its name); {@code message} is the
 * hub's own sentence for the rule broken; {@code schema} the absolute location of that rule,
 * e.g. {@code https://schemas.kith.org/v1/referral.schema.json#/properties/serviceType/enum}.
 *
 * @param schema null where no schema states the rule (the hub's own checks)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Violation(String pointer, String message, String schema) {

    public Violation(String pointer, String message) {
        this(pointer, message, null);
    }
}
