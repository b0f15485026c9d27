package io.headcount.app.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.aggregation.AggregationApp;
import io.headcount.aggregation.AggregationConfig;
import io.headcount.broker.EmbeddedKafkaBroker;
import io.headcount.embedded.EmbeddedPipeline;
import io.headcount.inference.settings.CheckpointOptions;
import io.headcount.ingest.gateway.Gateway;
import io.headcount.ingest.gateway.GatewayConfigLoader;
import io.headcount.schemas.AudienceStats;
import io.headcount.schemas.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Partitions by camera are the unit of scale (docs/sizing.md): with 4 partitions per topic and 4
 * cameras, one on each partition, the inference job at parallelism 2 and 4 and two instances of the
 * aggregation app sharing the work must publish exactly what parallelism 1 with one instance
 * publishes: every {@code audience-stats} record and every fused track (ids blanked), with no dead
 * letter. Real broker, the real job on a local Flink cluster with the default models, the real
 * Streams app with exactly-once v2.
 */
class ScaleOutIT {

    private static final Logger LOG = LoggerFactory.getLogger(ScaleOutIT.class);

    private static final int PARTITIONS = 4;

    /** 100 frames of 320x240 at 10 fps per camera: 2 windows of 5 s each. */
    private static final Scenario SCENARIO = Scenario.small().withFrames(100);

    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    /** One camera id per partition of the frames topic, so every subtask and instance has work. */
    static final List<String> CAMERAS = Layout.onePerPartition(PARTITIONS);

    @TempDir Path work;

    @Test
    void parallelismTwoAndFourWithTwoAggregationInstancesPublishWhatParallelismOnePublishes()
            throws Exception {
        RunOutputs single = run("p1", 1, 1);
        assertThat(single.deadLetters()).as("dead letters at parallelism 1").isZero();
        assertThat(single.stats())
                .as("windows at parallelism 1: 2 per camera")
                .hasSize(2 * CAMERAS.size());
        assertThat(single.tracks()).as("tracks at parallelism 1").hasSizeGreaterThan(4);

        for (int parallelism : new int[] {2, 4}) {
            RunOutputs scaled = run("p" + parallelism, parallelism, 2);
            assertThat(scaled.deadLetters()).as("dead letters at " + parallelism).isZero();
            assertThat(scaled.stats())
                    .as("audience-stats at parallelism " + parallelism + ", 2 instances")
                    .isEqualTo(single.stats());
            assertThat(scaled.tracks())
                    .as("tracks at parallelism " + parallelism + ", 2 instances")
                    .isEqualTo(single.tracks());
        }
    }

    private RunOutputs run(String name, int parallelism, int aggregationInstances)
            throws Exception {
        Path dir = Files.createDirectories(work.resolve(name));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        EmbeddedPipeline.Settings settings =
                EmbeddedPipeline.Settings.defaults(registry)
                        .withWindow(SCENARIO.window(), SCENARIO.grace())
                        .withInferenceOverrides(
                                Map.of(
                                        CheckpointOptions.PARALLELISM,
                                        Integer.toString(parallelism)));
        List<String> recorded = new ArrayList<>(RunOutputs.recordedTopics());
        List<AggregationApp> instances = new ArrayList<>();
        JobClient job = null;
        try (EmbeddedKafkaBroker broker =
                EmbeddedKafkaBroker.builder().defaultPartitions(PARTITIONS).start()) {
            broker.createTopics(Topics.all());
            for (int i = 0; i < aggregationInstances; i++) {
                Map<String, Object> config =
                        EmbeddedPipeline.aggregationSettings(
                                broker.bootstrapServers(),
                                settings,
                                Files.createDirectories(dir.resolve("streams-" + i)));
                AggregationApp instance = new AggregationApp(config, registry);
                instances.add(instance);
                instance.start();
            }
            job = EmbeddedPipeline.submitInference(broker.bootstrapServers(), settings);
            for (AggregationApp instance : instances) {
                assertThat(instance.awaitRunning(Duration.ofMinutes(1))).isTrue();
            }
            try (TopicRecorder recorder = new TopicRecorder(broker.bootstrapServers(), recorded)) {
                String yaml = SCENARIO.gatewayYaml(broker.bootstrapServers(), null, CAMERAS, false);
                try (Gateway gateway =
                        Gateway.start(GatewayConfigLoader.parse(yaml, dir), registry)) {
                    assertThat(gateway.awaitFinished(TIMEOUT)).as("gateway finished").isTrue();
                }
                JobClient running = job;
                RunOutputs outputs =
                        RunOutputs.await(
                                recorder,
                                SCENARIO,
                                CAMERAS.size(),
                                () -> checkAlive(running, instances),
                                dir,
                                TIMEOUT);
                assertThat(
                                RunOutputs.stats(recorder).stream()
                                        .mapToLong(AudienceStats::getFrames)
                                        .sum())
                        .as("frames counted in all windows")
                        .isEqualTo(SCENARIO.frames() * CAMERAS.size());
                if (aggregationInstances > 1) {
                    assertEveryInstanceHadPartitions(broker.bootstrapServers(), instances.size());
                }
                LOG.info(
                        "Parallelism {}, {} aggregation instance(s): {} windows, {} tracks",
                        parallelism,
                        aggregationInstances,
                        outputs.stats().size(),
                        outputs.tracks().size());
                return outputs;
            }
        } finally {
            if (job != null) {
                try {
                    job.cancel().get();
                } catch (Exception alreadyStopped) {
                    LOG.debug("Inference job already stopped", alreadyStopped);
                }
            }
            instances.forEach(AggregationApp::close);
        }
    }

    private static void checkAlive(JobClient job, List<AggregationApp> instances) {
        try {
            var status = job.getJobStatus().get();
            if (status.isGloballyTerminalState()) {
                throw new IllegalStateException("The inference job stopped: " + status);
            }
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("The inference job's status is unknown", e);
        }
        for (AggregationApp instance : instances) {
            if (!instance.state().isRunningOrRebalancing()) {
                throw new IllegalStateException(
                        "An aggregation instance stopped: " + instance.state());
            }
        }
    }

    /** Both instances are members of the app's group, and each was given partitions to work on. */
    private static void assertEveryInstanceHadPartitions(String bootstrapServers, int instances)
            throws Exception {
        try (Admin admin =
                Admin.create(
                        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            ConsumerGroupDescription group =
                    admin.describeConsumerGroups(List.of(AggregationConfig.APPLICATION_ID))
                            .describedGroups()
                            .get(AggregationConfig.APPLICATION_ID)
                            .get();
            assertThat(group.members()).as("members of the aggregation group").hasSize(instances);
            assertThat(group.members())
                    .as("every aggregation instance has partitions")
                    .allSatisfy(
                            member ->
                                    assertThat(member.assignment().topicPartitions()).isNotEmpty());
        }
    }
}
