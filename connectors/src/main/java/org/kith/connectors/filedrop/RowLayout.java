package org.kith.connectors.filedrop;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kith.schemas.CloudEventCodec;
import org.kith.schemas.MessageType;

/**
 * A batch's row layout: which columns (CSV) or row elements (XML) a row has, and the structured
 * CloudEvent a row becomes, the one a partner would POST, so the REST ingress's validator judges it.
 * An empty cell is left out of the document (the validator then names what is missing). The source
 * is always the batch's partner, never a column: a partner cannot drop a batch as another.
 */
interface RowLayout {

    /** Every layout, by the name a batch's file name gives ({@code NAME.<layout>.csv}). */
    List<RowLayout> ALL = List.of(CourtNoticeColumns.LAYOUT, AttendanceColumns.LAYOUT);

    /** The layout of a file name without one ({@code NAME.csv}): batches made before there were others. */
    RowLayout DEFAULT = CourtNoticeColumns.LAYOUT;

    /** The name in a batch's file name, e.g. {@code court-notice}. */
    String name();

    /** Every column; a CSV batch's header must name each exactly once, in any order. */
    List<String> columns();

    /** The structured CloudEvent of one row ({@code cells} by column name), sent by {@code partnerId}. */
    ObjectNode submission(String partnerId, Map<String, String> cells);

    static Optional<RowLayout> named(String name) {
        return ALL.stream().filter(layout -> layout.name().equals(name)).findFirst();
    }

    /**
     * The envelope every layout shares, from the columns {@code eventId}, {@code familyId},
     * {@code purpose} and {@code recipients}, the subject from {@code subjectColumn}, with an empty
     * {@code data} object for the layout to fill.
     */
    static ObjectNode envelope(String partnerId, MessageType type, String subjectColumn, Map<String, String> cells) {
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        event.put("specversion", "1.0");
        put(event, "id", cells.get("eventId"));
        event.put("source", partnerId);
        event.put("type", type.typeName());
        put(event, "subject", cells.get(subjectColumn));
        put(event, "familyid", cells.get("familyId"));
        put(event, "purpose", cells.get("purpose"));
        put(event, "recipients", cells.get("recipients"));
        event.put("datacontenttype", CloudEventCodec.JSON);
        event.putObject("data");
        return event;
    }

    /** Puts a non-empty cell, stripped, as text. */
    static void put(ObjectNode node, String name, String cell) {
        if (cell != null && !cell.isBlank()) {
            node.put(name, cell.strip());
        }
    }
}
