package io.headcount.schemas.topics;

import io.headcount.schemas.AudienceStats;
import io.headcount.schemas.DeadLetter;
import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.FrameEvent;
import io.headcount.schemas.FrameProcessed;
import io.headcount.schemas.TrackSummary;
import io.headcount.schemas.codec.AvroKafkaSerde;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** Every topic of the product (DESIGN.md section 2), in one immutable registry. */
public final class Topics {

    /** Frames are personal data: they expire with this retention and are stored nowhere else. */
    public static final Duration DEFAULT_FRAME_RETENTION = Duration.ofHours(24);

    /**
     * The broker refuses a frame stamped further back than this ({@code
     * message.timestamp.before.max.ms}), loudly, at the gateway: retention judges frames by their
     * capture time, so an older frame could be deleted before the inference job read it. The hour
     * short of the retention is the job's time to read a frame it was sent.
     */
    public static final Duration MAX_FRAME_AGE_ON_ARRIVAL =
            DEFAULT_FRAME_RETENTION.minus(Duration.ofHours(1));

    /** Largest frame message the topic accepts; gateways downscale or reject larger frames. */
    public static final int MAX_FRAME_BYTES = 4 * 1024 * 1024;

    public static final String DEAD_LETTER_SUFFIX = ".dlq";

    public static final Topic<String, FrameEvent> FRAMES =
            new Topic<>(
                    "frames",
                    Serdes.String(),
                    new AvroKafkaSerde<>(FrameEvent.class),
                    Map.of(
                            "retention.ms", Long.toString(DEFAULT_FRAME_RETENTION.toMillis()),
                            "message.timestamp.before.max.ms",
                                    Long.toString(MAX_FRAME_AGE_ON_ARRIVAL.toMillis()),
                            "max.message.bytes", Integer.toString(MAX_FRAME_BYTES)));

    public static final Topic<String, FaceObservation> FACE_OBSERVATIONS =
            new Topic<>(
                    "face-observations",
                    Serdes.String(),
                    new AvroKafkaSerde<>(FaceObservation.class),
                    Map.of("retention.ms", Long.toString(Duration.ofDays(7).toMillis())));

    /**
     * One record per processed frame, keyed by camera id like {@link #FACE_OBSERVATIONS} (same
     * partitioning), so the aggregation's event time advances even when no face is in view.
     */
    public static final Topic<String, FrameProcessed> FRAMES_PROCESSED =
            new Topic<>(
                    "frames-processed",
                    Serdes.String(),
                    new AvroKafkaSerde<>(FrameProcessed.class),
                    Map.of("retention.ms", Long.toString(Duration.ofDays(7).toMillis())));

    /** Keyed by {@code camera + "/" + trackId}. */
    public static final Topic<String, TrackSummary> TRACKS =
            new Topic<>(
                    "tracks",
                    Serdes.String(),
                    new AvroKafkaSerde<>(TrackSummary.class),
                    Map.of("retention.ms", Long.toString(Duration.ofDays(30).toMillis())));

    /** Keyed by {@code site + "/" + camera + "/" + windowStart}. The public output. */
    public static final Topic<String, AudienceStats> AUDIENCE_STATS =
            new Topic<>(
                    "audience-stats",
                    Serdes.String(),
                    new AvroKafkaSerde<>(AudienceStats.class),
                    Map.of("retention.ms", Long.toString(Duration.ofDays(400).toMillis())));

    /**
     * One record per frame the inference job dead-lettered, keyed by the frame's key (its camera
     * id): the {@code frames.dlq} record without the frame's bytes ({@code value} null), so the
     * aggregation can show a camera's dead letters in its health line while no pixel leaves the
     * inference job (DESIGN.md section 5).
     */
    public static final Topic<String, DeadLetter> DEAD_LETTERED_FRAMES =
            new Topic<>(
                    "dead-lettered-frames",
                    Serdes.String(),
                    new AvroKafkaSerde<>(DeadLetter.class),
                    Map.of("retention.ms", Long.toString(Duration.ofDays(7).toMillis())));

    private Topics() {}

    /** The topics that carry the product's data, in data-flow order. */
    public static List<Topic<String, ?>> dataTopics() {
        return List.of(FRAMES, FACE_OBSERVATIONS, FRAMES_PROCESSED, TRACKS, AUDIENCE_STATS);
    }

    /**
     * Every topic the product needs: data topics and their dead-letter topics, then the inference
     * job's pixel-free dead-letter notices ({@link #DEAD_LETTERED_FRAMES}) and theirs.
     */
    public static List<Topic<?, ?>> all() {
        List<Topic<?, ?>> all = new java.util.ArrayList<>();
        for (Topic<String, ?> topic : dataTopics()) {
            all.add(topic);
            all.add(deadLettersOf(topic.name()));
        }
        all.add(DEAD_LETTERED_FRAMES);
        all.add(deadLettersOf(DEAD_LETTERED_FRAMES.name()));
        return List.copyOf(all);
    }

    /**
     * The dead-letter topic of {@code sourceTopic}: same key bytes, a {@link DeadLetter} value. Its
     * retention follows the source's, since a dead letter holds the source's original bytes.
     */
    public static Topic<byte[], DeadLetter> deadLettersOf(String sourceTopic) {
        Map<String, String> config =
                sourceTopic.equals(FRAMES.name())
                        ? Map.of(
                                "retention.ms", FRAMES.config().get("retention.ms"),
                                "max.message.bytes", Integer.toString(MAX_FRAME_BYTES + 64 * 1024))
                        : Map.of("retention.ms", Long.toString(Duration.ofDays(14).toMillis()));
        Serde<byte[]> keys = Serdes.ByteArray();
        return new Topic<>(
                sourceTopic + DEAD_LETTER_SUFFIX,
                keys,
                new AvroKafkaSerde<>(DeadLetter.class),
                config);
    }
}
