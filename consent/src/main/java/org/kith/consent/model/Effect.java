package org.kith.consent.model;

/** Whether a directive allows disclosure or forbids it. A valid deny beats a valid permit. */
public enum Effect {
    PERMIT,
    DENY
}
