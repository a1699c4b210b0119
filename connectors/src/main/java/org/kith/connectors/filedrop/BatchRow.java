package org.kith.connectors.filedrop;

import org.kith.schemas.Submission;

/** One data row of a batch as read: a valid submission to publish, or the reason it is not one. */
sealed interface BatchRow {

    /** 1 for the first row under the header. */
    int row();

    record Valid(int row, Submission submission) implements BatchRow {
    }

    /**
     * @param status {@code malformed} (the row does not fit the header) or {@code invalid} (the message is not valid)
     * @param reason where and what, never a cell's value
     */
    record Rejected(int row, String status, String reason) implements BatchRow {
    }
}
