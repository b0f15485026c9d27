package io.headcount.app.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.app.Headcount;
import io.headcount.ingest.gateway.CameraOutcome;
import io.headcount.ingest.gateway.Checkpoint;
import io.headcount.ingest.gateway.Gateway;
import io.headcount.ingest.metrics.GatewayMetrics;
import io.headcount.schemas.AudienceStats;
import io.headcount.schemas.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each fault of docs/reliability.md strikes the whole pipeline (real broker, the inference job on a
 * local Flink cluster with YuNet and the attribute heads, the aggregation app with exactly-once v2,
 * a gateway with a synthetic camera) in the middle of the same small stream, and the public outputs
 * ({@code audience-stats}, {@code tracks}) must equal those of an undisturbed run of that stream,
 * record for record, with no dead letter.
 */
class FaultInjectionIT {

    private static final Logger LOG = LoggerFactory.getLogger(FaultInjectionIT.class);

    private static final Scenario SCENARIO = Scenario.small();

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    /**
     * Faults strike once the inference job has committed the results of this many frames (of 150):
     * a third of the stream, with tracks open and every window still to come.
     */
    private static final int MID_STREAM = 50;

    /** The gateway's saved position copied to be put back after its kill (frames). */
    private static final long EARLY_POSITION = 20;

    /** Longer than the aggregation's session timeout and its transaction timeout (10 s each). */
    private static final Duration PAUSE = Duration.ofSeconds(15);

    @TempDir static Path referenceWork;

    private static RunOutputs undisturbed;

    @TempDir Path work;

    @Test
    void brokerStoppedAndRestartedMidStream() throws Exception {
        assertMatchesUndisturbedRun(
                run -> {
                    awaitMidStream(run);
                    run.pipeline.restartBroker(Duration.ofSeconds(5));
                });
    }

    @Test
    void inferenceJvmKilledAndJobResumedFromItsLastCheckpoint() throws Exception {
        assertMatchesUndisturbedRun(
                run -> {
                    awaitMidStream(run);
                    await("a retained checkpoint", () -> checkpointExists(run.pipeline));
                    run.pipeline.killInference();
                    Path checkpoint = run.pipeline.resumeInference();
                    assertThat(checkpoint.getFileName().toString()).startsWith("chk-");
                });
    }

    @Test
    void aggregationJvmKilledAndRestartedOnItsStateFolder() throws Exception {
        assertMatchesUndisturbedRun(
                run -> {
                    awaitMidStreamWithAWindowOut(run);
                    run.pipeline.killAggregation();
                    run.pipeline.startAggregation();
                });
    }

    @Test
    void aggregationJvmKilledAndReplacedByOneWithoutLocalState() throws Exception {
        assertMatchesUndisturbedRun(
                run -> {
                    awaitMidStreamWithAWindowOut(run);
                    run.pipeline.killAggregation();
                    deleteRecursively(run.pipeline.streamsState());
                    run.pipeline.startAggregation();
                });
    }

    @Test
    void gatewayStoppedAndRestartedResumesFromItsCheckpoint() throws Exception {
        assertMatchesUndisturbedRun(
                run -> {
                    await("a third of the frames sent", () -> run.framesSent() >= MID_STREAM);
                    run.gateway.close();
                    run.startGateway();
                    assertThat(run.gateway.awaitFinished(TIMEOUT)).isTrue();
                    CameraOutcome outcome = run.gateway.outcomes().get(Scenario.CAMERA);
                    assertThat(outcome.error()).isNull();
                    assertThat(outcome.resumedAt())
                            .isBetween((long) MID_STREAM, SCENARIO.frames() - 1);
                });
    }

    @Test
    void gatewayJvmKilledAndRestartedSendsFramesAgainThatCountOnce() throws Exception {
        assertMatchesUndisturbedRun(
                Run::startGatewayJvm,
                run -> {
                    // The checkpoint as it was early on, put back after the kill: as if the last
                    // save had come long before the crash, so the repeats are many, not 0 to 10.
                    Path saved = run.dir.resolve("gateway.checkpoint.early");
                    await(
                            "a saved gateway position of at least " + EARLY_POSITION,
                            () -> savedPosition(run) >= EARLY_POSITION);
                    Files.copy(run.gatewayCheckpoint(), saved);
                    await(
                            MID_STREAM + " frames sent",
                            () -> run.recorder.count(Topics.FRAMES.name()) >= MID_STREAM);
                    assertThat(run.gatewayJvm.isAlive()).as("gateway still sending").isTrue();
                    run.gatewayJvm.kill();
                    int sentBeforeKill = framesOnTopicOnceSettled(run);
                    Files.copy(saved, run.gatewayCheckpoint(), StandardCopyOption.REPLACE_EXISTING);
                    long earlyPosition = Checkpoint.open(saved).position(Scenario.CAMERA);

                    run.startGateway();
                    assertThat(run.gateway.awaitFinished(TIMEOUT)).isTrue();
                    CameraOutcome outcome = run.gateway.outcomes().get(Scenario.CAMERA);
                    assertThat(outcome.error()).isNull();
                    long resumedAt = outcome.resumedAt();
                    LOG.info(
                            "Gateway killed after sending {} frames; resumed at frame {}",
                            sentBeforeKill,
                            resumedAt);
                    assertThat(resumedAt).isEqualTo(earlyPosition);
                    assertThat(sentBeforeKill - resumedAt)
                            .as("frames sent twice")
                            .isGreaterThan(10);
                    await(
                            "every frame and its repeats on the topic",
                            () ->
                                    run.recorder.count(Topics.FRAMES.name())
                                            == sentBeforeKill + SCENARIO.frames() + 1 - resumedAt);
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

    private void assertMatchesUndisturbedRun(Fault fault) throws Exception {
        assertMatchesUndisturbedRun(Run::startGateway, fault);
    }

    private void assertMatchesUndisturbedRun(GatewayStart gatewayStart, Fault fault)
            throws Exception {
        RunOutputs expected = undisturbed();
        RunOutputs actual = run(work, gatewayStart, fault);
        assertThat(actual.deadLetters()).as("dead letters").isZero();
        assertThat(actual.stats()).as("audience-stats").isEqualTo(expected.stats());
        assertThat(actual.tracks()).as("tracks (track ids blanked)").isEqualTo(expected.tracks());
    }

    /** The reference, once per class; checked against the input so that it means something. */
    private static synchronized RunOutputs undisturbed() throws Exception {
        if (undisturbed == null) {
            RunOutputs outputs = run(referenceWork, Run::startGateway, run -> {});
            assertThat(outputs.deadLetters()).isZero();
            assertThat(outputs.tracks()).as("tracks of the undisturbed run").isNotEmpty();
            LOG.info(
                    "Undisturbed run: {} windows, {} tracks: {} {}",
                    outputs.stats().size(),
                    outputs.tracks().size(),
                    outputs.stats(),
                    outputs.tracks());
            undisturbed = outputs;
        }
        return undisturbed;
    }

    private static RunOutputs run(Path dir, GatewayStart gatewayStart, Fault fault)
            throws Exception {
        List<String> topics = new ArrayList<>(RunOutputs.recordedTopics());
        topics.add(Topics.FRAMES.name());
        try (FaultyPipeline pipeline = FaultyPipeline.start(dir, SCENARIO);
                TopicRecorder recorder =
                        new TopicRecorder(
                                pipeline.bootstrapServers(),
                                topics,
                                List.of(Topics.FRAMES.name()));
                Run run = new Run(dir, pipeline, recorder)) {
            gatewayStart.start(run);
            fault.strike(run);
            LOG.info(
                    "Fault over in {}: {} frames processed, {} windows out by now",
                    dir.getFileName(),
                    RunOutputs.framesProcessed(recorder),
                    RunOutputs.stats(recorder).size());
            assertThat(run.gateway.awaitFinished(TIMEOUT)).as("gateway finished").isTrue();
            RunOutputs outputs;
            try {
                outputs = RunOutputs.await(recorder, SCENARIO, pipeline, TIMEOUT);
            } finally {
                keepLogs(dir);
            }
            // Every frame is counted in exactly one window, whatever happened on the way.
            assertThat(
                            RunOutputs.stats(recorder).stream()
                                    .mapToLong(AudienceStats::getFrames)
                                    .sum())
                    .as("frames counted in all windows")
                    .isEqualTo(SCENARIO.frames());
            return outputs;
        }
    }

    /**
     * With {@code -Dheadcount.faults.logs=DIR}, the child JVMs' logs of each run are kept there
     * (the run's own folder is temporary).
     */
    private static void keepLogs(Path dir) throws java.io.IOException {
        String target = System.getProperty("headcount.faults.logs");
        if (target == null) {
            return;
        }
        Path logs = Files.createDirectories(Path.of(target).resolve(dir.getFileName()));
        for (String log : new String[] {"inference.log", "aggregation.log", "gateway.log"}) {
            if (Files.exists(dir.resolve(log))) {
                Files.copy(
                        dir.resolve(log),
                        logs.resolve(log),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static void awaitMidStream(Run run) throws Exception {
        await(
                MID_STREAM + " frames processed",
                () -> RunOutputs.framesProcessed(run.recorder) >= MID_STREAM);
    }

    private static void awaitMidStreamWithAWindowOut(Run run) throws Exception {
        awaitMidStream(run);
        await("a window out", () -> !RunOutputs.stats(run.recorder).isEmpty());
    }

    /** Frames on the topic once the recorder has seen no new one for a second. */
    private static int framesOnTopicOnceSettled(Run run) throws InterruptedException {
        int seen = -1;
        int now = run.recorder.count(Topics.FRAMES.name());
        while (now != seen) {
            seen = now;
            Thread.sleep(1000);
            now = run.recorder.count(Topics.FRAMES.name());
        }
        return now;
    }

    /** The camera's position in the gateway's checkpoint file; -1 before the first save. */
    private static long savedPosition(Run run) {
        if (!Files.exists(run.gatewayCheckpoint())) {
            return -1;
        }
        try {
            return Checkpoint.open(run.gatewayCheckpoint()).position(Scenario.CAMERA);
        } catch (RuntimeException halfWritten) {
            return -1;
        }
    }

    private static boolean checkpointExists(FaultyPipeline pipeline) {
        try {
            return pipeline.latestCheckpoint().isPresent();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static void await(String what, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("No " + what + " within " + TIMEOUT);
            }
            Thread.sleep(100);
        }
    }

    private static void deleteRecursively(Path root) throws java.io.IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** What a fault does to a running {@link Run}. */
    @FunctionalInterface
    private interface Fault {
        void strike(Run run) throws Exception;
    }

    /** How a run starts its first gateway. */
    @FunctionalInterface
    private interface GatewayStart {
        void start(Run run) throws Exception;
    }

    /** One run of the scenario: the pipeline, the recorder of its topics and the gateway. */
    private static final class Run implements AutoCloseable {
        final Path dir;
        final FaultyPipeline pipeline;
        final TopicRecorder recorder;
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Gateway gateway;
        ChildJvm gatewayJvm;

        Run(Path dir, FaultyPipeline pipeline, TopicRecorder recorder) {
            this.dir = dir;
            this.pipeline = pipeline;
            this.recorder = recorder;
        }

        /** A gateway with a checkpoint file: a restarted one resumes where its predecessor was. */
        void startGateway() {
            gateway =
                    Gateway.start(
                            SCENARIO.gateway(pipeline.bootstrapServers(), gatewayCheckpoint(), dir),
                            registry);
        }

        /** The same gateway as {@code headcount gateway} in a JVM of its own, to be killed. */
        void startGatewayJvm() throws java.io.IOException {
            Path config = dir.resolve("gateway.yaml");
            Files.writeString(
                    config, SCENARIO.gatewayYaml(pipeline.bootstrapServers(), gatewayCheckpoint()));
            gatewayJvm =
                    ChildJvm.start(
                            "gateway",
                            Headcount.class,
                            List.of("gateway", "--config", config.toString()),
                            "256m",
                            dir.resolve("gateway.log"));
        }

        Path gatewayCheckpoint() {
            return dir.resolve("gateway.checkpoint");
        }

        double framesSent() {
            return registry.find(GatewayMetrics.SENT).counters().stream()
                    .mapToDouble(c -> c.count())
                    .sum();
        }

        @Override
        public void close() throws InterruptedException {
            if (gateway != null) {
                gateway.close();
            }
            if (gatewayJvm != null) {
                gatewayJvm.close();
            }
        }
    }
}
