/**
 * What differs between jurisdictions, declared once and validated: the age of majority, the ages at
 * which a minor may consent alone per category (and whether that excludes the parent, as for
 * substance-use treatment under minor-consent laws and 42 CFR 2.14), the statute rules that are
 * a lawful basis without consent (the FERPA exception, mandated reports), and the kinds of partner
 * that are 42 CFR Part 2 programs (everything they send is Part 2 information).
 */
package org.kith.consent.jurisdiction;
