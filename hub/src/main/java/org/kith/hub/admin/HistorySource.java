package org.kith.hub.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Where the administration API reads the history of an administered object from. */
@FunctionalInterface
public interface HistorySource {

    /**
     * Every change of {@code objectType:objectId}, oldest first. {@code partitionKey} is the key the
     * changes were written under ({@code admin:<type>} for configuration, the family id for a family's
     * documents). Throws {@link IllegalStateException} when another hub instance holds that partition.
     */
    List<JsonNode> history(String partitionKey, String objectType, String objectId);
}
