package org.kith.hub.fhir;

import static org.kith.hub.fhir.FhirShape.VALUE;
import static org.kith.hub.fhir.FhirShape.many;
import static org.kith.hub.fhir.FhirShape.one;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Task;
import org.kith.hub.referral.ReferralView;
import org.kith.schemas.Json;
import org.kith.schemas.MessageType;
import org.kith.schemas.Violation;

/**
 * The referral loop as FHIR Task, following the Gravity SDOH Clinical Care workflow: the Task the
 * recipient updates ({@code accepted}, {@code rejected} with a statusReason, {@code in-progress},
 * {@code completed} with an output...) read into the referral status the closed loop carries back,
 * and a referral's current state as the Task its referrer (or recipient) reads.
 *
 * <p>A Task's id at the hub is {@code <familyId>.<referralId>}: the two ids the referral loop is
 * keyed by, so any hub instance finds the referral from the id alone. The family id holds no
 * {@code '.'}, so the id splits at its first one.
 */
public final class FhirTasks {

    /** The system of the output type that carries a completed referral's outcome. */
    public static final String OUTPUT = "urn:kith:task-output";
    private static final String FHIR_ID = "[A-Za-z0-9-]{1,64}";

    private static final FhirShape CODING = many("system", VALUE, "code", VALUE, "display", VALUE);
    private static final FhirShape PARTNER = one("identifier", one("system", VALUE, "value", VALUE));
    static final FhirShape UPDATE = one("resourceType", VALUE, "id", VALUE, "status", VALUE, "intent", VALUE,
            "code", one("coding", CODING), "focus", one("reference", VALUE), "for", one("reference", VALUE),
            "owner", PARTNER, "requester", PARTNER, "authoredOn", VALUE, "lastModified", VALUE,
            "statusReason", one("coding", CODING, "text", VALUE),
            "output", one("type", one("coding", CODING), "valueCodeableConcept", one("coding", CODING)));

    /** Task status to referral state, and back (a Kith state FHIR has no status for is shown as the nearest). */
    private static final Map<Task.TaskStatus, String> STATES = Map.of(
            Task.TaskStatus.REQUESTED, "requested", Task.TaskStatus.RECEIVED, "received",
            Task.TaskStatus.ACCEPTED, "accepted", Task.TaskStatus.REJECTED, "declined",
            Task.TaskStatus.INPROGRESS, "in-progress", Task.TaskStatus.COMPLETED, "completed",
            Task.TaskStatus.CANCELLED, "cancelled", Task.TaskStatus.FAILED, "closed");
    private static final List<String> REASONS = List.of("no-capacity", "not-eligible", "family-declined",
            "service-not-offered", "unable-to-contact", "other");
    private static final List<String> OUTCOMES = List.of("goals-met", "partially-met", "not-met", "family-withdrew");

    private FhirTasks() {
    }

    /** The hub's Task id of a referral; empty if the ids do not make a FHIR id. */
    public static Optional<String> taskId(String familyId, String referralId) {
        String id = familyId + "." + referralId;
        return familyId.matches(FHIR_ID) && referralId.matches("[A-Za-z0-9.-]{1,64}") && id.length() <= 64
                ? Optional.of(id) : Optional.empty();
    }

    /** The family id and referral id a Task id names; empty if it is not one the hub gives. */
    public static Optional<String[]> ids(String taskId) {
        int dot = taskId == null ? -1 : taskId.indexOf('.');
        if (dot < 1 || dot == taskId.length() - 1) {
            return Optional.empty();
        }
        String[] ids = {taskId.substring(0, dot), taskId.substring(dot + 1)};
        return taskId(ids[0], ids[1]).isPresent() ? Optional.of(ids) : Optional.empty();
    }

    /** The Task's address relative to the hub's FHIR base. */
    public static String url(String taskId) {
        return "Task/" + taskId;
    }

    /**
     * The referral-status CloudEvent (structured JSON) of a recipient's Task update, for the REST
     * ingress's reader. Its source is the Task's owner, which the reader holds to the credential; its
     * recipient the Task's requester, the referrer.
     *
     * @param taskId the id in the request's path, which the Task's own id must be
     * @throws org.kith.connectors.ProblemException 400 if HAPI cannot read it, 422 with every element that does not map
     */
    public static byte[] submission(byte[] body, String taskId, String eventId, Clock clock) {
        Task task = FhirR4.parse(Task.class, body);
        List<Violation> found = new ArrayList<>();
        UPDATE.check(FhirReferrals.tree(body), "Task", found);
        Optional<String[]> ids = ids(taskId);
        if (ids.isEmpty() || !taskId.equals(task.getIdElement().getIdPart())) {
            found.add(new Violation("Task.id", "must be the id of the Task the hub gave, as in the request's path"));
        }
        if (task.getIntent() != Task.TaskIntent.ORDER) {
            found.add(new Violation("Task.intent", "must be order"));
        }
        String state = STATES.get(task.getStatus());
        if (state == null || "requested".equals(state)) {
            found.add(new Violation("Task.status", "must be received, accepted, rejected, in-progress, completed,"
                    + " cancelled or failed"));
        }
        ObjectNode data = Json.mapper().createObjectNode();
        ids.ifPresent(id -> data.put("referralId", id[1]));
        data.put("status", state);
        data.put("statusDate", task.hasLastModified()
                ? task.getLastModifiedElement().getValueAsString().substring(0, 10)
                : LocalDate.now(clock.withZone(ZoneOffset.UTC)).toString());
        if (task.hasStatusReason()) {
            List<Coding> codings = task.getStatusReason().getCoding();
            for (int i = 0; i < codings.size(); i++) {
                if (i == 0 && FhirR4.REASON.equals(codings.get(0).getSystem()) && REASONS.contains(codings.get(0).getCode())) {
                    data.put("reasonCode", codings.get(0).getCode());
                } else {
                    found.add(new Violation("Task.statusReason.coding[" + i + "]", "one " + FhirR4.REASON + " code is mapped"));
                }
            }
            if (task.getStatusReason().hasText()) {
                data.put("note", task.getStatusReason().getText());
            }
        }
        if ("declined".equals(state) && !data.has("reasonCode")) {
            // Gravity's rejections give a reason as text: its code is then "other"
            if (data.has("note")) {
                data.put("reasonCode", "other");
            } else {
                found.add(new Violation("Task.statusReason", "a rejected Task needs a statusReason"));
            }
        }
        if (task.hasOutput()) {
            Task.TaskOutputComponent output = task.getOutputFirstRep();
            boolean typed = output.getType().getCoding().size() == 1
                    && OUTPUT.equals(output.getType().getCodingFirstRep().getSystem())
                    && "outcome".equals(output.getType().getCodingFirstRep().getCode());
            List<Coding> value = output.getValue() instanceof CodeableConcept concept ? concept.getCoding() : List.of();
            if (!typed || value.size() != 1 || !FhirR4.OUTCOME.equals(value.get(0).getSystem())
                    || !OUTCOMES.contains(value.get(0).getCode())) {
                found.add(new Violation("Task.output[0]", "the output mapped is the outcome: type " + OUTPUT
                        + "#outcome, valueCodeableConcept a " + FhirR4.OUTCOME + " code"));
            } else {
                data.put("outcome", value.get(0).getCode());
            }
        }
        if ("completed".equals(state) && !data.has("outcome")) {
            found.add(new Violation("Task.output", "a completed Task needs its outcome as output"));
        }
        Optional<String> owner = FhirR4.partner(task.getOwner());
        Optional<String> requester = FhirR4.partner(task.getRequester());
        if (owner.isEmpty()) {
            found.add(new Violation("Task.owner", "must name the recipient partner (" + FhirR4.PARTNER + ")"));
        }
        if (requester.isEmpty()) {
            found.add(new Violation("Task.requester", "must name the referring partner (" + FhirR4.PARTNER + ")"));
        }
        if (!found.isEmpty()) {
            throw FhirR4.unmapped(found);
        }
        ObjectNode event = Json.mapper().createObjectNode();
        event.put("specversion", "1.0").put("id", eventId).put("source", owner.get())
                .put("type", MessageType.REFERRAL_STATUS.typeName()).put("subject", ids.get()[1])
                .put("familyid", ids.get()[0]).put("purpose", "referral").put("recipients", requester.get())
                .put("datacontenttype", "application/json");
        event.set("data", data);
        return FhirReferrals.bytes(event);
    }

    /** A referral's Task: who asked whom, where it stands, why and with what outcome. */
    public static Task task(String familyId, String referralId, String referrer, String recipient, String state,
                            String reasonCode, String outcome, Instant lastModified) {
        Task task = new Task().setIntent(Task.TaskIntent.ORDER).setStatus(status(state));
        taskId(familyId, referralId).ifPresent(task::setId);
        task.getCode().addCoding().setSystem(FhirR4.TASK_CODE).setCode("fulfill");
        task.setRequester(FhirR4.partnerReference(referrer)).setOwner(FhirR4.partnerReference(recipient));
        if ("waitlisted".equals(state) || "closed".equals(state)) {
            task.getBusinessStatus().setText(state);
        }
        if (reasonCode != null) {
            task.getStatusReason().addCoding().setSystem(FhirR4.REASON).setCode(reasonCode);
        }
        if (outcome != null) {
            Task.TaskOutputComponent output = task.addOutput();
            output.getType().addCoding().setSystem(OUTPUT).setCode("outcome");
            output.setValue(new CodeableConcept().addCoding(new Coding().setSystem(FhirR4.OUTCOME).setCode(outcome)));
        }
        if (lastModified != null) {
            task.setLastModifiedElement(new DateTimeType(Date.from(lastModified)));
        }
        return task;
    }

    /** The Task of a referral as one partner may see it (its referral view): its last step the viewer may see. */
    public static String task(ReferralView view) {
        ReferralView.Step last = null;
        for (ReferralView.Step step : view.history()) {
            if (!ReferralView.UPDATED.equals(step.state())) {
                last = step;
            }
        }
        Task task = task(view.familyId(), view.referralId(), view.referrer(), view.recipient(),
                last == null ? "requested" : last.state(), last == null ? null : last.reasonCode(),
                last == null ? null : last.outcome(), last == null ? null : last.at());
        task.getFocus().getIdentifier().setSystem(FhirR4.REFERRAL).setValue(view.referralId());
        return FhirR4.encode(task);
    }

    /**
     * A released referral status (its CloudEvent as delivered) as the Task the referrer reads; empty
     * if it holds what the Task does not carry (then it goes as Kith JSON).
     */
    public static Optional<String> task(JsonNode event) {
        JsonNode data = event.path("data");
        List<Violation> left = new ArrayList<>();
        one("referralId", VALUE, "status", VALUE, "statusDate", VALUE, "reasonCode", VALUE, "outcome", VALUE, "note", VALUE)
                .check(data, "data", left);
        String familyId = event.path("familyid").asText();
        String referralId = data.path("referralId").asText();
        if (!left.isEmpty() || taskId(familyId, referralId).isEmpty()) {
            return Optional.empty();
        }
        Task task = task(familyId, referralId, event.path("recipients").asText(), event.path("source").asText(),
                data.path("status").asText(), data.path("reasonCode").asText(null), data.path("outcome").asText(null), null);
        task.setLastModifiedElement(new DateTimeType(data.path("statusDate").asText()));
        if (data.has("note")) {
            task.getStatusReason().setText(data.get("note").asText());
        }
        task.getFocus().getIdentifier().setSystem(FhirR4.REFERRAL).setValue(referralId);
        return Optional.of(FhirR4.encode(task));
    }

    private static Task.TaskStatus status(String state) {
        return switch (state) {
            case "received" -> Task.TaskStatus.RECEIVED;
            case "accepted", "waitlisted" -> Task.TaskStatus.ACCEPTED;
            case "declined" -> Task.TaskStatus.REJECTED;
            case "in-progress" -> Task.TaskStatus.INPROGRESS;
            case "completed" -> Task.TaskStatus.COMPLETED;
            case "cancelled" -> Task.TaskStatus.CANCELLED;
            case "closed" -> Task.TaskStatus.FAILED;
            default -> Task.TaskStatus.REQUESTED;
        };
    }
}
