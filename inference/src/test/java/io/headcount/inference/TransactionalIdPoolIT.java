package io.headcount.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.inference.settings.CheckpointOptions;
import io.headcount.inference.settings.JobOptions;
import io.headcount.inference.settings.KafkaOptions;
import io.headcount.inference.testing.TestFrames;
import io.headcount.schemas.FrameEvent;
import io.headcount.schemas.topics.Topics;
import io.headcount.testkit.KafkaBrokerExtension;
import io.headcount.testkit.SharedAssets;
import io.headcount.vision.detect.YuNetModel;
import io.headcount.vision.frame.BgrImage;
import io.headcount.vision.settings.ModelOptions;
import io.headcount.vision.testing.TestImages;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TransactionListing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The broker keeps every transactional id it has seen for {@code transactional.id.expiration.ms} (7
 * days). The job checkpoints every second in production, so it must reuse a small pool of ids
 * rather than name a new one at each checkpoint (the connector's default).
 */
class TransactionalIdPoolIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.withTopics(Topics.all());

    private static final String PREFIX = "pool-check";
    private static final int COMMITS = 25;

    @Test
    void manyCheckpointsCommitThroughAFewTransactionalIds() throws Exception {
        String models = SharedAssets.model(YuNetModel.SPEC.fileName()).getParent().toString();
        JobOptions options =
                JobOptions.fromMap(
                        Map.of(
                                KafkaOptions.BOOTSTRAP_SERVERS, KAFKA.bootstrapServers(),
                                KafkaOptions.STARTING_OFFSETS, "earliest",
                                KafkaOptions.TRANSACTIONAL_ID_PREFIX, PREFIX,
                                CheckpointOptions.CHECKPOINT_INTERVAL_MS, "200",
                                CheckpointOptions.RESTART_ATTEMPTS, "0",
                                CheckpointOptions.PARALLELISM, "1",
                                ModelOptions.MODELS_DIR, models));
        JobClient job =
                InferenceJob.runOn(StreamExecutionEnvironment.createLocalEnvironment(), options);
        try {
            BgrImage empty = TestImages.greyFrame(160, 120);
            Instant start = Instant.now();
            // Each frame's record becomes visible to a read_committed reader only when a
            // checkpoint commits it; waiting for it before sending the next frame makes every
            // round a commit of its own.
            for (int sequence = 0; sequence < COMMITS; sequence++) {
                FrameEvent frame =
                        TestFrames.event(
                                "cam-pool",
                                sequence,
                                TestImages.jpeg(empty),
                                empty.width(),
                                empty.height());
                KAFKA.produce(Topics.FRAMES, "cam-pool", frame, start.plusMillis(100L * sequence));
                KAFKA.consume(Topics.FRAMES_PROCESSED, sequence + 1, Duration.ofMinutes(1));
            }

            List<String> ids = transactionalIds();
            assertThat(ids).anyMatch(id -> id.startsWith(PREFIX + "-results-"));
            // The incrementing default would have named at least one results id per commit.
            assertThat(ids).hasSizeLessThan(COMMITS / 2);
        } finally {
            job.cancel().get();
        }
    }

    private static List<String> transactionalIds() throws Exception {
        try (Admin admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                KAFKA.bootstrapServers()))) {
            return admin.listTransactions().all().get().stream()
                    .map(TransactionListing::transactionalId)
                    .filter(id -> id.startsWith(PREFIX))
                    .sorted()
                    .toList();
        }
    }
}
