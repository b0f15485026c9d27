package io.headcount.aggregation;

import io.headcount.aggregation.counting.AudienceStatsMapping;
import io.headcount.aggregation.counting.SiteCamera;
import io.headcount.aggregation.counting.WindowTally;
import io.headcount.aggregation.counting.WindowTallySerde;
import io.headcount.aggregation.validation.FrameProcessedTimeExtractor;
import io.headcount.aggregation.validation.FrameProcessedValidator;
import io.headcount.aggregation.validation.FrameTimeExtractor;
import io.headcount.aggregation.validation.ObservationValidator;
import io.headcount.schemas.AudienceStats;
import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.FrameProcessed;
import io.headcount.schemas.topics.Topic;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.EmitStrategy;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Face observations and processed frames → per site/camera tumbling event-time windows → one
 * {@link AudienceStats} per window, emitted once when the window closes (its end plus the grace
 * period has passed in stream time). Each input record becomes a one-record {@link WindowTally}
 * keyed by its cell; both inputs merge into one repartition topic and one windowed aggregation.
 * Processed frames make windows close when nobody is in view and count the frames each window saw;
 * an end-of-stream record closes a finite source's last windows (see {@link
 * FrameProcessedTimeExtractor}). A window that counted nothing is not emitted. Every processor,
 * store and internal topic has a constant name, so a topology change never renames state silently.
 */
public final class AudienceTopology {

  public static final String SOURCE = "face-observations-source";
  public static final String VALIDATE = "validate-observation";

  /** Observation → (site/camera, one-observation tally). */
  public static final String KEY_BY_SITE_CAMERA = "key-by-site-camera";

  public static final String FRAMES_SOURCE = "frames-processed-source";
  public static final String VALIDATE_FRAME = "validate-frame-processed";

  /** Processed frame → (site/camera, one-frame tally; an empty one for an end of stream). */
  public static final String KEY_FRAME_BY_SITE_CAMERA = "key-frame-by-site-camera";

  public static final String MERGE = "merge-observations-and-frames";

  /**
   * Repartition by site/camera (topic {@code <application.id>-observations-by-site-camera-repartition},
   * values {@link WindowTally}): the inputs are keyed by camera alone, and camera ids need not be
   * unique across sites; it also puts each cell where key-based lookups (interactive queries) expect it.
   */
  public static final String BY_SITE_CAMERA = "observations-by-site-camera";

  public static final String COUNT = "count-per-window";

  /** Window store (changelog {@code <application.id>-observation-counts-changelog}). */
  public static final String COUNTS_STORE = "observation-counts";

  public static final String CLOSED_WINDOWS = "closed-windows";

  /** Drops windows that counted nothing, e.g. the one an end-of-stream record lands in. */
  public static final String SKIP_EMPTY_WINDOWS = "skip-empty-windows";

  public static final String TO_AUDIENCE_STATS = "to-audience-stats";
  public static final String SINK = "audience-stats-sink";

  private AudienceTopology() {}

  public static Topology buildTopology(AggregationOptions options) {
    return buildTopology(options, Clock.systemUTC());
  }

  /** @param clock the wall clock that future frame times are judged against */
  public static Topology buildTopology(AggregationOptions options, Clock clock) {
    Topic<String, FaceObservation> observationsTopic = options.observations();
    Topic<String, FrameProcessed> framesTopic = options.framesProcessed();
    Topic<String, AudienceStats> output = options.audienceStats();
    Duration endOfStreamLead = options.endOfStreamLead();
    StreamsBuilder builder = new StreamsBuilder();

    KStream<String, WindowTally> observations =
        builder.stream(
                observationsTopic.name(),
                Consumed.with(observationsTopic.keySerde(), observationsTopic.valueSerde())
                    .withTimestampExtractor(new FrameTimeExtractor(options.maxFutureSkew(), clock))
                    .withName(SOURCE))
            .processValues(ObservationValidator::new, Named.as(VALIDATE))
            .map(
                (camera, observation) ->
                    KeyValue.pair(
                        new SiteCamera(observation.getSite(), observation.getCamera()).key(),
                        WindowTally.of(observation)),
                Named.as(KEY_BY_SITE_CAMERA));

    KStream<String, WindowTally> frames =
        builder.stream(
                framesTopic.name(),
                Consumed.with(framesTopic.keySerde(), framesTopic.valueSerde())
                    .withTimestampExtractor(
                        new FrameProcessedTimeExtractor(endOfStreamLead, options.maxFutureSkew(), clock))
                    .withName(FRAMES_SOURCE))
            .processValues(() -> new FrameProcessedValidator(endOfStreamLead), Named.as(VALIDATE_FRAME))
            .map(
                (camera, frame) ->
                    KeyValue.pair(
                        new SiteCamera(frame.getSite(), frame.getCamera()).key(), WindowTally.of(frame)),
                Named.as(KEY_FRAME_BY_SITE_CAMERA));

    observations
        .merge(frames, Named.as(MERGE))
        .groupByKey(Grouped.with(BY_SITE_CAMERA, Serdes.String(), new WindowTallySerde()))
        .windowedBy(TimeWindows.ofSizeAndGrace(options.windowSize(), options.grace()))
        .emitStrategy(EmitStrategy.onWindowClose())
        .aggregate(
            WindowTally::empty,
            // An end of stream adds an empty tally: it reaches the aggregation only to move its
            // stream time (a null value would be skipped before that).
            (cell, record, tally) -> tally.plus(record),
            Named.as(COUNT),
            Materialized.<String, WindowTally, WindowStore<Bytes, byte[]>>as(COUNTS_STORE)
                .withKeySerde(Serdes.String())
                .withValueSerde(new WindowTallySerde())
                .withRetention(options.storeRetention())
                // With emit-on-close nothing is forwarded before a window closes, and EOS flushes the
                // cache every commit, so it saves little. Its iterator walks every time segment since
                // 1970 on a task's first emit (seconds of CPU) where RocksDB seeks directly, and it
                // would hide a too-short retention until it evicts (see storeRetention).
                .withCachingDisabled())
        .toStream(Named.as(CLOSED_WINDOWS))
        .filter((window, tally) -> !tally.isEmpty(), Named.as(SKIP_EMPTY_WINDOWS))
        .map(AudienceStatsMapping::toStats, Named.as(TO_AUDIENCE_STATS))
        .to(output.name(), Produced.with(output.keySerde(), output.valueSerde()).withName(SINK));

    return builder.build();
  }
}
