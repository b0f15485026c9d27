package io.headcount.app.faults;

import io.headcount.schemas.AudienceStats;
import io.headcount.schemas.TrackSummary;
import io.headcount.schemas.topics.Topic;
import io.headcount.schemas.topics.Topics;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/**
 * The public outputs of a run as multisets, ready to compare with another run of the same input:
 * every {@code audience-stats} record, and every {@code tracks} record with its track id blanked
 * (ids are random per track by design, DESIGN.md section 5.2, so two runs never share one), each
 * list sorted by its text. Dead letters of every topic are counted too: a fault must not turn good
 * records into bad ones.
 */
record RunOutputs(List<String> stats, List<String> tracks, int deadLetters) {

    static final List<String> OUTPUT_TOPICS =
            List.of(Topics.AUDIENCE_STATS.name(), Topics.TRACKS.name());

    /**
     * How long the outputs must stay unchanged after the last window before a run counts as over.
     */
    static final Duration QUIET = Duration.ofSeconds(5);

    static List<String> recordedTopics() {
        List<String> topics = new java.util.ArrayList<>(OUTPUT_TOPICS);
        topics.add(Topics.FRAMES_PROCESSED.name());
        Topics.dataTopics().stream()
                .map(topic -> Topics.deadLettersOf(topic.name()).name())
                .forEach(topics::add);
        return topics;
    }

    /**
     * Waits until the window of the scenario's last frame is out and nothing more arrived for
     * {@link #QUIET}, then decodes what the recorder has.
     */
    static RunOutputs await(
            TopicRecorder recorder,
            Scenario scenario,
            Layout layout,
            FaultyPipeline pipeline,
            Duration timeout)
            throws InterruptedException, TimeoutException {
        return await(
                recorder,
                scenario,
                layout.cameras().size(),
                pipeline::checkAlive,
                pipeline.work(),
                timeout);
    }

    /**
     * As above, for a scenario shown by {@code cameras} cameras on the same clock: waits for the
     * last window of each.
     *
     * @param checkAlive throws if a part of the pipeline stopped
     * @param logs where a timeout tells to look
     */
    static RunOutputs await(
            TopicRecorder recorder,
            Scenario scenario,
            int cameras,
            Runnable checkAlive,
            Object logs,
            Duration timeout)
            throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (stats(recorder).stream()
                        .filter(s -> s.getWindowStart().equals(scenario.lastWindowStart()))
                        .count()
                < cameras) {
            checkAlive.run();
            if (System.nanoTime() > deadline) {
                throw new TimeoutException(
                        "The window at "
                                + scenario.lastWindowStart()
                                + " did not come out for "
                                + cameras
                                + " camera(s) within "
                                + timeout
                                + "; stats so far: "
                                + stats(recorder)
                                + "; logs in "
                                + logs);
            }
            Thread.sleep(200);
        }
        while (System.currentTimeMillis() - recorder.lastArrival(OUTPUT_TOPICS)
                < QUIET.toMillis()) {
            Thread.sleep(200);
        }
        int deadLetters =
                Topics.dataTopics().stream()
                        .mapToInt(t -> recorder.count(Topics.deadLettersOf(t.name()).name()))
                        .sum();
        return new RunOutputs(
                sorted(stats(recorder), UnaryOperator.identity()),
                sorted(
                        decode(recorder, Topics.TRACKS),
                        track -> TrackSummary.newBuilder(track).setTrackId("").build()),
                deadLetters);
    }

    static List<AudienceStats> stats(TopicRecorder recorder) {
        return decode(recorder, Topics.AUDIENCE_STATS);
    }

    /**
     * Frames whose results the inference job committed (read_committed), end of stream included.
     */
    static int framesProcessed(TopicRecorder recorder) {
        return recorder.count(Topics.FRAMES_PROCESSED.name());
    }

    private static <T> List<T> decode(TopicRecorder recorder, Topic<?, T> topic) {
        var deserializer = topic.valueSerde().deserializer();
        return recorder.records(topic.name()).stream()
                .map(r -> deserializer.deserialize(topic.name(), r.value()))
                .toList();
    }

    private static <T> List<String> sorted(List<T> records, UnaryOperator<T> normalise) {
        return records.stream()
                .map(normalise)
                .map(String::valueOf)
                .sorted(Comparator.naturalOrder())
                .toList();
    }
}
