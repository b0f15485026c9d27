package io.headcount.inference.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.inference.records.DecodedFrame;
import io.headcount.inference.testing.TestFrames;
import io.headcount.schemas.DeadLetter;
import io.headcount.schemas.FrameEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** Frames from the future and the far past are dead letters with a reason; the rest go on. */
class CaptureTimeRuleTest {

    /** Decodes as prepare-frame does in the job, on the test thread. */
    private static final FrameDecoding DECODING =
            new FrameDecoding(1_000_000, CaptureTimeRule.defaults()).open();

    private final CaptureTimeRule rule = CaptureTimeRule.defaults();
    private final long now = Instant.parse("2026-11-28T12:00:00Z").toEpochMilli();

    @Test
    void acceptsNowTheRecentPastAndASmallLead() {
        assertThat(rule.violation(now, now)).isEmpty();
        assertThat(rule.violation(now - Duration.ofDays(400).toMillis(), now)).isEmpty();
        assertThat(rule.violation(now + Duration.ofMinutes(5).toMillis(), now)).isEmpty();
    }

    @Test
    void refusesTheFutureBeyondTheSkewAndTimesBeforeTheHorizon() {
        assertThat(rule.violation(now + Duration.ofMinutes(5).toMillis() + 1, now))
                .get()
                .extracting(CaptureTimeRule.Violation::reason)
                .isEqualTo(CaptureTimeRule.IN_FUTURE);
        assertThat(rule.violation(0, now))
                .get()
                .extracting(CaptureTimeRule.Violation::reason)
                .isEqualTo(CaptureTimeRule.BEFORE_HORIZON);
        assertThat(rule.violation(Long.MIN_VALUE, now)).isPresent();
        assertThat(rule.violation(Long.MAX_VALUE, now)).isPresent();
    }

    @Test
    void theDecodeStageDeadLettersBadTimesAndPassesTheGoodFrame() throws Exception {
        byte[] jpeg =
                io.headcount.vision.testing.TestImages.jpeg(
                        io.headcount.vision.testing.TestImages.greyFrame(32, 32));
        FrameEvent good = TestFrames.event("cam-1", 0, jpeg, 32, 32);
        good.setCaptureTime(Instant.now());
        FrameEvent future = TestFrames.event("cam-1", 1, jpeg, 32, 32);
        future.setCaptureTime(Instant.now().plus(Duration.ofDays(365 * 70)));
        FrameEvent past = TestFrames.event("cam-1", 2, jpeg, 32, 32);
        past.setCaptureTime(Instant.EPOCH);
        FrameEvent pastEnd = TestFrames.endOfStream("cam-1", 3);
        pastEnd.setCaptureTime(Instant.EPOCH);

        try (OneInputStreamOperatorTestHarness<DecodeAttempt, DecodedFrame> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(new DecodeFrameFunction())) {
            long offset = 0;
            for (FrameEvent event : List.of(good, future, past, pastEnd)) {
                harness.processElement(
                        DECODING.attempt(
                                TestFrames.record(offset++, "cam-1", TestFrames.encode(event))),
                        0L);
            }

            assertThat(harness.extractOutputValues())
                    .extracting(frame -> frame.frame().sequence())
                    .containsExactly(0L);
            ConcurrentLinkedQueue<StreamRecord<DeadLetter>> deadLetters =
                    harness.getSideOutput(DecodeFrameFunction.DEAD_LETTERS);
            assertThat(deadLetters)
                    .extracting(record -> record.getValue().getReason())
                    .containsExactly(
                            CaptureTimeRule.IN_FUTURE,
                            CaptureTimeRule.BEFORE_HORIZON,
                            CaptureTimeRule.BEFORE_HORIZON);
            assertThat(deadLetters)
                    .extracting(record -> record.getValue().getSourceOffset())
                    .containsExactly(1L, 2L, 3L);
        }
    }
}
