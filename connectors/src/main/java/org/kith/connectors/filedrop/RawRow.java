package org.kith.connectors.filedrop;

import java.util.Map;

/** A row as a batch's format read it, before it is judged: its cells by column name, or why it does not fit. */
sealed interface RawRow {

    record Cells(Map<String, String> cells) implements RawRow {
    }

    /** @param reason what is wrong with its shape, never a value */
    record Malformed(String reason) implements RawRow {
    }
}
