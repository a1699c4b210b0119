package org.kith.connectors.filedrop;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.kith.schemas.StrictUtf8;

/**
 * An XML batch's rows: {@code <batch>} holding one {@code <row>} per message, each holding one
 * element per column of the layout, named like the CSV column, with text only (an element left out
 * is an empty cell). Parsed with the JDK's StAX reader, DTDs and external entities off: a document
 * with a {@code DOCTYPE} is unreadable as a whole, before any entity could be resolved. A row with an
 * unknown, repeated or nested element, an attribute or stray text is malformed; every row is reported.
 * An element the layout does not know is named by its position in the row, never by its name.
 */
final class XmlRows {

    static final String ROOT = "batch";
    static final String ROW = "row";

    private XmlRows() {
    }

    static List<RawRow> parse(String text, RowLayout layout) throws UnreadableBatchException {
        try {
            XMLStreamReader reader = factory().createXMLStreamReader(new StringReader(text));
            try {
                return rows(reader, layout);
            } finally {
                reader.close();
            }
        } catch (XMLStreamException | RuntimeException e) {
            throw new UnreadableBatchException("not-xml");
        }
    }

    private static XMLInputFactory factory() {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return factory;
    }

    private static List<RawRow> rows(XMLStreamReader reader, RowLayout layout)
            throws XMLStreamException, UnreadableBatchException {
        String declared = reader.getCharacterEncodingScheme();
        if (declared != null && !declared.equalsIgnoreCase("UTF-8")) {
            throw new UnreadableBatchException(StrictUtf8.CHARSET); // the file is read as UTF-8: it says otherwise
        }
        while (next(reader) != XMLStreamConstants.START_ELEMENT) {
            // the prolog: declaration, comments, processing instructions
        }
        if (!ROOT.equals(reader.getLocalName())) {
            throw new UnreadableBatchException("root-not-" + ROOT);
        }
        List<RawRow> rows = new ArrayList<>();
        for (int event = next(reader); event != XMLStreamConstants.END_ELEMENT; event = next(reader)) {
            if (event == XMLStreamConstants.START_ELEMENT) {
                rows.add(row(reader, layout));
            } else if (isText(event) && !reader.getText().isBlank()) {
                throw new UnreadableBatchException("text-outside-" + ROW);
            }
        }
        while (reader.hasNext()) {
            next(reader); // the epilog, so that anything ill-formed after the root refuses the file too
        }
        return rows;
    }

    /** One row element, read to its end. */
    private static RawRow row(XMLStreamReader reader, RowLayout layout) throws XMLStreamException, UnreadableBatchException {
        String problem = !ROW.equals(reader.getLocalName()) ? "an element other than " + ROW
                : reader.getAttributeCount() > 0 ? "attributes are not read" : null;
        Map<String, String> cells = new LinkedHashMap<>();
        int position = 0;
        for (int event = next(reader); event != XMLStreamConstants.END_ELEMENT; event = next(reader)) {
            if (event == XMLStreamConstants.START_ELEMENT) {
                position++;
                String name = reader.getLocalName();
                boolean attributes = reader.getAttributeCount() > 0;
                String cell = text(reader);
                if (problem != null) {
                    continue;
                }
                if (!layout.columns().contains(name)) {
                    problem = "unknown-element " + position;
                } else if (cells.containsKey(name)) {
                    problem = "element " + name + " twice";
                } else if (cell == null) {
                    problem = "element " + name + " holds elements";
                } else if (attributes) {
                    problem = "attributes are not read";
                } else {
                    cells.put(name, cell);
                }
            } else if (isText(event) && !reader.getText().isBlank() && problem == null) {
                problem = "text outside a column element";
            }
        }
        return problem == null ? new RawRow.Cells(cells) : new RawRow.Malformed(problem);
    }

    /** The text of a column element, read to its end; null if it holds elements. */
    private static String text(XMLStreamReader reader) throws XMLStreamException, UnreadableBatchException {
        StringBuilder text = new StringBuilder();
        boolean nested = false;
        int depth = 1;
        while (depth > 0) {
            int event = next(reader);
            if (event == XMLStreamConstants.START_ELEMENT) {
                nested = true;
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            } else if (isText(event)) {
                text.append(reader.getText());
            }
        }
        return nested ? null : text.toString();
    }

    /** The next event; a DTD refuses the file, an entity reference too (none can be declared without one). */
    private static int next(XMLStreamReader reader) throws XMLStreamException, UnreadableBatchException {
        int event = reader.next();
        if (event == XMLStreamConstants.DTD) {
            throw new UnreadableBatchException("doctype");
        }
        if (event == XMLStreamConstants.ENTITY_REFERENCE) {
            throw new UnreadableBatchException("entity-reference");
        }
        return event;
    }

    private static boolean isText(int event) {
        return event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA
                || event == XMLStreamConstants.SPACE;
    }
}
