/**
 * Applying a decision to a payload (HAPI FHIR's {@code willSeeResource} step), kept apart from
 * deciding: the decision says which categories go, the schema's category tags say which nodes carry
 * them, the {@link org.kith.consent.redaction.Redactor} removes the rest.
 */
package org.kith.consent.redaction;
