package io.headcount.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.inference.kafka.KafkaConnectors;
import io.headcount.inference.records.RawRecord;
import io.headcount.inference.settings.CheckpointOptions;
import io.headcount.inference.settings.JobOptions;
import io.headcount.inference.settings.KafkaOptions;
import io.headcount.inference.testing.TestFrames;
import io.headcount.schemas.topics.Topics;
import io.headcount.testkit.KafkaBrokerExtension;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The job's watermarks as the Kafka source makes them ({@link InferenceJob#frameWatermarks}), on a
 * real broker: a two-partition frames topic read by ONE source subtask, partition 0 a camera whose
 * capture times move on, partition 1 a camera that sent one frame and went quiet. The watermark is
 * per partition: it follows the capture times (bounded out-of-orderness), the quiet partition holds
 * it back, and with idleness it stops doing so.
 */
class FrameWatermarksIT {

    private static final long T0 = TestFrames.START.toEpochMilli();
    private static final long OUT_OF_ORDERNESS = 100;

    /** Partition 1's only frame. */
    private static final long QUIET_CAMERA_TIME = T0 + 500;

    private static final int FRAMES = 30;

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.create().withPartitions(2);

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(1)
                            .build());

    @Test
    void watermarkFollowsCaptureTimesAndAnIdlePartitionStopsHoldingItBack() throws Exception {
        List<Seen> seen = run("frames-idle", "1000");

        List<Seen> moving = seen.stream().filter(s -> s.partition() == 0).toList();
        assertThat(moving).hasSize(FRAMES + 1);
        assertFollowsCaptureTimes(seen);
        // Partition 1 went quiet at QUIET_CAMERA_TIME; after the idleness timeout partition 0 alone
        // moves
        // the watermark, up to its own capture times.
        long last = moving.get(moving.size() - 1).watermark();
        assertThat(last).isGreaterThan(QUIET_CAMERA_TIME);
        assertThat(moving.stream().map(Seen::timestamp).toList())
                .contains(last + OUT_OF_ORDERNESS + 1);
    }

    @Test
    void withoutIdlenessAQuietPartitionHoldsTheWatermarkBack() throws Exception {
        List<Seen> seen = run("frames-no-idle", "0");

        assertFollowsCaptureTimes(seen);
        // The moving camera is 30 s of event time ahead, but the quiet one's frame pins the
        // watermark.
        assertThat(seen)
                .allSatisfy(
                        s ->
                                assertThat(s.watermark())
                                        .isLessThanOrEqualTo(
                                                QUIET_CAMERA_TIME - OUT_OF_ORDERNESS - 1));
        assertThat(seen.get(seen.size() - 1).watermark())
                .isEqualTo(QUIET_CAMERA_TIME - OUT_OF_ORDERNESS - 1);
    }

    /**
     * Every watermark is a capture time already read minus the out-of-orderness (minus 1 ms): it
     * comes from the records' timestamps and never passes a partition's newest frame.
     */
    private static void assertFollowsCaptureTimes(List<Seen> seen) {
        List<Long> before = new ArrayList<>();
        for (Seen s : seen) {
            if (s.watermark() != Long.MIN_VALUE) {
                assertThat(before)
                        .as("watermark %d at %s", s.watermark(), s)
                        .contains(s.watermark() + OUT_OF_ORDERNESS + 1);
            }
            assertThat(s.eventTime()).isEqualTo(s.timestamp());
            before.add(s.timestamp());
        }
    }

    /**
     * Partition 1 gets one frame, partition 0 a frame every 150 ms of wall clock, one second of
     * capture time apart; returns what the probe saw per record, in order, once partition 0's last
     * frame came.
     */
    private static List<Seen> run(String topic, String idlenessMillis) throws Exception {
        KAFKA.createTopics(Topics.FRAMES.renamed(topic));
        JobOptions options =
                JobOptions.fromMap(
                        Map.of(
                                KafkaOptions.BOOTSTRAP_SERVERS,
                                KAFKA.bootstrapServers(),
                                KafkaOptions.FRAMES_TOPIC,
                                topic,
                                KafkaOptions.GROUP_ID,
                                topic,
                                KafkaOptions.STARTING_OFFSETS,
                                "earliest",
                                CheckpointOptions.WATERMARK_OUT_OF_ORDERNESS_MS,
                                Long.toString(OUT_OF_ORDERNESS),
                                CheckpointOptions.WATERMARK_IDLENESS_MS,
                                idlenessMillis));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.getConfig().setAutoWatermarkInterval(50);

        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(
                        KAFKA.producerConfig(),
                        new ByteArraySerializer(),
                        new ByteArraySerializer())) {
            send(producer, topic, 1, QUIET_CAMERA_TIME);
            send(producer, topic, 0, T0);
            producer.flush();
            List<Seen> seen = new ArrayList<>();
            try (CloseableIterator<Seen> out =
                    env.fromSource(
                                    KafkaConnectors.framesSource(options),
                                    InferenceJob.frameWatermarks(options),
                                    "frames")
                            .process(new WatermarkProbe())
                            .executeAndCollect("watermarks-" + topic)) {
                CompletableFuture<Void> camera =
                        CompletableFuture.runAsync(
                                () -> {
                                    for (int frame = 1; frame <= FRAMES; frame++) {
                                        sleep(150);
                                        send(producer, topic, 0, T0 + 1000L * frame);
                                        producer.flush();
                                    }
                                });
                while (out.hasNext()) {
                    Seen next = out.next();
                    seen.add(next);
                    if (next.partition() == 0 && next.timestamp() == T0 + 1000L * FRAMES) {
                        break;
                    }
                }
                camera.get(1, TimeUnit.MINUTES);
            }
            return seen;
        }
    }

    private static void send(
            KafkaProducer<byte[], byte[]> producer, String topic, int partition, long captureTime) {
        byte[] key = ("cam-" + partition).getBytes(StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>(topic, partition, captureTime, key, new byte[] {1}));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * What an operator right after the source sees of one record: its event time and the watermark.
     */
    public record Seen(int partition, long timestamp, long eventTime, long watermark) {}

    private static final class WatermarkProbe extends ProcessFunction<RawRecord, Seen> {
        private static final long serialVersionUID = 1L;

        @Override
        public void processElement(RawRecord record, Context context, Collector<Seen> out) {
            out.collect(
                    new Seen(
                            record.partition(),
                            record.timestamp(),
                            context.timestamp(),
                            context.timerService().currentWatermark()));
        }
    }
}
