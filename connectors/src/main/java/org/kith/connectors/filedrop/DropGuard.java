package org.kith.connectors.filedrop;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local drop's filter, consulted by the file consumer before it locks, opens or moves anything:
 * while the partner's {@code in/} or a directory the hub writes into is not a real directory of the
 * partner's ({@link DropDirectory#sound()}) nothing is taken, so a linked {@code in/} can never make the
 * hub move another directory's files; an entry the drop would take that is not a regular file of
 * {@code in/} (a link, a FIFO, a device) is filed in {@code failed/} as it is, with its result file,
 * and never handed on: the consumer's read lock would wait on an empty FIFO at every poll. Logged by
 * partner id, never by file content.
 */
final class DropGuard implements GenericFileFilter<File> {

    private static final Logger LOG = LoggerFactory.getLogger(DropGuard.class);

    private final String partnerId;
    private final DropDirectory drop;
    private final AtomicBoolean warned = new AtomicBoolean();

    DropGuard(String partnerId, DropDirectory drop) {
        this.partnerId = partnerId;
        this.drop = drop;
    }

    @Override
    public boolean accept(GenericFile<File> file) {
        if (!drop.sound()) {
            if (warned.compareAndSet(false, true)) {
                LOG.warn("File drop of partner {}: in/, results/, done/ or failed/ is not a real directory of the partner's"
                        + " (a link?); nothing is taken until it is", partnerId);
            }
            return false;
        }
        warned.set(false);
        String name = file.getFileNameOnly();
        if (file.isDirectory() || !(name.endsWith(BatchReader.CSV) || name.endsWith(BatchReader.XML))) {
            return true; // not a batch: the drop's own include pattern decides
        }
        Path entry = Path.of(file.getAbsoluteFilePath());
        if (drop.refusal(entry).isEmpty()) {
            return true;
        }
        try {
            drop.refuse(entry, DropDirectory.NOT_A_FILE);
            LOG.warn("File drop of partner {}: an entry that is not a regular file of its in/ was filed in failed/", partnerId);
        } catch (IOException e) {
            LOG.error("File drop of partner {}: an entry that is not a regular file could not be filed: {}", partnerId,
                    e.getClass().getName());
        }
        return false;
    }
}
