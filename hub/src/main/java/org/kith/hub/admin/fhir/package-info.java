/** Consent directives to and from FHIR R4 Consent resources, for the admin API's import and export. */
package org.kith.hub.admin.fhir;
