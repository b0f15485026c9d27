package io.headcount.app.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.ingest.gateway.CameraOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** The inference job's transactional-id prefix (its default). */
    private static final String INFERENCE_TRANSACTIONS = "headcount-inference";

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

    /**
     * The job's transactions of a completed checkpoint are flushed but not committed when its JVM
     * dies: the broker refuses their commit ({@link CommitGate}) until the kill. The resumed job
     * must commit them from its checkpoint, neither losing nor repeating a result.
     */
    @Test
    void inferenceKilledAfterACheckpointCompletedAndBeforeItsTransactionsCommitted()
            throws Exception {
        assertMatchesUndisturbedRun(
                run -> {
                    awaitMidStream(run);
                    CommitGate.close(INFERENCE_TRANSACTIONS);
                    try {
                        await("a commit refused", () -> !CommitGate.refused().isEmpty());
                        Path pending = run.pipeline.latestCheckpoint().orElseThrow();
                        run.pipeline.killInference();
                        LOG.info(
                                "Killed the job with the commits of {} refused: {}",
                                pending.getFileName(),
                                CommitGate.refused());
                    } finally {
                        CommitGate.open();
                    }
                    Path resumedFrom = run.pipeline.resumeInference();
                    assertThat(resumedFrom.getFileName().toString()).startsWith("chk-");
                    String checkpointId = resumedFrom.getFileName().toString().substring(4);
                    await(
                            "the job's note on what its resume means",
                            () ->
                                    logContains(
                                            run.dir.resolve("inference.log"),
                                            "Resumed from checkpoint "
                                                    + checkpointId
                                                    + ", taken "));
                    assertThat(Files.readString(run.dir.resolve("inference.log")))
                            .contains("within the transaction timeout (10 min)");
                });
    }

    private static boolean logContains(Path log, String text) {
        try {
            return Files.exists(log) && Files.readString(log).contains(text);
        } catch (java.io.IOException e) {
            return false;
        }
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
