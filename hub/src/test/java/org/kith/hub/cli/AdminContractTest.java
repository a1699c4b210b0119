package org.kith.hub.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.hub.KithCommand;
import org.kith.hub.testing.OpenApiDocuments;
import org.kith.schemas.Json;
import picocli.CommandLine;

/**
 * Every {@code kith admin} and {@code kith partner} command calls operations of the hub's own OpenAPI
 * document, and the role its help names is the role each operation admits ({@code x-kith-roles}): each command is run
 * against a stub that records the request and answers {@code {}}, so the CLI and the API cannot drift
 * apart unnoticed. The token travels only as the bearer.
 */
class AdminContractTest {

    private static final Pattern ROLE = Pattern.compile("Role: ([a-z-]+(?: or [a-z-]+)*)\\.");

    private record Call(String method, String path, String authorization) {
    }

    @Test
    void everyCommandCallsADocumentedOperationAndNamesItsRoles(@TempDir Path dir) throws Exception {
        JsonNode openApi = Json.mapper().readTree(OpenApiDocuments.admin("/"));
        List<Call> calls = new CopyOnWriteArrayList<>();
        HttpServer stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stub.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            calls.add(new Call(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestHeaders().getFirst("Authorization")));
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        stub.start();
        Path token = Files.writeString(dir.resolve("token"), "contract-token");
        Path file = Files.writeString(dir.resolve("object.json"), "{\"id\": \"X-1\"}");
        int commands = 0;
        try {
            List<CommandLine> leaves = new ArrayList<>();
            leaves(new CommandLine(new KithCommand()).getSubcommands().get("admin"), leaves);
            leaves(new CommandLine(new KithCommand()).getSubcommands().get("partner"), leaves);
            for (CommandLine leaf : leaves) {
                String name = leaf.getCommandSpec().qualifiedName();
                List<String> line = new ArrayList<>(List.of(name.substring("kith ".length()).split(" ")));
                leaf.getCommandSpec().positionalParameters().forEach(p -> line.add(switch (p.paramLabel()) {
                    case "FAMILY" -> "F-1";
                    case "FILE" -> file.toString();
                    case "CHANGE-ID" -> "0b6f3c1e-2d4a-4c8e-9f1a-5e7d2c3b4a10";
                    default -> "X-1";
                }));
                leaf.getCommandSpec().options().stream().filter(o -> o.required()).forEach(o -> {
                    line.add(o.longestName());
                    line.add(o.longestName().equals("--out") ? dir.resolve("out-" + line.hashCode()).toString() : "court");
                });
                line.addAll(List.of("--url", "http://127.0.0.1:" + stub.getAddress().getPort(), "--token-file",
                        token.toString()));
                calls.clear();
                StringWriter err = new StringWriter();
                int exit = new CommandLine(new KithCommand()).setOut(new PrintWriter(new StringWriter()))
                        .setErr(new PrintWriter(err)).execute(line.toArray(String[]::new));
                assertEquals(0, exit, name + ": " + err);
                assertTrue(!calls.isEmpty(), name + " calls the hub");
                for (Call call : calls) {
                    assertEquals("Bearer contract-token", call.authorization(), name);
                    JsonNode operation = operation(openApi, call);
                    assertTrue(operation != null, name + " calls " + call.method() + " " + call.path()
                            + ", which the hub's OpenAPI document does not describe");
                    Set<String> roles = new TreeSet<>();
                    operation.path("x-kith-roles").forEach(role -> roles.add(role.asText()));
                    assertEquals(roles, helpRoles(leaf), name + "'s help names the roles of " + call.method() + " "
                            + call.path());
                }
                commands++;
            }
        } finally {
            stub.stop(0);
        }
        assertTrue(commands >= 30, commands + " commands");
    }

    private static JsonNode operation(JsonNode openApi, Call call) {
        for (Iterator<Map.Entry<String, JsonNode>> it = openApi.path("paths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            String template = path.getKey().replaceAll("\\{[^}]+}", "[^/]+");
            if (call.path().matches(template)) {
                return path.getValue().get(call.method().toLowerCase());
            }
        }
        return null;
    }

    private static Set<String> helpRoles(CommandLine command) {
        Matcher role = ROLE.matcher(String.join(" ", command.getCommandSpec().usageMessage().description()));
        assertTrue(role.find(), command.getCommandSpec().qualifiedName() + " names its role");
        return new TreeSet<>(List.of(role.group(1).split(" or ")));
    }

    private static void leaves(CommandLine command, List<CommandLine> into) {
        if (command.getSubcommands().isEmpty()) {
            into.add(command);
        }
        command.getSubcommands().values().forEach(sub -> leaves(sub, into));
    }
}
