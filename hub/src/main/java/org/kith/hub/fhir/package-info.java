/**
 * The FHIR R4 referral edge's mapping (HAPI FHIR structures R4): a partner's transaction Bundle
 * (ServiceRequest, Patient, Task) to a Kith referral and back, a Task update to a referral status and
 * a referral to the Task a partner reads. Only mapping: what it produces enters the same ingress,
 * signature check, validation and consent as every other submission. The table is in
 * {@code docs/fhir.md}.
 */
package org.kith.hub.fhir;
