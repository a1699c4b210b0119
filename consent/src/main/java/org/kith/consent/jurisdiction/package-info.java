/**
 * What differs between jurisdictions, declared once and validated: the age of majority, the ages at
 * which a minor may consent alone per category (and whether that excludes the parent, as for
 * substance-use treatment under minor-consent laws and 42 CFR 2.14), and the statute rules that are
 * a lawful basis without consent (the FERPA exception, mandated reports).
 */
package org.kith.consent.jurisdiction;
