package io.headcount.aggregation;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.schemas.AttributeProbabilities;
import io.headcount.schemas.AudienceStats;
import io.headcount.schemas.Box;
import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.FaceQuality;
import io.headcount.schemas.FrameProcessed;
import io.headcount.schemas.TrackSummary;
import io.headcount.schemas.topics.Topic;
import io.headcount.schemas.topics.Topics;
import io.headcount.testkit.KafkaBrokerExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * A fixed, generated minute of one site for the replay and restart tests: four cameras, a frame
 * every 200 ms (with or without faces), people walking by on tracks (some too short to be visitors,
 * some with contradicting or missing attributes, so fused values come out undetermined), a few
 * untracked faces, and each camera's end of stream. The same seed always gives the same records.
 */
final class AudienceReplay {

    static final String SITE = "lyon";

    /**
     * With two partitions, the default partitioner puts "door" and "till" on partition 0, "hall"
     * and "stairs" on 1: two cameras per partition.
     */
    static final List<String> CAMERAS = List.of("hall", "door", "till", "stairs");

    static final Duration WINDOW = Duration.ofSeconds(10);
    static final Duration GRACE = Duration.ofSeconds(5);
    static final Duration LENGTH = Duration.ofSeconds(60);
    static final int FRAME_MILLIS = 200;

    /** Windows of all cameras: every one holds frames, so each is emitted. */
    static final int WINDOWS = CAMERAS.size() * (int) (LENGTH.toMillis() / WINDOW.toMillis());

    /** One input record, in the order a live site would send it (frame time, then camera). */
    record Input(boolean observation, String camera, Instant frameTime, Object value) {}

    final Instant start;
    final List<Input> records;

    /**
     * Tracks with at least 3 impressions over at least 500 ms: the visitors by the default rules.
     */
    final int expectedVisitors;

    final int observations;

    private AudienceReplay(
            Instant start, List<Input> records, int expectedVisitors, int observations) {
        this.start = start;
        this.records = List.copyOf(records);
        this.expectedVisitors = expectedVisitors;
        this.observations = observations;
    }

    /** An hour ago at a whole minute: behind the wall clock like a replay, windows aligned. */
    static AudienceReplay generate(long seed) {
        Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(1));
        Random random = new Random(seed);
        Map<String, List<FaceObservation>> byFrame = new HashMap<>();
        int visitors = 0;
        for (String camera : CAMERAS) {
            int person = 0;
            long arrival = random.nextInt(1_000);
            while (arrival < LENGTH.toMillis() - 1_000) {
                long stay =
                        random.nextInt(6) == 0 ? random.nextInt(600) : 500 + random.nextInt(8_000);
                Person who = Person.random(random);
                String trackId = camera + "-" + person++;
                List<Long> seen = new ArrayList<>();
                for (long t = align(arrival);
                        t <= arrival + stay && t < LENGTH.toMillis();
                        t += FRAME_MILLIS) {
                    // The detector misses a face now and then; never for long enough to end the
                    // track.
                    if (random.nextInt(100) < 85) {
                        seen.add(t);
                        byFrame.computeIfAbsent(camera + "@" + t, k -> new ArrayList<>())
                                .add(who.observation(camera, trackId, start.plusMillis(t), random));
                    }
                }
                if (seen.size() >= 3 && seen.get(seen.size() - 1) - seen.get(0) >= 500) {
                    visitors++;
                }
                arrival += 300 + random.nextInt(3_500);
            }
        }
        List<Input> records = new ArrayList<>();
        int observations = 0;
        for (long t = 0; t < LENGTH.toMillis(); t += FRAME_MILLIS) {
            for (String camera : CAMERAS) {
                Instant frameTime = start.plusMillis(t);
                List<FaceObservation> faces =
                        byFrame.getOrDefault(camera + "@" + t, new ArrayList<>());
                // A face the tracker could not follow: an observation, never a visitor.
                if (random.nextInt(40) == 0) {
                    faces.add(Person.random(random).observation(camera, null, frameTime, random));
                }
                for (FaceObservation face : faces) {
                    face.setFacesInFrame(faces.size());
                    records.add(new Input(true, camera, frameTime, face));
                }
                observations += faces.size();
                records.add(
                        new Input(
                                false,
                                camera,
                                frameTime,
                                Frames.of(SITE, camera, frameTime, faces.size())));
            }
        }
        for (String camera : CAMERAS) {
            Instant end = start.plus(LENGTH);
            records.add(new Input(false, camera, end, Frames.endOfStream(SITE, camera, end)));
        }
        return new AudienceReplay(start, records, visitors, observations);
    }

    private static long align(long millis) {
        return (millis + FRAME_MILLIS - 1) / FRAME_MILLIS * FRAME_MILLIS;
    }

    /** The records whose frame time is before {@code offset} from the start, in order. */
    List<Input> before(Duration offset) {
        return select(input -> input.frameTime().isBefore(start.plus(offset)));
    }

    /** The rest, end of streams included. */
    List<Input> from(Duration offset) {
        return select(input -> !input.frameTime().isBefore(start.plus(offset)));
    }

    private List<Input> select(Predicate<Input> filter) {
        return records.stream().filter(filter).toList();
    }

    /** How a person looks to the models for a whole track. */
    private record Person(
            float female,
            Map<String, Float> ages,
            Float masked,
            boolean contradicting,
            boolean headless) {

        static Person random(Random random) {
            float female =
                    random.nextBoolean()
                            ? 0.9f + random.nextFloat() * 0.09f
                            : 0.01f + random.nextFloat() * 0.09f;
            Map<String, Float> ages =
                    switch (random.nextInt(3)) {
                        case 0 -> Map.of("20-29", 0.9f, "30-39", 0.1f);
                        case 1 -> Map.of("40-49", 0.8f, "50-59", 0.2f);
                        default ->
                                Map.of(
                                        "20-29", 0.34f, "30-39", 0.33f, "40-49",
                                        0.33f); // never sure
                    };
            Float masked = random.nextInt(4) == 0 ? 0.95f : 0.03f;
            return new Person(female, ages, masked, random.nextInt(5) == 0, random.nextInt(8) == 0);
        }

        FaceObservation observation(
                String camera, String trackId, Instant frameTime, Random random) {
            float size = 30f + random.nextInt(70);
            Float yaw = random.nextInt(6) == 0 ? null : (float) (random.nextInt(90) - 45);
            // Contradicting impressions alternate sides, so the evidence cancels out: undetermined.
            float p = contradicting && random.nextBoolean() ? 1f - female : female;
            AttributeProbabilities attributes =
                    headless
                            ? AttributeProbabilities.newBuilder()
                                    .setFemale(null)
                                    .setAgeGroups(null)
                                    .setMasked(null)
                                    .setExpressions(null)
                                    .build()
                            : AttributeProbabilities.newBuilder()
                                    .setFemale(p)
                                    .setAgeGroups(ages)
                                    .setMasked(masked)
                                    .setExpressions(Map.of("neutral", 0.7f, "happy", 0.3f))
                                    .build();
            return FaceObservation.newBuilder()
                    .setSite(SITE)
                    .setCamera(camera)
                    .setFrameTime(frameTime)
                    .setFrameSequence(frameTime.toEpochMilli() / FRAME_MILLIS)
                    .setFacesInFrame(1)
                    .setTrackId(trackId)
                    .setBox(
                            new Box(
                                    100f + random.nextInt(400),
                                    80f + random.nextInt(200),
                                    size,
                                    size * 1.2f))
                    .setDetectionScore(0.7f + random.nextFloat() * 0.29f)
                    .setQuality(
                            new FaceQuality(
                                    size,
                                    random.nextInt(5) == 0 ? null : 40f + random.nextInt(200),
                                    yaw))
                    .setAttributes(attributes)
                    .setModelSet(Observations.MODEL_SET)
                    .setModelVersions(Observations.MODEL_VERSIONS)
                    .build();
        }
    }

    /** The topics of one run, named apart so runs on one broker never see each other's records. */
    record RunTopics(
            Topic<String, FaceObservation> observations,
            Topic<String, FrameProcessed> frames,
            Topic<String, TrackSummary> tracks,
            Topic<String, AudienceStats> stats) {

        static RunTopics create(KafkaBrokerExtension kafka, String prefix) {
            RunTopics topics =
                    new RunTopics(
                            Topics.FACE_OBSERVATIONS.renamed(
                                    prefix + "-" + Topics.FACE_OBSERVATIONS.name()),
                            Topics.FRAMES_PROCESSED.renamed(
                                    prefix + "-" + Topics.FRAMES_PROCESSED.name()),
                            Topics.TRACKS.renamed(prefix + "-" + Topics.TRACKS.name()),
                            Topics.AUDIENCE_STATS.renamed(
                                    prefix + "-" + Topics.AUDIENCE_STATS.name()));
            kafka.createTopics(
                    topics.observations,
                    topics.frames,
                    topics.tracks,
                    topics.stats,
                    Topics.deadLettersOf(topics.observations.name()),
                    Topics.deadLettersOf(topics.frames.name()));
            return topics;
        }

        /**
         * The app's settings for these topics: 10 s windows with 5 s grace (more windows from a
         * minute), k = 2 so breakdowns hold both counted and suppressed cells; every other option,
         * and exactly-once v2, as the product sets them.
         */
        Map<String, Object> settings(
                KafkaBrokerExtension kafka, String applicationId, Path stateDir) {
            Map<String, Object> settings = new HashMap<>();
            settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            settings.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
            settings.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
            // A restarted instance is a new group member: the broker's minimum, so the session of
            // one that stopped without closing (RestartIT's abandoned case) ends within seconds.
            settings.put(StreamsConfig.consumerPrefix("session.timeout.ms"), "6000");
            settings.put(AggregationOptions.INPUT_TOPIC, observations.name());
            settings.put(AggregationOptions.FRAMES_TOPIC, frames.name());
            settings.put(AggregationOptions.TRACKS_TOPIC, tracks.name());
            settings.put(AggregationOptions.OUTPUT_TOPIC, stats.name());
            settings.put(AggregationOptions.WINDOW_SIZE_MS, Long.toString(WINDOW.toMillis()));
            settings.put(AggregationOptions.WINDOW_GRACE_MS, Long.toString(GRACE.toMillis()));
            settings.put(AggregationOptions.SUPPRESSION_MIN_COUNT, "2");
            return settings;
        }

        /**
         * Writes {@code inputs} in order, keyed by camera like the inference job, and waits for the
         * acks.
         */
        void produce(KafkaBrokerExtension kafka, List<Input> inputs) {
            produce(kafka, inputs, Duration.ZERO, 0);
        }

        /**
         * Writes {@code inputs} as a live site or a replay would while the app runs: each topic in
         * its own order, the processed frames {@code framesLeadMillis} of event time ahead of the
         * observations (behind, if negative), as two topics fetched separately can arrive, and a
         * pause after each second of event time.
         */
        void produce(
                KafkaBrokerExtension kafka,
                List<Input> inputs,
                Duration pausePerSecond,
                long framesLeadMillis) {
            Map<String, Object> config = kafka.producerConfig();
            // One batch in flight: a retried batch can never land behind a later one.
            config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
            config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            List<Input> ordered = new ArrayList<>(inputs);
            // Stable: each topic keeps its own order.
            ordered.sort(
                    java.util.Comparator.comparingLong(
                            input ->
                                    input.frameTime().toEpochMilli()
                                            - (input.observation() ? 0 : framesLeadMillis)));
            try (KafkaProducer<byte[], byte[]> producer =
                    new KafkaProducer<>(
                            config, new ByteArraySerializer(), new ByteArraySerializer())) {
                long second = Long.MIN_VALUE;
                for (Input input : ordered) {
                    long now = input.frameTime().toEpochMilli() / 1_000;
                    if (!pausePerSecond.isZero() && second != Long.MIN_VALUE && now != second) {
                        producer.flush();
                        pause(pausePerSecond);
                    }
                    second = now;
                    producer.send(
                            input.observation()
                                    ? record(observations, input)
                                    : record(frames, input));
                }
                producer.flush();
            }
        }

        private static void pause(Duration pause) {
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while writing the input", e);
            }
        }

        @SuppressWarnings("unchecked")
        private static <V> ProducerRecord<byte[], byte[]> record(
                Topic<String, V> topic, Input input) {
            byte[] key = topic.keySerde().serializer().serialize(topic.name(), input.camera());
            byte[] value =
                    topic.valueSerde().serializer().serialize(topic.name(), (V) input.value());
            return new ProducerRecord<>(
                    topic.name(), null, input.frameTime().toEpochMilli(), key, value);
        }

        /**
         * Waits for every window, then reads both outputs once more (read_committed, from the
         * start) so a duplicate committed meanwhile would show.
         */
        Outputs awaitAllWindows(KafkaBrokerExtension kafka, Duration timeout) {
            kafka.consume(stats, WINDOWS, timeout);
            List<ConsumerRecord<String, AudienceStats>> statsRecords =
                    kafka.consumeFor(stats, Duration.ofSeconds(2));
            List<ConsumerRecord<String, TrackSummary>> trackRecords =
                    kafka.consumeFor(tracks, Duration.ofSeconds(1));
            return new Outputs(
                    lines(statsRecords), lines(trackRecords), statsRecords, trackRecords);
        }

        private static <V> List<String> lines(List<ConsumerRecord<String, V>> records) {
            return records.stream()
                    .map(record -> record.key() + " " + record.value())
                    .sorted()
                    .toList();
        }
    }

    /**
     * Both outputs of a run: every record as {@code key value} (the decoded Avro record as JSON),
     * sorted, so runs compare as lists and a record counted twice shows as a second line.
     */
    record Outputs(
            List<String> stats,
            List<String> tracks,
            List<ConsumerRecord<String, AudienceStats>> statsRecords,
            List<ConsumerRecord<String, TrackSummary>> trackRecords) {

        long visitors() {
            return statsRecords.stream().mapToLong(record -> record.value().getVisitors()).sum();
        }

        /** Sanity of one complete run of the replay: every window once, every visitor once. */
        void assertComplete(AudienceReplay replay) {
            assertThat(statsRecords.stream().map(ConsumerRecord::key).distinct())
                    .as("one audience-stats record per window")
                    .hasSize(statsRecords.size())
                    .hasSize(WINDOWS);
            assertThat(trackRecords.stream().map(ConsumerRecord::key).distinct())
                    .as("one summary per visitor (no tracker id reappears)")
                    .hasSize(trackRecords.size());
            assertThat(statsRecords)
                    .allSatisfy(
                            record ->
                                    assertThat(record.value().getFrames())
                                            .isEqualTo(WINDOW.toMillis() / FRAME_MILLIS));
            assertThat(
                            statsRecords.stream()
                                    .mapToLong(record -> record.value().getFaceObservations())
                                    .sum())
                    .isEqualTo(replay.observations);
            assertThat(visitors()).as("visitors in the windows").isEqualTo(replay.expectedVisitors);
            assertThat(trackRecords).as("visitors on tracks").hasSize(replay.expectedVisitors);
        }
    }
}
