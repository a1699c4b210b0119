package org.kith.hub.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.kith.hub.crypto.HubTls;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The options every {@code kith admin} command shares: which hub (and, for HTTPS with a certificate
 * of the hub CA, that CA's certificate), whose token, how to print. The
 * token is read from a file or the environment only, never from the command line, where it would
 * be kept in the shell's history and shown to every user of the machine in the process list.
 */
public final class AdminOptions {

    static final String URL_ENV = "KITH_ADMIN_URL";
    static final String TOKEN_ENV = "KITH_ADMIN_TOKEN";

    @Option(names = "--url", paramLabel = "URL", defaultValue = "${env:" + URL_ENV + ":-http://127.0.0.1:8080}",
            description = "The running hub's HTTP address (default: env " + URL_ENV
                    + ", else http://127.0.0.1:8080).")
    String url;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "A file holding your API token (readable by you only). Default: env " + TOKEN_ENV
                    + ". There is no option taking the token itself: it would be kept in the shell history.")
    Path tokenFile;

    @Option(names = "--ca-file", paramLabel = "FILE",
            description = "For an https --url whose certificate the hub CA issued: the CA's certificate (PEM, e.g."
                    + " ca.cert.pem of the hub's key directory), the only authority then trusted. Without it, the"
                    + " JDK's default authorities are trusted.")
    Path caFile;

    @Option(names = "--output", paramLabel = "table|json", defaultValue = "table",
            description = "table (default): the key fields; json: the hub's whole answer.")
    String output;

    /** A client for the hub, or a usage error (exit 2) when the address, token or output is not usable. */
    AdminClient client(CommandSpec spec) {
        if (!"table".equals(output) && !"json".equals(output)) {
            throw new ParameterException(spec.commandLine(), "--output is 'table' or 'json', not '" + output + "'");
        }
        URI address;
        try {
            address = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--url is not an address: " + url);
        }
        if (!"http".equals(address.getScheme()) && !"https".equals(address.getScheme()) || address.getHost() == null) {
            throw new ParameterException(spec.commandLine(), "--url must be an http or https address, e.g. "
                    + "http://127.0.0.1:8080");
        }
        if (caFile != null && !"https".equals(address.getScheme())) {
            throw new ParameterException(spec.commandLine(), "--ca-file is for an https --url");
        }
        return new AdminClient(address, token(spec), caFile == null ? Optional.empty() : Optional.of(trusting(spec)));
    }

    /** A TLS context trusting the authority of {@code --ca-file} alone. */
    private SSLContext trusting(CommandSpec spec) {
        try (var in = Files.newInputStream(caFile)) {
            var authority = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            return HubTls.trusting(authority);
        } catch (IOException | GeneralSecurityException | ClassCastException e) {
            throw new ParameterException(spec.commandLine(), "--ca-file " + caFile + " is not a readable PEM certificate");
        }
    }

    boolean json() {
        return "json".equals(output);
    }

    private String token(CommandSpec spec) {
        String token;
        if (tokenFile != null) {
            try {
                token = Files.readString(tokenFile).strip();
            } catch (IOException e) {
                throw new ParameterException(spec.commandLine(), "cannot read the token file " + tokenFile);
            }
        } else {
            token = System.getenv(TOKEN_ENV) == null ? "" : System.getenv(TOKEN_ENV).strip();
        }
        if (token.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "no API token: give --token-file FILE or set "
                    + TOKEN_ENV);
        }
        if (token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new ParameterException(spec.commandLine(), "the API token holds spaces, line breaks or other "
                    + "characters a bearer token cannot have" + (tokenFile == null ? "" : " (" + tokenFile + ")"));
        }
        return token;
    }
}
