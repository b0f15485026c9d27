package io.headcount.ingest;

import java.time.Instant;

/**
 * What one run of a camera did. Deterministic for the same source and settings (no wall-clock
 * figures), so replays can be compared with {@code equals}.
 *
 * @param camera camera id
 * @param published frames handed to Kafka in this run, numbered on from the first sequence (0
 *     unless the run resumed from a checkpoint)
 * @param sent frames the broker acknowledged
 * @param failed frames Kafka did not store
 * @param skipped unreadable source files, skipped
 * @param rejected frames too large for the topic even after downscaling, not sent
 * @param firstCaptureTime capture time of the first frame of the run; null if none was published
 * @param lastCaptureTime capture time of the last frame; null if none was published
 * @param endOfStream the run was finite and the broker acknowledged its end-of-stream record
 */
public record RunSummary(
        String camera,
        long published,
        long sent,
        long failed,
        long skipped,
        long rejected,
        Instant firstCaptureTime,
        Instant lastCaptureTime,
        boolean endOfStream) {}
