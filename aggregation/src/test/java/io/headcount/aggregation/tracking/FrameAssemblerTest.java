package io.headcount.aggregation.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.aggregation.Frames;
import io.headcount.aggregation.Impressions;
import io.headcount.aggregation.ProcessorContexts;
import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.FrameProcessed;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The frame order alone, in a {@link MockProcessorContext} with an in-memory store and the real
 * serde: a frame goes on once complete, its observations before its processed-frame record, and
 * only after every earlier frame of its camera.
 */
class FrameAssemblerTest {

    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    private static final String SITE = "berlin";
    private static final String CAMERA = "entrance";

    /** Window 60 s + grace 5 s, as the app gives it. */
    private static final Duration END_OF_STREAM_LEAD = Duration.ofSeconds(65);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private MockProcessorContext<String, CameraInput> context;
    private KeyValueStore<String, PendingFrame> pending;
    private FrameAssembler assembler;

    @BeforeEach
    void open() {
        context = ProcessorContexts.create(registry);
        pending =
                ProcessorContexts.addStore(
                        context, "pending-frames", Serdes.String(), new PendingFrameSerde());
        assembler = new FrameAssembler("pending-frames", END_OF_STREAM_LEAD);
        assembler.init(context);
    }

    @Test
    void aCompleteFrameGoesOnAtOnceAndLeavesNothingWaiting() {
        FaceObservation face = face(CAMERA, "a", 40);
        process(face);
        assertThat(forwarded()).as("its processed frame has not arrived").isEmpty();
        FrameProcessed frame = Frames.of(SITE, CAMERA, T0.plusMillis(40), 1);
        process(frame);

        assertThat(forwarded())
                .containsExactly(
                        new Record<>(CAMERA, new CameraInput.Observation(face), millis(40)),
                        new Record<>(CAMERA, new CameraInput.Frame(frame), millis(40)));
        assertThat(waiting()).isEmpty();
    }

    @Test
    void aProcessedFrameArrivingFirstWaitsForItsFacesWhichThenGoFirst() {
        FrameProcessed frame = Frames.of(SITE, CAMERA, T0.plusMillis(40), 2);
        process(frame);
        FaceObservation first = face(CAMERA, "b", 40);
        process(first);
        assertThat(forwarded()).as("one face of two").isEmpty();
        assertThat(waiting()).hasSize(1);
        FaceObservation second = face(CAMERA, "a", 40);
        process(second);

        assertThat(values())
                .containsExactly(
                        new CameraInput.Observation(first),
                        new CameraInput.Observation(second),
                        new CameraInput.Frame(frame));
        assertThat(waiting()).isEmpty();
    }

    @Test
    void aCompleteFrameWaitsForAnEarlierIncompleteOneAndBothGoInFrameOrder() {
        FrameProcessed earlier = Frames.of(SITE, CAMERA, T0.plusMillis(40), 1);
        FrameProcessed later = Frames.of(SITE, CAMERA, T0.plusMillis(80), 0);
        process(earlier);
        process(later);
        FrameProcessed end = Frames.endOfStream(SITE, CAMERA, T0.plusMillis(120));
        process(end);
        assertThat(forwarded())
                .as("nobody in the later frames proves the face will not come")
                .isEmpty();
        assertThat(waiting()).hasSize(3);

        FaceObservation face = face(CAMERA, "a", 40);
        process(face);

        assertThat(forwarded())
                .containsExactly(
                        new Record<>(CAMERA, new CameraInput.Observation(face), millis(40)),
                        new Record<>(CAMERA, new CameraInput.Frame(earlier), millis(40)),
                        new Record<>(CAMERA, new CameraInput.Frame(later), millis(80)),
                        // An end of stream at its frame time plus the lead.
                        new Record<>(CAMERA, new CameraInput.Frame(end), millis(120 + 65_000)));
        assertThat(waiting()).isEmpty();
    }

    @Test
    void aLaterFrameCompleteFirstGoesOnWithoutWaitingForLaterOnes() {
        FrameProcessed later = Frames.of(SITE, CAMERA, T0.plusMillis(80), 1);
        process(later);
        FrameProcessed earlier = Frames.of(SITE, CAMERA, T0.plusMillis(40), 0);
        process(earlier);
        assertThat(values()).containsExactly(new CameraInput.Frame(earlier));
        assertThat(waiting()).hasSize(1);
    }

    @Test
    void oneCamerasWaitingFrameHoldsBackNoneOfAnotherCamerasFrames() {
        process(Frames.of(SITE, CAMERA, T0.plusMillis(40), 1));
        FaceObservation elsewhere = face("checkout", "c", 80);
        FrameProcessed checkout = Frames.of(SITE, "checkout", T0.plusMillis(80), 1);
        process(elsewhere);
        process(checkout);

        assertThat(forwarded())
                .containsExactly(
                        new Record<>(
                                "checkout", new CameraInput.Observation(elsewhere), millis(80)),
                        new Record<>("checkout", new CameraInput.Frame(checkout), millis(80)));
        assertThat(waiting()).as("the entrance's frame still waits").hasSize(1);
    }

    private void process(FaceObservation observation) {
        assembler.process(
                new Record<>(
                        observation.getCamera(),
                        new CameraInput.Observation(observation),
                        observation.getFrameTime().toEpochMilli()));
    }

    /** With the record timestamp the app's extractor gives, as the assembler gets it. */
    private void process(FrameProcessed frame) {
        long time = frame.getFrameTime().toEpochMilli();
        assembler.process(
                new Record<>(
                        frame.getCamera(),
                        new CameraInput.Frame(frame),
                        frame.getEndOfStream() ? time + END_OF_STREAM_LEAD.toMillis() : time));
    }

    private static FaceObservation face(String camera, String trackId, long millis) {
        return Impressions.at(SITE, camera).of(trackId, T0.plusMillis(millis));
    }

    private List<Record<String, CameraInput>> forwarded() {
        // Each released frame is one record; its records, each at its own event time.
        return context.forwarded().stream()
                .map(captured -> captured.record())
                .flatMap(
                        r ->
                                ((CameraInput.WholeFrame) r.value())
                                        .inputs().stream()
                                                .map(
                                                        timed ->
                                                                new Record<String, CameraInput>(
                                                                        r.key(),
                                                                        timed.input(),
                                                                        timed.eventTime())))
                .toList();
    }

    private List<CameraInput> values() {
        return forwarded().stream().map(Record::value).toList();
    }

    private List<KeyValue<String, PendingFrame>> waiting() {
        try (KeyValueIterator<String, PendingFrame> all = pending.all()) {
            List<KeyValue<String, PendingFrame>> frames = new java.util.ArrayList<>();
            all.forEachRemaining(frames::add);
            return frames;
        }
    }

    private static long millis(long sinceT0) {
        return T0.toEpochMilli() + sinceT0;
    }
}
