package org.kith.hub.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.kith.schemas.Json;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * One {@code kith admin} command: it calls the hub and prints the answer. A refusal is printed from
 * the hub's problem document (title, detail, each violation) to standard error and exits 1; a usage
 * error exits 2 as picocli's own do. Output goes to the command line's writers, so it can be captured.
 */
abstract class AdminCall implements Callable<Integer> {

    @Mixin
    AdminOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
        AdminClient hub = options.client(spec);
        try {
            run(hub);
            return 0;
        } catch (AdminClient.Refused refused) {
            printProblem(refused.reply());
            return 1;
        } catch (AdminClient.Unreachable | Failure | UncheckedIOException e) {
            err().println("error: " + e.getMessage());
            return 1;
        } finally {
            out().flush();
            err().flush();
        }
    }

    /** A command that cannot finish, for a reason its message says (exit 1). */
    static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message);
        }
    }

    /** Calls the hub and prints; a non-2xx answer is thrown as {@link AdminClient.Refused}. */
    abstract void run(AdminClient hub);

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** The answer in full as JSON with {@code --output json}, else the table. */
    void print(AdminClient.Reply reply, Function<JsonNode, Table> table) {
        JsonNode answer = reply.json();
        if (options.json()) {
            printJson(answer);
        } else {
            out().print(table.apply(answer).render());
        }
    }

    /** The answer in full as JSON with {@code --output json}, else the one line {@code summary} gives for it. */
    void say(AdminClient.Reply reply, Function<JsonNode, String> summary) {
        JsonNode answer = reply.body().isBlank() ? Json.mapper().createObjectNode() : reply.json();
        if (options.json()) {
            printJson(answer);
        } else {
            out().println(summary.apply(answer));
        }
    }

    void printJson(JsonNode answer) {
        try {
            out().println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(answer));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON file given on the command line; one that cannot be read or is not JSON is a usage error. */
    byte[] readJson(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "cannot read " + file);
        }
        try {
            Json.mapper().readTree(bytes);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), file + " is not a JSON document");
        }
        return bytes;
    }

    JsonNode parse(byte[] json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code title (status): detail}, then each violation as {@code pointer: message}. */
    private void printProblem(AdminClient.Reply reply) {
        JsonNode problem;
        try {
            problem = Json.mapper().readTree(reply.body());
        } catch (IOException e) {
            problem = null;
        }
        if (problem == null || !problem.isObject()) {
            err().println("error: the hub answered " + reply.status() + (reply.status() == 404
                    ? " with no problem document: this hub may not have this endpoint (an older version?)" : ""));
            return;
        }
        err().println("error: " + problem.path("title").asText("the hub refused") + " (" + reply.status() + ")"
                + (problem.hasNonNull("detail") ? ": " + problem.get("detail").asText() : ""));
        for (JsonNode violation : problem.path("violations")) {
            String pointer = violation.path("pointer").asText("");
            err().println("  " + (pointer.isEmpty() ? "(the document)" : pointer) + ": "
                    + violation.path("message").asText());
        }
    }
}
