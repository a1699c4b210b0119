package org.kith.hub.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.kith.connectors.Problem;
import org.kith.schemas.Json;

/**
 * HTTP/1.1 over a plain socket, for the door's tests: a connection from a chosen loopback address
 * (127.0.0.2, 127.0.0.3... are distinct remote addresses to the hub), and one answer read exactly
 * (its head, then as many bytes as its {@code Content-Length} says), so a test controls what is
 * sent when and sees what the server did with the connection afterwards.
 */
final class RawHttp {

    private RawHttp() {
    }

    /** A connection to the hub's port on loopback from {@code from}, reads timing out after 10 s. */
    static Socket connect(String from, int port) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** Whether this machine's loopback interface answers {@code address} (Linux has the whole of 127.0.0.0/8). */
    static boolean bindsLoopback(String address) {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** One answer, its head and its body, as text; what arrived if the connection ended before it was whole. */
    static String readAnswer(InputStream in) throws IOException {
        var text = new StringBuilder();
        int contentLength = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                return text.toString();
            }
            text.append((char) b);
            int end = text.indexOf("\r\n\r\n");
            if (end >= 0) {
                if (contentLength < 0) {
                    String length = header(text.toString(), "content-length");
                    contentLength = length == null ? 0 : Integer.parseInt(length);
                }
                if (text.length() >= end + 4 + contentLength) {
                    return text.toString();
                }
            }
        }
    }

    /** The value of an answer's header {@code name} (any case), or null. */
    static String header(String answer, String name) {
        for (String line : answer.substring(0, Math.max(0, answer.indexOf("\r\n\r\n"))).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    /** The status code of an answer's status line, or -1 if none arrived. */
    static int status(String answer) {
        String[] line = answer.split(" ", 3);
        return answer.startsWith("HTTP/1.") && line.length >= 2 ? Integer.parseInt(line[1]) : -1;
    }

    /** An answer's body read as JSON. */
    static JsonNode json(String answer) {
        try {
            return Json.mapper().readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Asserts that {@code answer} is a refusal with {@code status}, a problem document of type
     * {@code urn:kith:problem:<slug>} saying why, and the end of its connection announced.
     */
    static void assertProblem(String answer, int status, String slug) {
        assertEquals(status, status(answer), answer);
        assertEquals(Problem.MEDIA_TYPE, header(answer, "content-type"), answer);
        assertEquals("close", header(answer, "connection"), answer);
        JsonNode problem = json(answer);
        assertEquals("urn:kith:problem:" + slug, problem.path("type").asText(), answer);
        assertEquals(status, problem.path("status").asInt(), answer);
        assertFalse(problem.path("detail").asText().isEmpty(), answer);
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
