package org.kith.schemas;

/**
 * One reason a message was refused: where (a JSON pointer into the submitted document) and what.
 * Messages name the rule broken, never the offending value.
 */
public record Violation(String pointer, String message) {
}
