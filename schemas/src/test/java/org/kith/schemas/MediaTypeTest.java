package org.kith.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Media types compared as RFC 9110 says: the whole type/subtype, any case, parameters apart. */
class MediaTypeTest {

    @Test
    void theEssenceIsComparedWholeAndWithoutCase() {
        assertTrue(MediaType.parse("application/cloudevents+json").orElseThrow().is("application/cloudevents+json"));
        assertTrue(MediaType.parse("Application/CloudEvents+JSON").orElseThrow().is("application/cloudevents+json"));
        for (String other : new String[] {"application/cloudevents+jsonx", "application/cloudevents+json-seq",
                "application/cloudevents", "application/json"}) {
            assertFalse(MediaType.parse(other).orElseThrow().is("application/cloudevents+json"), other);
        }
    }

    @Test
    void parametersAreReadAsTokensOrQuotedStrings() {
        MediaType type = MediaType.parse("application/json ; charset=\"UTF-8\";version=1").orElseThrow();
        assertEquals("application/json", type.essence());
        assertEquals(Map.of("charset", "UTF-8", "version", "1"), type.parameters());
        assertTrue(type.utf8());
        assertFalse(MediaType.parse("application/json; charset=iso-8859-1").orElseThrow().utf8());
        assertTrue(MediaType.parse("application/json").orElseThrow().utf8(), "no charset: JSON is UTF-8");
    }

    @Test
    void whatIsNotAMediaTypeIsNone() {
        for (String text : new String[] {"", "json", "application/", "application/json;", "application/json; charset",
                "application/json; a=1; a=2", "application/json x", "application/json; charset=\"utf-8", null}) {
            assertEquals(Optional.empty(), MediaType.parse(text), String.valueOf(text));
        }
    }
}
