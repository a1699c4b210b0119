package org.kith.connectors.filedrop;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.kith.schemas.MessageType;

/**
 * The {@code attendance} layout: a school's attendance of one child over one period, one row per
 * child and period, as an {@code education-record} (its {@code recordId} also the subject) with the
 * enrollment, when given, and one {@code attendance} entry. Day counts are numbers; a cell that is
 * not a whole number is passed on as text, so the validator refuses it by its pointer.
 */
final class AttendanceColumns implements RowLayout {

    static final RowLayout LAYOUT = new AttendanceColumns();

    static final List<String> COLUMNS = List.of("eventId", "familyId", "purpose", "recipients", "recordId", "asOf",
            "personId", "stateStudentId", "schoolId", "schoolName", "enrollmentStatus", "periodFrom", "periodTo",
            "daysEnrolled", "daysPresent", "daysAbsent", "daysAbsentUnexcused", "daysTardy");

    private AttendanceColumns() {
    }

    @Override
    public String name() {
        return "attendance";
    }

    @Override
    public List<String> columns() {
        return COLUMNS;
    }

    @Override
    public ObjectNode submission(String partnerId, Map<String, String> cells) {
        ObjectNode event = RowLayout.envelope(partnerId, MessageType.EDUCATION_RECORD, "recordId", cells);
        ObjectNode data = (ObjectNode) event.get("data");
        RowLayout.put(data, "recordId", cells.get("recordId"));
        RowLayout.put(data, "asOf", cells.get("asOf"));
        ObjectNode student = data.putObject("student");
        RowLayout.put(student, "personId", cells.get("personId"));
        RowLayout.put(student, "stateStudentId", cells.get("stateStudentId"));
        ObjectNode school = JsonNodeFactory.instance.objectNode();
        RowLayout.put(school, "schoolId", cells.get("schoolId"));
        RowLayout.put(school, "name", cells.get("schoolName"));
        ObjectNode enrollment = JsonNodeFactory.instance.objectNode();
        if (!school.isEmpty()) {
            enrollment.set("school", school);
        }
        RowLayout.put(enrollment, "status", cells.get("enrollmentStatus"));
        if (!enrollment.isEmpty()) {
            data.set("enrollment", enrollment);
        }
        ObjectNode period = JsonNodeFactory.instance.objectNode();
        RowLayout.put(period, "from", cells.get("periodFrom"));
        RowLayout.put(period, "to", cells.get("periodTo"));
        ObjectNode attendance = JsonNodeFactory.instance.objectNode();
        attendance.set("period", period);
        for (String days : List.of("daysEnrolled", "daysPresent", "daysAbsent", "daysAbsentUnexcused", "daysTardy")) {
            count(attendance, days, cells.get(days));
        }
        data.putArray("attendance").add(attendance);
        return event;
    }

    private static void count(ObjectNode node, String name, String cell) {
        if (cell == null || cell.isBlank()) {
            return;
        }
        String value = cell.strip();
        if (value.matches("-?[0-9]{1,9}")) {
            node.put(name, Integer.parseInt(value));
        } else {
            node.put(name, value);
        }
    }
}
