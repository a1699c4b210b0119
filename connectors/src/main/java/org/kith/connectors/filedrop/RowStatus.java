package org.kith.connectors.filedrop;

/**
 * One line of a batch's result file.
 *
 * @param row       the data row (1 for the first under the header or the first XML row), or {@code file} for
 *                  the batch as a whole
 * @param status    accepted, invalid, malformed, duplicate (accepted before: the message id is the first time's),
 *                  replayed (its event id was used for another message), not-stored (the hub could not store it:
 *                  send it again), refused (the whole file: too-large, unsigned, bad signature, duplicate) or
 *                  unreadable (the whole file)
 * @param messageId the hub's message id of an accepted or duplicate row; empty otherwise
 * @param reason    why a row or file was not accepted: pointers, rules, reason codes, never data
 */
record RowStatus(String row, String status, String messageId, String reason) {

    static RowStatus file(String status, String reason) {
        return new RowStatus("file", status, "", reason);
    }
}
