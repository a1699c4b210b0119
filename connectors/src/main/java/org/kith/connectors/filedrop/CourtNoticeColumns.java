package org.kith.connectors.filedrop;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.kith.schemas.CloudEventCodec;
import org.kith.schemas.MessageType;

/**
 * The one row layout a batch has today: a court's hearing notice ({@code court-notice}), one row per
 * notice, flattened to the columns a hearing-scheduled, -continued or -cancelled notice needs. A row
 * becomes the structured CloudEvent a partner would POST, so the same validator judges it; an empty
 * cell is left out of the document (the validator then names what is missing). The source is the
 * batch's partner, never a column: a partner cannot drop a batch as another.
 */
final class CourtNoticeColumns {

    /** Every column, in the order the README lists them; a batch's header must name each exactly once. */
    static final List<String> COLUMNS = List.of("eventId", "familyId", "purpose", "recipients", "noticeId",
            "courtCaseId", "noticeType", "hearingId", "hearingType", "scheduledAt", "courtroom");

    private CourtNoticeColumns() {
    }

    /** The structured CloudEvent of one row ({@code cells} by column name), sent by {@code partnerId}. */
    static ObjectNode submission(String partnerId, Map<String, String> cells) {
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        event.put("specversion", "1.0");
        put(event, "id", cells.get("eventId"));
        event.put("source", partnerId);
        event.put("type", MessageType.COURT_NOTICE.typeName());
        put(event, "subject", cells.get("hearingId"));
        put(event, "familyid", cells.get("familyId"));
        put(event, "purpose", cells.get("purpose"));
        put(event, "recipients", cells.get("recipients"));
        event.put("datacontenttype", CloudEventCodec.JSON);
        ObjectNode data = event.putObject("data");
        put(data, "noticeId", cells.get("noticeId"));
        put(data, "courtCaseId", cells.get("courtCaseId"));
        put(data, "noticeType", cells.get("noticeType"));
        ObjectNode hearing = JsonNodeFactory.instance.objectNode();
        put(hearing, "hearingId", cells.get("hearingId"));
        put(hearing, "type", cells.get("hearingType"));
        put(hearing, "scheduledAt", cells.get("scheduledAt"));
        put(hearing, "courtroom", cells.get("courtroom"));
        if (!hearing.isEmpty()) {
            data.set("hearing", hearing);
        }
        return event;
    }

    private static void put(ObjectNode node, String name, String cell) {
        if (cell != null && !cell.isBlank()) {
            node.put(name, cell.strip());
        }
    }
}
