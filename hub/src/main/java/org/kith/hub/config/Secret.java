package org.kith.hub.config;

import java.util.Objects;

/** A setting that must never be printed: its {@code toString} hides it, so a logged config cannot leak it. */
public final class Secret {

    private final String value;

    public Secret(String value) {
        this.value = Objects.requireNonNull(value, "secret");
    }

    public char[] chars() {
        return value.toCharArray();
    }

    @Override
    public String toString() {
        return "(secret)";
    }
}
