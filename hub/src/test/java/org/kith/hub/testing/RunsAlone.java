package org.kith.hub.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * An integration test that asserts a wall-clock bound (a deadline met, a rate window, a latency
 * bound the docs state): Failsafe runs it after the others, one test JVM at a time, so that
 * what it measures is the hub and not a neighbouring test's load. Everything else runs two JVMs
 * at once (the build's {@code alone} group).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Tag("alone")
public @interface RunsAlone {
}
