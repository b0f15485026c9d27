package io.headcount.aggregation.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;

/**
 * The app's own meters. Kafka Streams creates the exception handlers by reflection, so the registry
 * reaches them as an object-valued setting ({@link #METER_REGISTRY_CONFIG}); without one they use
 * Micrometer's global registry.
 */
public final class AggregationMetrics {

    /** Setting whose value is the {@link MeterRegistry} instance the handlers count into. */
    public static final String METER_REGISTRY_CONFIG = "headcount.meter.registry";

    /**
     * Bad records written to a dead-letter topic; tags {@code component}, {@code topic}, {@code
     * reason}.
     */
    public static final String DEAD_LETTERS = "headcount.dead.letters";

    /**
     * Stream threads that died of an uncaught exception; tags {@code component}, {@code response}:
     * what the handler did ({@code REPLACE_THREAD} or {@code SHUTDOWN_CLIENT}). Both exist at zero
     * from the start, so an alert on their increase fires on the first failure.
     */
    public static final String STREAM_THREAD_FAILURES = "headcount.stream.thread.failures";

    /**
     * The Streams client's state: one gauge per {@link KafkaStreams.State} (tag {@code state}), 1
     * for the current one and 0 for the others. Unlike Kafka's own client metrics it outlives the
     * client, so it still reads {@code ERROR} once the client has shut down.
     */
    public static final String STREAMS_STATE = "headcount.streams.state";

    /** Stream threads alive (running or in a rebalance); 0 once the client is not running. */
    public static final String STREAM_THREADS_ALIVE = "headcount.stream.threads.alive";

    /** Stream threads the client was configured to run ({@code num.stream.threads}). */
    public static final String STREAM_THREADS_CONFIGURED = "headcount.stream.threads.configured";

    /** Kafka Streams' own client metric behind {@link #STREAM_THREADS_ALIVE}. */
    private static final String KAFKA_ALIVE_STREAM_THREADS = "alive-stream-threads";

    /**
     * Tracks closed; tag {@code outcome}: {@value #OUTCOME_VISITOR} (confirmed) or {@value
     * #OUTCOME_UNCONFIRMED}.
     */
    public static final String TRACKS_CLOSED = "headcount.tracks.closed";

    public static final String OUTCOME_VISITOR = "visitor";
    public static final String OUTCOME_UNCONFIRMED = "unconfirmed";

    /**
     * Observations with a track id that no track took (tag {@code reason}: {@code late}); still
     * counted as faces.
     */
    public static final String UNTRACKED_IMPRESSIONS = "headcount.untracked.impressions";

    public static final String COMPONENT = "aggregation";

    /**
     * Frames released without all their records, because later frames prove the rest will never
     * come (it was dead-lettered); tag {@code reason}: {@code no-processed-frame} or {@code
     * missing-observations}.
     */
    public static final String INCOMPLETE_FRAMES = "headcount.incomplete.frames";

    /**
     * Frames, observations and visitors that arrived for a window already closed on their camera's
     * clock (end + grace passed) and were not counted; tag {@code kind}: {@code frame}, {@code
     * observation} or {@code visitor}.
     */
    public static final String LATE_RECORDS = "headcount.late.records";

    /** Dwell of each visitor (closed confirmed track), in milliseconds; a distribution summary. */
    public static final String VISITOR_DWELL = "headcount.visitor.dwell";

    /**
     * Visitors' fused attributes, tags {@code attribute} and {@code outcome} ({@value
     * #OUTCOME_DETERMINED} or {@value #OUTCOME_UNDETERMINED}); no site or value tag, so a scrape
     * difference tells at most that one visitor was undetermined, never what someone was.
     */
    public static final String FUSED_ATTRIBUTES = "headcount.fused.attributes";

    /** Share of visitors whose attribute was undetermined since start, tag {@code attribute}. */
    public static final String UNDETERMINED_SHARE = "headcount.undetermined.share";

    public static final String OUTCOME_DETERMINED = "determined";
    public static final String OUTCOME_UNDETERMINED = "undetermined";

    /** Closed windows emitted on {@code audience-stats}; tags {@code site}, {@code camera}. */
    public static final String WINDOWS_EMITTED = "headcount.audience.windows";

    /** Visitors of the emitted windows; tags {@code site}, {@code camera}. */
    public static final String VISITORS = "headcount.audience.visitors";

    /** Frames of the emitted windows; tags {@code site}, {@code camera}. */
    public static final String FRAMES = "headcount.audience.frames";

    /** Face observations of the emitted windows; tags {@code site}, {@code camera}. */
    public static final String FACE_OBSERVATIONS = "headcount.audience.face.observations";

    /**
     * Visitors per attribute value, summed from the emitted (suppressed) cells only: tags {@code
     * site}, {@code camera}, {@code attribute}, {@code value}. A suppressed cell adds nothing here
     * and one to {@link #SUPPRESSED_CELLS}.
     */
    public static final String ATTRIBUTE_VISITORS = "headcount.audience.attribute.visitors";

    /**
     * Breakdown cells emitted as suppressed; tags {@code site}, {@code camera}, {@code attribute}.
     */
    public static final String SUPPRESSED_CELLS = "headcount.audience.suppressed.cells";

    /**
     * Today's released totals per camera and attribute value (UTC day; see {@code RangeTotals}):
     * visitors in whole released blocks, 0 or at least k, never a raw count. Tags {@code site},
     * {@code camera}, {@code attribute}, {@code value}. What Grafana's "today" panel sums.
     */
    public static final String RELEASED_TODAY = "headcount.audience.released.today";

    /** Gauges' values per registry and tags, so a restarted processor sets the same gauge. */
    private static final Map<MeterRegistry, Map<List<String>, AtomicLong>> RELEASED =
            Collections.synchronizedMap(new WeakHashMap<>());

    private AggregationMetrics() {}

    /**
     * Sets a camera's {@link #RELEASED_TODAY} gauges to {@code released} (keys {@code
     * attribute/value}); the camera's values missing from it (a new day) read 0.
     */
    public static void releasedToday(
            MeterRegistry registry, String site, String camera, Map<String, Long> released) {
        Map<List<String>, AtomicLong> gauges =
                RELEASED.computeIfAbsent(registry, r -> new ConcurrentHashMap<>());
        gauges.forEach(
                (tags, value) -> {
                    if (tags.get(0).equals(site) && tags.get(1).equals(camera)) {
                        value.set(released.getOrDefault(tags.get(2) + "/" + tags.get(3), 0L));
                    }
                });
        released.forEach(
                (cell, count) -> {
                    int slash = cell.indexOf('/');
                    List<String> tags =
                            List.of(
                                    site,
                                    camera,
                                    cell.substring(0, slash),
                                    cell.substring(slash + 1));
                    gauges.computeIfAbsent(
                                    tags,
                                    t -> {
                                        AtomicLong value = new AtomicLong();
                                        Gauge.builder(RELEASED_TODAY, value, AtomicLong::get)
                                                .description(
                                                        "Today's released visitors per attribute value (0 or at least k)")
                                                .tag("component", COMPONENT)
                                                .tag("site", t.get(0))
                                                .tag("camera", t.get(1))
                                                .tag("attribute", t.get(2))
                                                .tag("value", t.get(3))
                                                .strongReference(true)
                                                .register(registry);
                                        return value;
                                    })
                            .set(count);
                });
    }

    public static MeterRegistry registryFrom(Map<String, ?> configs) {
        Object registry = configs.get(METER_REGISTRY_CONFIG);
        if (registry == null) {
            return Metrics.globalRegistry;
        }
        if (registry instanceof MeterRegistry meterRegistry) {
            return meterRegistry;
        }
        throw new IllegalArgumentException(
                METER_REGISTRY_CONFIG
                        + " must be a MeterRegistry instance, not "
                        + registry.getClass().getName());
    }

    public static Counter deadLetters(MeterRegistry registry, String sourceTopic, String reason) {
        return counter(DEAD_LETTERS, "Bad records written to a dead-letter topic")
                .tag("topic", String.valueOf(sourceTopic))
                .tag("reason", reason)
                .register(registry);
    }

    public static Counter tracksClosed(MeterRegistry registry, String outcome) {
        return counter(TRACKS_CLOSED, "Tracks closed, by whether they were confirmed as visitors")
                .tag("outcome", outcome)
                .register(registry);
    }

    public static Counter untrackedImpressions(MeterRegistry registry, String reason) {
        return counter(UNTRACKED_IMPRESSIONS, "Observations with a track id that no track took")
                .tag("reason", reason)
                .register(registry);
    }

    public static Counter incompleteFrames(MeterRegistry registry, String reason) {
        return counter(INCOMPLETE_FRAMES, "Frames released without all their records")
                .tag("reason", reason)
                .register(registry);
    }

    public static Counter lateRecords(MeterRegistry registry, String kind) {
        return counter(
                        LATE_RECORDS,
                        "Records that arrived for a window already closed, not counted")
                .tag("kind", kind)
                .register(registry);
    }

    public static DistributionSummary visitorDwell(MeterRegistry registry) {
        return DistributionSummary.builder(VISITOR_DWELL)
                .description("Dwell of each visitor, from first to last impression")
                .baseUnit("milliseconds")
                .tag("component", COMPONENT)
                .serviceLevelObjectives(1_000, 5_000, 15_000, 60_000, 300_000, 600_000)
                .register(registry);
    }

    public static Counter fusedAttributes(
            MeterRegistry registry, String attribute, String outcome) {
        return counter(FUSED_ATTRIBUTES, "Visitors' fused attributes, determined or not")
                .tag("attribute", attribute)
                .tag("outcome", outcome)
                .register(registry);
    }

    /**
     * The undetermined share of {@code attribute}, read from its two {@link #FUSED_ATTRIBUTES}
     * counters.
     */
    public static void undeterminedShare(MeterRegistry registry, String attribute) {
        Counter determined = fusedAttributes(registry, attribute, OUTCOME_DETERMINED);
        Counter undetermined = fusedAttributes(registry, attribute, OUTCOME_UNDETERMINED);
        Gauge.builder(
                        UNDETERMINED_SHARE,
                        () -> {
                            double all = determined.count() + undetermined.count();
                            return all == 0 ? Double.NaN : undetermined.count() / all;
                        })
                .description(
                        "Share of visitors whose fused attribute was undetermined, since start")
                .tag("component", COMPONENT)
                .tag("attribute", attribute)
                .register(registry);
    }

    /** One of the per-camera totals of emitted windows ({@link #WINDOWS_EMITTED} and the like). */
    public static Counter perCamera(
            MeterRegistry registry, String name, String site, String camera) {
        return counter(name, null).tag("site", site).tag("camera", camera).register(registry);
    }

    public static Counter attributeVisitors(
            MeterRegistry registry, String site, String camera, String attribute, String value) {
        return counter(
                        ATTRIBUTE_VISITORS,
                        "Visitors per fused attribute value, from un-suppressed emitted cells")
                .tag("site", site)
                .tag("camera", camera)
                .tag("attribute", attribute)
                .tag("value", value)
                .register(registry);
    }

    public static Counter suppressedCells(
            MeterRegistry registry, String site, String camera, String attribute) {
        return counter(SUPPRESSED_CELLS, "Breakdown cells emitted as suppressed")
                .tag("site", site)
                .tag("camera", camera)
                .tag("attribute", attribute)
                .register(registry);
    }

    public static Counter streamThreadFailures(
            MeterRegistry registry, StreamThreadExceptionResponse response) {
        return counter(STREAM_THREAD_FAILURES, "Stream threads that died of an uncaught exception")
                .tag("response", response.name())
                .register(registry);
    }

    /**
     * Registers the {@link #STREAMS_STATE}, {@link #STREAM_THREADS_ALIVE} and {@link
     * #STREAM_THREADS_CONFIGURED} gauges of {@code streams}.
     *
     * @return the gauges, for the caller to remove when it closes the client
     */
    public static List<Meter> streamsClient(
            MeterRegistry registry, KafkaStreams streams, int configuredThreads) {
        List<Meter> gauges = new ArrayList<>();
        for (KafkaStreams.State state : KafkaStreams.State.values()) {
            gauges.add(
                    Gauge.builder(STREAMS_STATE, () -> streams.state() == state ? 1 : 0)
                            .description("1 for the Kafka Streams client's current state")
                            .tag("component", COMPONENT)
                            .tag("state", state.name())
                            .register(registry));
        }
        gauges.add(
                Gauge.builder(STREAM_THREADS_ALIVE, () -> aliveStreamThreads(streams))
                        .description("Stream threads running or in a rebalance")
                        .tag("component", COMPONENT)
                        .register(registry));
        gauges.add(
                Gauge.builder(STREAM_THREADS_CONFIGURED, () -> configuredThreads)
                        .description("Stream threads the client is configured to run")
                        .tag("component", COMPONENT)
                        .register(registry));
        return gauges;
    }

    /** Kafka Streams' own count while the client runs; its metrics are gone once it stopped. */
    private static int aliveStreamThreads(KafkaStreams streams) {
        if (!streams.state().isRunningOrRebalancing()) {
            return 0;
        }
        for (Map.Entry<MetricName, ? extends Metric> metric : streams.metrics().entrySet()) {
            if (metric.getKey().name().equals(KAFKA_ALIVE_STREAM_THREADS)
                    && metric.getValue().metricValue() instanceof Number alive) {
                return alive.intValue();
            }
        }
        return 0;
    }

    /** A counter of this component, its other tags still to add. */
    private static Counter.Builder counter(String name, String description) {
        return Counter.builder(name).description(description).tag("component", COMPONENT);
    }
}
