package io.headcount.app.faults;

import io.headcount.aggregation.AggregationApp;
import io.headcount.broker.EmbeddedKafkaBroker;
import io.headcount.embedded.EmbeddedPipeline;
import io.headcount.inference.settings.CheckpointOptions;
import io.headcount.schemas.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateRecoveryOptions;

/**
 * The embedded pipeline taken apart so each service can fail on its own: the broker in this JVM
 * (stopped and started again on the same port and log folder), the inference job and the
 * aggregation app each in a JVM of their own ({@link ChildJvm}: killed with SIGKILL, frozen with
 * SIGSTOP), configured exactly as {@link EmbeddedPipeline} configures them, plus two things a
 * restart needs: the inference job's checkpoints go to a folder and are retained, and the
 * aggregation's consumers have a shorter session timeout so a killed instance's partitions move to
 * its successor within seconds instead of 45. Spread out as its {@link Layout} says: partitions per
 * topic, the job's parallelism, and aggregation instances (the first one is the one faults strike).
 */
final class FaultyPipeline implements AutoCloseable {

    /** The successor of a killed aggregation instance waits this long for its partitions. */
    static final Duration SESSION_TIMEOUT = Duration.ofSeconds(10);

    /** The broker's authorizer: {@link CommitGate}, which holds commits back when a test asks. */
    private static final String AUTHORIZER = "authorizer.class.name";

    private final Path work;
    private final Scenario scenario;
    private final Layout layout;
    private final EmbeddedPipeline.Settings settings;
    private final int port;
    private EmbeddedKafkaBroker broker;
    private ChildJvm inference;
    private final ChildJvm[] aggregations;
    private int inferenceStarts;
    private int aggregationStarts;

    private FaultyPipeline(
            Path work, Scenario scenario, Layout layout, EmbeddedKafkaBroker broker) {
        this.work = work;
        this.scenario = scenario;
        this.layout = layout;
        this.aggregations = new ChildJvm[layout.aggregationInstances()];
        this.broker = broker;
        this.port = broker.port();
        this.settings =
                EmbeddedPipeline.Settings.defaults(new SimpleMeterRegistry())
                        .withWindow(scenario.window(), scenario.grace());
    }

    /** Broker with every topic, the aggregation app and the inference job, all running. */
    static FaultyPipeline start(Path work, Scenario scenario, Layout layout) throws Exception {
        EmbeddedKafkaBroker broker =
                EmbeddedKafkaBroker.builder()
                        .logDir(work.resolve("kafka"))
                        .defaultPartitions(layout.partitions())
                        .brokerProperty(AUTHORIZER, CommitGate.class.getName())
                        .start();
        FaultyPipeline pipeline = new FaultyPipeline(work, scenario, layout, broker);
        try {
            broker.createTopics(Topics.all());
            for (int i = 0; i < layout.aggregationInstances(); i++) {
                pipeline.startAggregation(i);
            }
            pipeline.startInference(Optional.empty());
            return pipeline;
        } catch (Exception | Error e) {
            pipeline.close();
            throw e;
        }
    }

    String bootstrapServers() {
        return "localhost:" + port;
    }

    Path checkpoints() {
        return work.resolve("flink-checkpoints");
    }

    /** The state folder of the aggregation instance that faults strike. */
    Path streamsState() {
        return streamsState(0);
    }

    private Path streamsState(int instance) {
        return work.resolve(instance == 0 ? "streams-state" : "streams-state-" + instance);
    }

    /** Log file of aggregation instance {@code instance}. */
    static String aggregationLog(int instance) {
        return instance == 0 ? "aggregation.log" : "aggregation-" + instance + ".log";
    }

    /** Stops the broker, waits {@code downtime}, starts it again on the same port and data. */
    void restartBroker(Duration downtime) throws InterruptedException {
        broker.close();
        Thread.sleep(downtime.toMillis());
        broker =
                EmbeddedKafkaBroker.builder()
                        .port(port)
                        .logDir(work.resolve("kafka"))
                        .brokerProperty(AUTHORIZER, CommitGate.class.getName())
                        .start();
    }

    /** SIGKILL of the inference job's JVM: the whole local Flink cluster dies at once. */
    void killInference() throws InterruptedException {
        inference.kill();
    }

    /** Starts the inference job again from its newest retained checkpoint; returns that. */
    Path resumeInference() throws IOException {
        Path checkpoint =
                latestCheckpoint()
                        .orElseThrow(() -> new IllegalStateException("No retained checkpoint"));
        startInference(Optional.of(checkpoint));
        return checkpoint;
    }

    /** The newest complete checkpoint (one with its {@code _metadata}), if any. */
    Optional<Path> latestCheckpoint() throws IOException {
        if (!Files.isDirectory(checkpoints())) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.find(checkpoints(), 3, (path, attributes) -> true)) {
            return files.filter(path -> path.getFileName().toString().equals("_metadata"))
                    .map(Path::getParent)
                    .filter(dir -> dir.getFileName().toString().startsWith("chk-"))
                    .max(Comparator.comparingLong(FaultyPipeline::modified));
        }
    }

    private static long modified(Path path) {
        try {
            return Files.getLastModifiedTime(path).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    /** SIGKILL of the first aggregation instance's JVM; the others, if any, run on. */
    void killAggregation() throws InterruptedException {
        aggregations[0].kill();
    }

    /**
     * Starts the first aggregation instance again on the same state folder (which a kill left as it
     * was).
     */
    void startAggregation() throws IOException {
        startAggregation(0);
    }

    private void startAggregation(int instance) throws IOException {
        Map<String, Object> config =
                EmbeddedPipeline.aggregationSettings(
                        bootstrapServers(), settings, streamsState(instance));
        Properties properties = new Properties();
        config.forEach((key, value) -> properties.setProperty(key, String.valueOf(value)));
        properties.setProperty("session.timeout.ms", Long.toString(SESSION_TIMEOUT.toMillis()));
        Path file = work.resolve("aggregation-" + instance + ".properties");
        try (Writer writer = Files.newBufferedWriter(file)) {
            properties.store(writer, "aggregation settings of the embedded mode");
        }
        aggregationStarts++;
        aggregations[instance] =
                ChildJvm.start(
                        "aggregation-" + aggregationStarts,
                        AggregationApp.class,
                        List.of(file.toString()),
                        "384m",
                        work.resolve(aggregationLog(instance)));
    }

    /** The first aggregation instance, the one faults strike. */
    ChildJvm aggregation() {
        return aggregations[0];
    }

    ChildJvm inference() {
        return inference;
    }

    private void startInference(Optional<Path> resumeFrom) throws IOException {
        List<String> args = new ArrayList<>();
        args.add(bootstrapServers());
        args.add(Long.toString(scenario.window().toMillis()));
        args.add(Long.toString(scenario.grace().toMillis()));
        args.add(CheckpointOptions.PARALLELISM + "=" + layout.parallelism());
        args.add(flink(CheckpointingOptions.CHECKPOINT_STORAGE.key(), "filesystem"));
        args.add(flink(CheckpointingOptions.CHECKPOINTS_DIRECTORY.key(), checkpoints().toUri()));
        args.add(
                flink(
                        CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION.key(),
                        ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION));
        resumeFrom.ifPresent(
                checkpoint ->
                        args.add(
                                flink(
                                        StateRecoveryOptions.SAVEPOINT_PATH.key(),
                                        checkpoint.toUri())));
        inferenceStarts++;
        inference =
                ChildJvm.start(
                        "inference-" + inferenceStarts,
                        InferenceProcess.class,
                        args,
                        "1g",
                        work.resolve("inference.log"));
    }

    private static String flink(String key, Object value) {
        return EmbeddedPipeline.FLINK_PREFIX + key + "=" + value;
    }

    /** Fails naming the service that stopped on its own. */
    void checkAlive() {
        if (!inference.isAlive()) {
            throw new IllegalStateException(
                    "The inference JVM ended: " + tail(work.resolve("inference.log")));
        }
        for (int i = 0; i < aggregations.length; i++) {
            if (!aggregations[i].isAlive()) {
                throw new IllegalStateException(
                        "Aggregation instance "
                                + i
                                + " ended: "
                                + tail(work.resolve(aggregationLog(i))));
            }
        }
    }

    /**
     * The end of a child's log, for a failure message (the temporary folder goes with the test).
     */
    static String tail(Path log) {
        try {
            String text = Files.readString(log);
            return "..." + text.substring(Math.max(0, text.length() - 4000));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    Path work() {
        return work;
    }

    @Override
    public void close() throws Exception {
        try {
            if (inference != null) {
                inference.close();
            }
        } finally {
            try {
                for (ChildJvm aggregation : aggregations) {
                    if (aggregation != null) {
                        aggregation.close();
                    }
                }
            } finally {
                broker.close();
            }
        }
    }
}
