package org.kith.connectors.filedrop;

/** The batch as a whole cannot be read (not UTF-8, not CSV, a wrong header): nothing of it is published. */
final class UnreadableBatchException extends Exception {

    UnreadableBatchException(String reason) {
        super(reason, null, false, false);
    }
}
