package org.kith.connectors.filedrop;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.kith.schemas.MessageType;

/**
 * The {@code court-notice} layout: a court's hearing notice, one row per notice, flattened to the
 * columns a hearing-scheduled, -continued or -cancelled notice needs.
 */
final class CourtNoticeColumns implements RowLayout {

    static final RowLayout LAYOUT = new CourtNoticeColumns();

    /** Every column, in the order the README lists them; a batch's header must name each exactly once. */
    static final List<String> COLUMNS = List.of("eventId", "familyId", "purpose", "recipients", "noticeId",
            "courtCaseId", "noticeType", "hearingId", "hearingType", "scheduledAt", "courtroom");

    private CourtNoticeColumns() {
    }

    @Override
    public String name() {
        return "court-notice";
    }

    @Override
    public List<String> columns() {
        return COLUMNS;
    }

    @Override
    public ObjectNode submission(String partnerId, Map<String, String> cells) {
        ObjectNode event = RowLayout.envelope(partnerId, MessageType.COURT_NOTICE, "hearingId", cells);
        ObjectNode data = (ObjectNode) event.get("data");
        RowLayout.put(data, "noticeId", cells.get("noticeId"));
        RowLayout.put(data, "courtCaseId", cells.get("courtCaseId"));
        RowLayout.put(data, "noticeType", cells.get("noticeType"));
        ObjectNode hearing = JsonNodeFactory.instance.objectNode();
        RowLayout.put(hearing, "hearingId", cells.get("hearingId"));
        RowLayout.put(hearing, "type", cells.get("hearingType"));
        RowLayout.put(hearing, "scheduledAt", cells.get("scheduledAt"));
        RowLayout.put(hearing, "courtroom", cells.get("courtroom"));
        if (!hearing.isEmpty()) {
            data.set("hearing", hearing);
        }
        return event;
    }
}
