package org.kith.hub.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kith.schemas.Json;

/** The admin commands' table: padded columns under a header, arrays joined, nothing that breaks a line. */
class TableTest {

    private static final String NL = System.lineSeparator();

    @Test
    void columnsArePaddedToTheirWidestCellAndTheLastIsNot() {
        String text = Table.of("id", "outcome", "explanation")
                .row(List.of("riverside-clinic", "permit", "the family agreed"))
                .row(List.of("harbor", "deny", "")).render();
        assertEquals("id                outcome  explanation" + NL
                + "riverside-clinic  permit   the family agreed" + NL
                + "harbor            deny" + NL, text);
    }

    @Test
    void objectsBecomeRowsWithArraysCommaJoinedAndMissingFieldsEmpty() throws Exception {
        JsonNode items = Json.mapper().readTree("""
                [{"id": "MOU-1", "parties": ["county-cw", "riverside-clinic"], "expires": "2027-12-31"},
                 {"id": "MOU-2", "parties": [], "extra": 1}]""");
        assertEquals("id     parties                      expires" + NL
                + "MOU-1  county-cw, riverside-clinic  2027-12-31" + NL
                + "MOU-2" + NL, Table.of(items, "id", "parties", "expires").render());
    }

    @Test
    void anEmptyListIsTheHeaderAlone() throws Exception {
        assertEquals("changeId  kind" + NL, Table.of(Json.mapper().readTree("[]"), "changeId", "kind").render());
    }

    @Test
    void oneObjectIsShownFieldByFieldWithNestedObjectsAsCompactJson() throws Exception {
        JsonNode object = Json.mapper().readTree("""
                {"id": "MOU-1", "referralSla": {"receipt": "PT24H"}, "keys": 2, "note": null}""");
        assertEquals("field        value" + NL
                + "id           MOU-1" + NL
                + "referralSla  {\"receipt\":\"PT24H\"}" + NL
                + "keys         2" + NL
                + "note" + NL, Table.fields(object).render());
    }

    @Test
    void controlCharactersCannotBreakARowOrMoveTheCursor() {
        String text = Table.of("a", "b").row(List.of("x\ny", "\u001b[2Jz")).render();
        assertEquals("a    b" + NL + "x y   [2Jz" + NL, text);
    }

    @Test
    void aRowMustHaveOneCellPerColumn() {
        assertThrows(IllegalArgumentException.class, () -> Table.of("a", "b").row(List.of("only one")));
    }
}
