package org.kith.connectors;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A step of an edge route that only reads what a partner sent (authenticates it, checks its
 * content type and signature, parses and validates it) and touches none of the hub's own
 * resources. Whatever such a step throws is therefore about the input: a deliberate refusal
 * ({@link ProblemException}) passes as it is, any other exception becomes a 400
 * {@value #UNREADABLE}, so no input can fall through to the route's "retry later" (503), which is
 * kept for the hub's own failures (Kafka did not take the message). The exception is logged by
 * route and type only, never with request data, at WARN: it names a reader to fix.
 */
public final class InputStep implements Processor {

    public static final String UNREADABLE = "unreadable";
    private static final Logger LOG = LoggerFactory.getLogger(InputStep.class);

    private final Processor step;

    private InputStep(Processor step) {
        this.step = step;
    }

    public static Processor of(Processor step) {
        return new InputStep(step);
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        try {
            step.process(exchange);
        } catch (ProblemException refusal) {
            throw refusal;
        } catch (RuntimeException e) {
            LOG.warn("Route {} could not read a request and refused it: {}", exchange.getFromRouteId(),
                    e.getClass().getName());
            throw new ProblemException(unreadable());
        }
    }

    /** The refusal of input no reader of the hub could make sense of. */
    public static Problem unreadable() {
        return Problem.of(400, UNREADABLE, "Not readable",
                "the hub could not read the request as its API describes; nothing was accepted, correct it before sending it again");
    }
}
