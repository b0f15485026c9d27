package io.headcount.schemas;

import java.time.Instant;

/** Builds {@link DeadLetter} records: one shape of bad-record report for every component. */
public final class DeadLetters {

    private DeadLetters() {}

    /**
     * @param stage component and step that rejected the record, e.g. {@code inference/decode-jpeg}
     * @param reason stable code used as a metric tag, e.g. {@code CORRUPT_JPEG}
     */
    public static DeadLetter of(
            String sourceTopic,
            int partition,
            long offset,
            Long sourceTimestamp,
            byte[] key,
            byte[] value,
            String stage,
            String reason,
            String detail) {
        return DeadLetter.newBuilder()
                .setSourceTopic(sourceTopic)
                .setSourcePartition(partition)
                .setSourceOffset(offset)
                .setSourceTimestamp(
                        sourceTimestamp == null ? null : Instant.ofEpochMilli(sourceTimestamp))
                .setKey(key == null ? null : java.nio.ByteBuffer.wrap(key))
                .setValue(value == null ? null : java.nio.ByteBuffer.wrap(value))
                .setStage(stage)
                .setReason(reason)
                .setDetail(detail == null ? "" : detail)
                .setFailedAt(Instant.ofEpochMilli(System.currentTimeMillis()))
                .build();
    }

    /**
     * {@code letter} without the original record's bytes (key kept, value null): what may leave a
     * component whose input is personal data, e.g. a frame's dead letter on {@code
     * dead-lettered-frames}.
     */
    public static DeadLetter withoutValue(DeadLetter letter) {
        return DeadLetter.newBuilder(letter).setValue(null).build();
    }
}
