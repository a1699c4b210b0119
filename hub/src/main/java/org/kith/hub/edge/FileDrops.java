package org.kith.hub.edge;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.kith.connectors.IdRegistry;
import org.kith.connectors.filedrop.FileDropRoutes;
import org.kith.hub.config.HubConfig;
import org.kith.hub.config.Partner;
import org.kith.hub.config.Partners;
import org.kith.schemas.SubmissionValidator;

/**
 * One file drop route per partner with a registered public key (nobody else can sign a batch),
 * kept in step with the registered partners ({@link PartnerRoutes}): a partner registered or given
 * its first key gets its drop at once, one removed or revoked loses it. A route per partner keeps
 * the partner the directory's, and leaves unregistered directories unread. A partner with an
 * {@code sftp} location also has it polled (with {@code kith.filedrop.sftp.*} set), into the same pipeline.
 */
final class FileDrops {

    /** What a partner's drop is made from: its SFTP location, if it has one (and the hub may log in to it). */
    private record Drop(Optional<URI> sftp) {
    }

    /**
     * The partner's digests of accepted batches, in its drop directory beside {@code done/}: they speak
     * of its files, survive a restart with them, and go with the directory if it is moved or restored.
     */
    static final String ACCEPTED = "accepted-batches.sha256";

    private final PartnerRoutes<Drop> routes;

    FileDrops(CamelContext camel, Path dir, Endpoints endpoints, Partners partners, SubmissionValidator validator,
              Clock clock, long maxBytes, Optional<HubConfig.SftpClient> sftpClient, IdRegistry ids) {
        var signatures = new BatchSignatures(partners);
        this.routes = new PartnerRoutes<>("File drop", camel,
                partner -> partner.publicKeys().all().isEmpty() ? Optional.empty()
                        : Optional.of(new Drop(sftpClient.isPresent() ? partner.sftp() : Optional.empty())),
                (partnerId, drop) -> {
                    var routes = new FileDropRoutes(partnerId, endpoints.fileDrop(dir, partnerId),
                            endpoints.fileDropResults(dir, partnerId), endpoints.inbound(), signatures, validator, clock,
                            new FileDropRoutes.Batches(maxBytes, dir.toAbsolutePath().resolve(partnerId),
                                    dir.toAbsolutePath().resolve(partnerId).resolve(ACCEPTED), ids));
                    drop.sftp().ifPresent(location -> routes.withSftp(endpoints.sftpDrop(location, sftpClient.orElseThrow())));
                    return routes;
                });
    }

    void reconcile(Collection<Partner> partners) {
        routes.reconcile(partners);
    }
}
