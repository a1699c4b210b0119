package org.kith.hub.enforce;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.kith.consent.engine.Handling;
import org.kith.hub.crypto.DetachedJws;
import org.kith.hub.crypto.KeyRing;
import org.kith.hub.crypto.SigningInput;
import org.kith.schemas.CloudEventCodec;
import org.kith.schemas.Envelope;
import org.kith.schemas.KithHeaders;

/**
 * A recipient's copy as it goes on the wire: the redacted data, the recipient as its only
 * addressee, the CloudEvents binding and the hub's own headers (decision, basis, redisclosure and
 * its notice, review). What was withheld is not said to the recipient: that a substance-use record
 * was removed is itself Part 2 data. The copy is signed by the hub's active key over its
 * {@code ce_} headers and value.
 */
final class SignedCopy {

    private final KeyRing keys;

    SignedCopy(KeyRing keys) {
        this.keys = keys;
    }

    Effect.Copy of(String familyId, Envelope copy, String recipient, List<String> basis, Handling handling,
                   String decisionId) {
        Envelope addressed = copy.withRecipients(List.of(recipient));
        Map<String, String> binding = CloudEventCodec.headers(addressed, CloudEventCodec.Binding.KAFKA);
        byte[] value = CloudEventCodec.dataBytes(addressed);
        Headers headers = signed(binding, value, recipient, decisionId, basis);
        headers.add(KithHeaders.REDISCLOSURE, utf8(handling.redisclosureProhibited()
                        ? KithHeaders.REDISCLOSURE_PROHIBITED : KithHeaders.REDISCLOSURE_ALLOWED));
        handling.notice().ifPresent(notice -> headers.add(KithHeaders.NOTICE, utf8(notice)));
        if (handling.reviewRequired()) {
            headers.add(KithHeaders.REVIEW, utf8(KithHeaders.REVIEW_REQUIRED));
        }
        return new Effect.Copy(familyId, recipient, value, headers);
    }

    /**
     * The hub's own {@code consent-withdrawn} notice ({@link WithdrawalNotices}) as it goes on the
     * wire: its CloudEvents attributes and data, signed like a copy; its decision id is the notice id,
     * its basis the directive withdrawn.
     */
    Effect.Copy notice(String familyId, String recipient, String noticeId, String directiveId,
                       Map<String, String> binding, byte[] value) {
        return new Effect.Copy(familyId, recipient, value, signed(binding, value, recipient, noticeId, List.of(directiveId)));
    }

    private Headers signed(Map<String, String> binding, byte[] value, String recipient, String decisionId,
                           List<String> basis) {
        Headers headers = new RecordHeaders();
        binding.forEach((name, text) -> headers.add(name, utf8(text)));
        headers.add(KithHeaders.SIGNATURE, utf8(DetachedJws.sign(keys,
                SigningInput.binary(binding, CloudEventCodec.Binding.KAFKA, value))));
        return headers.add(KithHeaders.RECIPIENT, utf8(recipient))
                .add(KithHeaders.DECISION_ID, utf8(decisionId))
                .add(KithHeaders.BASIS, utf8(String.join(",", basis)));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
