package io.headcount.app.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.ingest.gateway.CameraOutcome;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The fault suite on the smallest layout (one partition per topic, parallelism 1, one aggregation
 * instance, one camera), plus two faults that only need one: a gateway stopped cleanly, and the
 * aggregation frozen longer than its timeouts.
 */
class FaultInjectionIT extends FaultSuite {

    /** Longer than the aggregation's session timeout and its transaction timeout (10 s each). */
    private static final Duration PAUSE = Duration.ofSeconds(15);

    @Override
    Layout layout() {
        return Layout.single();
    }

    @Test
    void gatewayStoppedAndRestartedResumesFromItsCheckpoint() throws Exception {
        assertMatchesUndisturbedRun(
                run -> {
                    await("a third of the frames sent", () -> run.framesSent() >= midStream());
                    run.gateway.close();
                    run.startGateway();
                    assertThat(run.gateway.awaitFinished(timeout(layout()))).isTrue();
                    CameraOutcome outcome = run.gateway.outcomes().get(Scenario.CAMERA);
                    assertThat(outcome.error()).isNull();
                    assertThat(outcome.resumedAt())
                            .isBetween((long) MID_STREAM, SCENARIO.frames() - 1);
                });
    }

    @Test
    void aggregationFrozenLongerThanItsTimeoutsCatchesUp() throws Exception {
        assertMatchesUndisturbedRun(
                run -> {
                    awaitMidStream(run);
                    run.pipeline.aggregation().pause();
                    try {
                        Thread.sleep(PAUSE.toMillis());
                    } finally {
                        run.pipeline.aggregation().resume();
                    }
                });
    }
}
