package org.kith.consent.engine;

/**
 * A point inside an evaluation where a test can inject a fault, to show that an error anywhere in
 * the engine yields no disclosure. The production engine uses {@link #NONE}, which the JIT removes.
 */
interface Checkpoint {

    void reached(String step);

    Checkpoint NONE = step -> { };
}
