package org.kith.hub.referral;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A provider's capacity for one service type, as it last reported it ({@code capacity.schema.json}).
 * Kept in the config topic under {@link #key}, so every hub instance routes on the same picture.
 *
 * @param areas the service areas it applies to; empty means all of them
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ProviderCapacity(String partner, String serviceType, Status status, Integer openings,
                               Integer estimatedWaitDays, List<String> areas, Instant asOf, Instant reportedAt) {

    /** Ordered from most to least able to take a new referral. */
    public enum Status {
        ACCEPTING, WAITLIST, FULL;

        @JsonValue
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Status fromCode(String code) {
            for (Status s : values()) {
                if (s.code().equals(code)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown capacity status '" + code + "'");
        }
    }

    /** The config-topic key prefix of capacity entries. */
    public static final String KEY_PREFIX = "capacity:";

    public ProviderCapacity {
        Objects.requireNonNull(partner, "partner");
        Objects.requireNonNull(serviceType, "serviceType");
        Objects.requireNonNull(status, "status");
        areas = areas == null ? List.of() : List.copyOf(areas);
    }

    public static String key(String partner, String serviceType) {
        return KEY_PREFIX + partner + ":" + serviceType;
    }

    public String key() {
        return key(partner, serviceType);
    }

    /** Whether this report speaks for a referral from {@code area} (unknown area: only an all-areas report does). */
    public boolean covers(String area) {
        return areas.isEmpty() || (area != null && areas.contains(area));
    }
}
