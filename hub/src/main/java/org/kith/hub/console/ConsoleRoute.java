package org.kith.hub.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.kith.connectors.HttpReply;

/**
 * {@code GET /console}: the administrators' console, plain HTML, CSS and JavaScript modules from the
 * jar, served on the administration API's own port and TLS. It holds no privilege: every screen
 * calls the administration API with the signed-in user's bearer token, which the page keeps in
 * memory only, so the API's 401, 403 and 404 decide what a user sees. The assets themselves
 * disclose nothing and are served to anyone, with a Content-Security-Policy that admits only the
 * console's own scripts, styles and API (no inline script or style, no framing).
 */
public final class ConsoleRoute extends RouteBuilder {

    public static final String PATH = "/console";
    /** The policy of every console response: the page's own files and the API on this origin only. */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'";
    static final String RESOURCES = "/org/kith/hub/console/";
    /** An asset's name: no directory, no dot-dot, one of the served kinds. */
    private static final Pattern ASSET = Pattern.compile("[a-z][a-z0-9-]{0,40}\\.(html|js|css|svg)");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "svg", "image/svg+xml");

    @Override
    public void configure() {
        from("platform-http:" + PATH + "?httpMethodRestrict=GET&matchOnUriPrefix=true").routeId("console")
                .process(this::serve).id("console-serve");
    }

    private void serve(Exchange exchange) {
        String uri = exchange.getMessage().getHeader(Exchange.HTTP_URI, "", String.class);
        String path = uri.replaceFirst("[?#].*$", "");
        // the path as requested, with or without the route's own prefix (as the HTTP engine gives it)
        String name = path.startsWith(PATH) ? path.substring(PATH.length()) : path;
        name = name.replaceFirst("^/", "");
        if (name.isEmpty()) {
            name = "index.html";
        }
        Optional<String> asset = ASSET.matcher(name).matches() ? read(name) : Optional.empty();
        if (asset.isEmpty()) {
            HttpReply.send(exchange, 404, "text/plain; charset=utf-8", "not found\n");
        } else {
            HttpReply.send(exchange, 200, TYPES.get(name.substring(name.lastIndexOf('.') + 1)), asset.get());
        }
        var message = exchange.getMessage();
        message.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        message.setHeader("X-Content-Type-Options", "nosniff");
        message.setHeader("X-Frame-Options", "DENY");
        message.setHeader("Referrer-Policy", "no-referrer");
        message.setHeader("Cache-Control", "no-cache");
    }

    private static Optional<String> read(String name) {
        try (InputStream in = ConsoleRoute.class.getResourceAsStream(RESOURCES + name)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("a console asset could not be read from the jar", e);
        }
    }
}
