/**
 * What the consent engine reasons about: directives (a family member's permit or deny), the legal
 * authorities that stand in for consent (court orders, child-safety emergencies), data-sharing
 * agreements between partners, and the family facts (who is a minor, who may consent for whom)
 * that decide whether a directive binds. Immutable records, validated on construction; only ids
 * ever appear in exception messages.
 */
package org.kith.consent.model;
