package org.kith.hub.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** RFC 8785 canonical JSON within Kith's limit (integers only). */
class CryptoJcsTest {

    private static String canonical(String json) {
        return new String(Jcs.canonicalize(json.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    @Test
    void sortsMembersByUtf16CodeUnitsAndDropsWhiteSpace() {
        // RFC 8785 section 3.2.3's sorting example, without its numbers
        String input = "{\"\\u20ac\": \"Euro Sign\", \"\\r\": \"Carriage Return\", \"\\ufb33\": \"Hebrew Letter Dalet With Dagesh\","
                + " \"1\": \"One\", \"\\ud83d\\ude00\": \"Emoji: Grinning Face\", \"\\u0080\": \"Control\", \"\\u00f6\": \"Latin Small Letter O With Diaeresis\"}";
        assertEquals("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\",\"\u00f6\":\"Latin Small Letter O With Diaeresis\","
                + "\"\u20ac\":\"Euro Sign\",\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}",
                canonical(input));
    }

    @Test
    void escapesAsEcmaScriptDoes() {
        assertEquals("[\"\\u0000\\u001f \\\" \\\\ / \\b\\f\\n\\r\\t \u00e9\"]", canonical("[\"\\u0000\\u001F \\\" \\\\ \\/ \\b\\f\\n\\r\\t \\u00e9\"]"));
        assertEquals("{\"a\":[true,false,null,{},[]],\"b\":-9007199254740991}",
                canonical("{ \"b\" : -9007199254740991, \"a\" : [ true , false , null , { } , [ ] ] }"));
    }

    @Test
    void refusesWhatItDoesNotCanonicalise() {
        assertThrows(IllegalArgumentException.class, () -> canonical("[1.5]"));
        assertThrows(IllegalArgumentException.class, () -> canonical("[1e3]"));
        assertThrows(IllegalArgumentException.class, () -> canonical("[9007199254740992]"));
        assertThrows(IllegalArgumentException.class, () -> canonical("{\"a\":1,\"a\":2}"));
        assertThrows(IllegalArgumentException.class, () -> canonical("[\"\\ud800\"]"));
        assertThrows(IllegalArgumentException.class, () -> canonical("{"));
    }
}
