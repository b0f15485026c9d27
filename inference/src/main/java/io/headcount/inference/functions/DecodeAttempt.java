package io.headcount.inference.functions;

import io.headcount.inference.records.DecodedFrame;
import io.headcount.inference.records.RawRecord;

/**
 * What decoding one raw {@code frames} record gave: the decoded frame (or end of stream), or the
 * reason it was refused. It goes from {@code prepare-frame} (decoding off the model thread) to
 * {@code decode-frame}, which emits the frame or the dead letter; the two are chained, so this
 * record is never serialized.
 *
 * @param record the raw record, for the dead letter
 * @param decoded the frame; null exactly when {@code reason} is set
 * @param reason the dead letter's reason code, or null
 * @param detail the dead letter's detail, or null
 * @param camera the refused frame's camera where it is known (its event decoded and names the
 *     record's key), else null
 * @param decodeMicros time spent decoding a frame's Avro and JPEG, or -1 (end of stream, refused)
 */
public record DecodeAttempt(
        RawRecord record,
        DecodedFrame decoded,
        String reason,
        String detail,
        String camera,
        long decodeMicros) {

    static DecodeAttempt decoded(RawRecord record, DecodedFrame frame, long decodeMicros) {
        return new DecodeAttempt(record, frame, null, null, null, decodeMicros);
    }

    /** Refused before its camera is known: undecodable, or its key is not its camera. */
    static DecodeAttempt refused(RawRecord record, String reason, String detail) {
        return refused(record, reason, detail, null);
    }

    /** Refused, of {@code camera} (null: unknown). */
    static DecodeAttempt refused(RawRecord record, String reason, String detail, String camera) {
        return new DecodeAttempt(record, null, reason, detail, camera, -1);
    }

    public boolean refused() {
        return reason != null;
    }
}
