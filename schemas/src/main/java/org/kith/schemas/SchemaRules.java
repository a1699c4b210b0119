package org.kith.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;

/**
 * The hub's own sentence for a broken schema rule. The validator's messages are not used: some of
 * them quote the submitted value or an undeclared member's name ({@code additionalProperties},
 * {@code format}, {@code propertyNames}...). A sentence here is built from the keyword and from the
 * schema's side of the rule only (the keyword's value in the schema: a limit, a type, the allowed
 * codes), so it says what to fix and repeats nothing that was sent.
 */
final class SchemaRules {

    private SchemaRules() {
    }

    static String sentence(Error error) {
        String keyword = error.getKeyword() == null ? "" : error.getKeyword();
        String rule = schemaSide(error.getSchemaNode());
        return switch (keyword) {
            case "type" -> "must be of type " + rule;
            case "enum" -> "must be one of " + rule;
            case "const" -> "must be " + rule;
            case "required" -> "a required member is missing";
            case "dependentRequired" -> "a member required together with another is missing";
            case "additionalProperties", "unevaluatedProperties" -> "has a member the schema does not declare";
            case "propertyNames" -> "has a member whose name the schema does not allow";
            case "minimum" -> "must be at least " + rule;
            case "maximum" -> "must be at most " + rule;
            case "exclusiveMinimum" -> "must be greater than " + rule;
            case "exclusiveMaximum" -> "must be less than " + rule;
            case "multipleOf" -> "must be a multiple of " + rule;
            case "minLength" -> "must be at least " + rule + " characters long";
            case "maxLength" -> "must be at most " + rule + " characters long";
            case "minItems" -> "must have at least " + rule + " items";
            case "maxItems" -> "must have at most " + rule + " items";
            case "minProperties" -> "must have at least " + rule + " members";
            case "maxProperties" -> "must have at most " + rule + " members";
            case "uniqueItems" -> "must not hold the same item twice";
            case "pattern" -> "must match the pattern " + rule;
            case "format" -> "must be a valid " + rule;
            case "items", "prefixItems", "additionalItems", "unevaluatedItems" -> "has an item the schema does not allow";
            case "contains", "minContains", "maxContains" -> "does not hold the items the schema requires";
            case "oneOf", "anyOf", "allOf", "not", "if", "then", "else", "dependentSchemas" ->
                    "does not meet the conditions of the schema ('" + keyword + "')";
            case "false" -> "is not allowed here";
            default -> "breaks the schema rule '" + keyword + "'";
        };
    }

    /** The keyword's value in the schema (a schema is the hub's own text): a code list, a limit, a type. */
    private static String schemaSide(JsonNode schemaNode) {
        if (schemaNode == null || schemaNode.isMissingNode()) {
            return "what the schema states";
        }
        return schemaNode.isTextual() ? schemaNode.textValue() : schemaNode.toString();
    }
}
