package org.kith.hub.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** Where the administration API reads the partnership configuration from: this instance's copy of the config topic. */
@FunctionalInterface
public interface ConfigSource {

    /** Every entry whose key starts with {@code keyPrefix}, by key, in key order. */
    Map<String, JsonNode> entries(String keyPrefix);
}
