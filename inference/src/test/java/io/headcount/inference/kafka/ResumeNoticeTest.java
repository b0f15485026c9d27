package io.headcount.inference.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ResumeNoticeTest {

    private static final Instant TAKEN = Instant.parse("2026-12-06T10:00:00Z");
    private static final Duration INTERVAL = Duration.ofSeconds(10);
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    @Test
    void aResumeWithinTheTransactionTimeoutLosesNothing() {
        ResumeNotice.Verdict verdict =
                ResumeNotice.verdict(
                        7, TAKEN, TAKEN.plus(Duration.ofSeconds(17)), INTERVAL, TIMEOUT);

        assertThat(verdict.resultsMayBeLost()).isFalse();
        assertThat(verdict.message())
                .startsWith("Resumed from checkpoint 7, taken 17 s ago: within the transaction")
                .contains("(10 min)")
                .contains("not a loss");
    }

    @Test
    void theTransactionsBeganAnIntervalBeforeTheCheckpoint() {
        // 9 min 55 s after the checkpoint is 10 min 5 s after its transactions began.
        Instant now = TAKEN.plus(Duration.ofSeconds(595));

        ResumeNotice.Verdict verdict = ResumeNotice.verdict(7, TAKEN, now, INTERVAL, TIMEOUT);

        assertThat(verdict.resultsMayBeLost()).isTrue();
        assertThat(verdict.message())
                .contains("taken 9 min ago: later than the transaction timeout (10 min,")
                .contains("up to 10 s of frames before 2026-12-06T10:00:00Z are lost");
    }

    @Test
    void aResumeHoursLaterSaysSo() {
        ResumeNotice.Verdict verdict =
                ResumeNotice.verdict(3, TAKEN, TAKEN.plus(Duration.ofHours(5)), INTERVAL, TIMEOUT);

        assertThat(verdict.resultsMayBeLost()).isTrue();
        assertThat(verdict.message()).contains("taken 5 h ago");
    }
}
