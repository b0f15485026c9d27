package io.headcount.app.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.app.Headcount;
import io.headcount.ingest.gateway.CameraOutcome;
import io.headcount.ingest.gateway.Checkpoint;
import io.headcount.ingest.gateway.Gateway;
import io.headcount.ingest.gateway.GatewayConfigLoader;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * a gateway with synthetic cameras) in the middle of the same small stream, and the public outputs
 * ({@code audience-stats}, {@code tracks}) must equal those of an undisturbed run of that stream,
 * record for record, with no dead letter. Each subclass runs the suite on one {@link Layout}.
 */
abstract class FaultSuite {

    static final Logger LOG = LoggerFactory.getLogger(FaultSuite.class);

    static final Scenario SCENARIO = Scenario.small();

    /** How long one camera's waits may take; a layout with more cameras waits longer. */
    static final Duration TIMEOUT = Duration.ofMinutes(3);

    /**
     * Faults strike once the inference job has committed the results of this many frames (of 150)
     * per camera: a third of the stream, with tracks open and every window still to come.
     */
    static final int MID_STREAM = 50;

    /** The gateway's saved position copied to be put back after its kill (frames). */
    private static final long EARLY_POSITION = 20;

    @TempDir static Path referenceWork;

    /** The undisturbed run of each layout, made once. */
    private static final Map<Layout, RunOutputs> UNDISTURBED = new HashMap<>();

    @TempDir Path work;

    /** Partitions, parallelism, aggregation instances and cameras of this suite's pipeline. */
    abstract Layout layout();

    /** {@link #MID_STREAM} frames of every camera. */
    int midStream() {
        return MID_STREAM * layout().cameras().size();
    }

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
                            midStream() + " frames sent",
                            () -> run.recorder.count(Topics.FRAMES.name()) >= midStream());
                    assertThat(run.gatewayJvm.isAlive()).as("gateway still sending").isTrue();
                    run.gatewayJvm.kill();
                    int sentBeforeKill = framesOnTopicOnceSettled(run);
                    Files.copy(saved, run.gatewayCheckpoint(), StandardCopyOption.REPLACE_EXISTING);
                    Checkpoint early = Checkpoint.open(saved);

                    run.startGateway();
                    assertThat(run.gateway.awaitFinished(timeout(layout()))).isTrue();
                    long resumedAt = 0;
                    long framesLeft = 0;
                    for (String camera : layout().cameras()) {
                        CameraOutcome outcome = run.gateway.outcomes().get(camera);
                        assertThat(outcome.error()).as(camera).isNull();
                        assertThat(outcome.resumedAt())
                                .as(camera + " resumed at")
                                .isEqualTo(early.position(camera));
                        resumedAt += outcome.resumedAt();
                        // Each camera sends the rest of its frames and its end-of-stream record.
                        framesLeft += SCENARIO.frames() + 1 - outcome.resumedAt();
                    }
                    LOG.info(
                            "Gateway killed after sending {} frames; resumed at frame {} in all",
                            sentBeforeKill,
                            resumedAt);
                    assertThat(sentBeforeKill - resumedAt)
                            .as("frames sent twice")
                            .isGreaterThan(10);
                    long expectedOnTopic = sentBeforeKill + framesLeft;
                    await(
                            "every frame and its repeats on the topic",
                            () -> run.recorder.count(Topics.FRAMES.name()) == expectedOnTopic);
                });
    }

    void assertMatchesUndisturbedRun(Fault fault) throws Exception {
        assertMatchesUndisturbedRun(Run::startGateway, fault);
    }

    private void assertMatchesUndisturbedRun(GatewayStart gatewayStart, Fault fault)
            throws Exception {
        RunOutputs expected = undisturbed(layout());
        RunOutputs actual = run(work, layout(), gatewayStart, fault);
        assertThat(actual.deadLetters()).as("dead letters").isZero();
        assertThat(actual.stats()).as("audience-stats").isEqualTo(expected.stats());
        assertThat(actual.tracks()).as("tracks (track ids blanked)").isEqualTo(expected.tracks());
    }

    /** The reference, once per class; checked against the input so that it means something. */
    private static synchronized RunOutputs undisturbed(Layout layout) throws Exception {
        RunOutputs undisturbed = UNDISTURBED.get(layout);
        if (undisturbed == null) {
            // A folder of its own per try: a failed try leaves a gateway checkpoint behind.
            RunOutputs outputs =
                    run(
                            Files.createTempDirectory(referenceWork, "undisturbed-"),
                            layout,
                            Run::startGateway,
                            run -> {});
            assertThat(outputs.deadLetters()).isZero();
            assertThat(outputs.tracks()).as("tracks of the undisturbed run").isNotEmpty();
            LOG.info(
                    "Undisturbed run of {}: {} windows, {} tracks: {} {}",
                    layout,
                    outputs.stats().size(),
                    outputs.tracks().size(),
                    outputs.stats(),
                    outputs.tracks());
            UNDISTURBED.put(layout, outputs);
            undisturbed = outputs;
        }
        return undisturbed;
    }

    private static RunOutputs run(Path dir, Layout layout, GatewayStart gatewayStart, Fault fault)
            throws Exception {
        List<String> topics = new ArrayList<>(RunOutputs.recordedTopics());
        topics.add(Topics.FRAMES.name());
        try (FaultyPipeline pipeline = FaultyPipeline.start(dir, SCENARIO, layout);
                TopicRecorder recorder =
                        new TopicRecorder(
                                pipeline.bootstrapServers(),
                                topics,
                                List.of(Topics.FRAMES.name()));
                Run run = new Run(dir, layout, pipeline, recorder)) {
            gatewayStart.start(run);
            fault.strike(run);
            LOG.info(
                    "Fault over in {}: {} frames processed, {} windows out by now",
                    dir.getFileName(),
                    RunOutputs.framesProcessed(recorder),
                    RunOutputs.stats(recorder).size());
            assertThat(run.gateway.awaitFinished(timeout(layout))).as("gateway finished").isTrue();
            RunOutputs outputs;
            try {
                outputs = RunOutputs.await(recorder, SCENARIO, layout, pipeline, timeout(layout));
            } finally {
                keepLogs(dir);
            }
            // Every frame is counted in exactly one window, whatever happened on the way.
            assertThat(
                            RunOutputs.stats(recorder).stream()
                                    .mapToLong(AudienceStats::getFrames)
                                    .sum())
                    .as("frames counted in all windows")
                    .isEqualTo(SCENARIO.frames() * layout.cameras().size());
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
        List<String> names = new ArrayList<>(List.of("inference.log", "gateway.log"));
        for (int i = 0; i < 4; i++) {
            names.add(FaultyPipeline.aggregationLog(i));
        }
        for (String log : names) {
            if (Files.exists(dir.resolve(log))) {
                Files.copy(
                        dir.resolve(log),
                        logs.resolve(log),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    void awaitMidStream(Run run) throws Exception {
        await(
                midStream() + " frames processed",
                () -> RunOutputs.framesProcessed(run.recorder) >= midStream());
    }

    private void awaitMidStreamWithAWindowOut(Run run) throws Exception {
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

    /**
     * The lowest position of the cameras in the gateway's checkpoint file; -1 before every camera's
     * first save.
     */
    private static long savedPosition(Run run) {
        if (!Files.exists(run.gatewayCheckpoint())) {
            return -1;
        }
        try {
            Checkpoint checkpoint = Checkpoint.open(run.gatewayCheckpoint());
            return run.layout.cameras().stream().mapToLong(checkpoint::position).min().orElse(-1);
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

    /** {@link #TIMEOUT} per camera of {@code layout}. */
    static Duration timeout(Layout layout) {
        return TIMEOUT.multipliedBy(layout.cameras().size());
    }

    void await(String what, BooleanSupplier condition) throws Exception {
        Duration timeout = timeout(layout());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("No " + what + " within " + timeout);
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
    interface Fault {
        void strike(Run run) throws Exception;
    }

    /** How a run starts its first gateway. */
    @FunctionalInterface
    private interface GatewayStart {
        void start(Run run) throws Exception;
    }

    /** One run of the scenario: the pipeline, the recorder of its topics and the gateway. */
    static final class Run implements AutoCloseable {
        final Path dir;
        final Layout layout;
        final FaultyPipeline pipeline;
        final TopicRecorder recorder;
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Gateway gateway;
        ChildJvm gatewayJvm;

        Run(Path dir, Layout layout, FaultyPipeline pipeline, TopicRecorder recorder) {
            this.dir = dir;
            this.layout = layout;
            this.pipeline = pipeline;
            this.recorder = recorder;
        }

        /** A gateway with a checkpoint file: a restarted one resumes where its predecessor was. */
        void startGateway() {
            gateway = Gateway.start(GatewayConfigLoader.parse(gatewayYaml(), dir), registry);
        }

        /** The same gateway as {@code headcount gateway} in a JVM of its own, to be killed. */
        void startGatewayJvm() throws java.io.IOException {
            Path config = dir.resolve("gateway.yaml");
            Files.writeString(config, gatewayYaml());
            gatewayJvm =
                    ChildJvm.start(
                            "gateway",
                            Headcount.class,
                            List.of("gateway", "--config", config.toString()),
                            "256m",
                            dir.resolve("gateway.log"));
        }

        /** Every camera of the layout, sent in real time, with a checkpoint file. */
        private String gatewayYaml() {
            return SCENARIO.gatewayYaml(
                    pipeline.bootstrapServers(), gatewayCheckpoint(), layout.cameras(), true);
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
