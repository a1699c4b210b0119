/**
 * Deciding: for one message and one recipient, which categories may be disclosed and on what basis.
 * {@link org.kith.consent.engine.ConsentEngine#decide} is the HAPI FHIR {@code canSeeResource} step;
 * applying the answer to a payload is {@link org.kith.consent.redaction.Redactor}'s
 * ({@code willSeeResource}). The combining rule is stated once, in {@link org.kith.consent.engine.ConsentEngine}.
 */
package org.kith.consent.engine;
