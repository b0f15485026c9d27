package io.headcount.aggregation.counting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headcount.schemas.AttributeProbabilities;
import io.headcount.schemas.Box;
import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.FaceQuality;
import io.headcount.schemas.FrameProcessed;
import io.headcount.schemas.FusedAttribute;
import io.headcount.schemas.TrackSummary;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class WindowTallySerdeTest {

    private final WindowTallySerde serde = new WindowTallySerde();

    @Test
    void aTallyReadsBackAsWritten() {
        WindowTally tally =
                WindowTally.empty()
                        .plus(
                                WindowTally.of(
                                        observation(
                                                "default-2026.11",
                                                Map.of(
                                                        "detector",
                                                        "yunet-n@104ee26c",
                                                        "age-sex",
                                                        "v1"))))
                        .plus(
                                WindowTally.of(
                                        observation(
                                                "candidate-2026.12",
                                                Map.of("detector", "yunet-n@9f3b7d21"))))
                        .plus(
                                WindowTally.of(
                                        observation(
                                                "default-2026.11",
                                                Map.of("detector", "yunet-n@104ee26c"))))
                        .plus(WindowTally.of(frame("default-2026.11", false)))
                        .plus(WindowTally.of(frame("replay-2026.10", false)))
                        .plus(WindowTally.of(frame("default-2026.11", true)));

        WindowTally read = serde.deserialize("t", serde.serialize("t", tally));

        assertThat(read).isEqualTo(tally);
        assertThat(read.frames()).as("two frames; an end of stream is none").isEqualTo(2);
        assertThat(read.faceObservations()).isEqualTo(3);
        assertThat(read.modelSets())
                .containsExactly("candidate-2026.12", "default-2026.11", "replay-2026.10");
        assertThat(read.modelVersions().get("detector"))
                .containsExactly("yunet-n@104ee26c", "yunet-n@9f3b7d21");
        assertThat(read.modelVersions().get("age-sex")).containsExactly("v1");
    }

    @Test
    void theBytesDoNotDependOnArrivalOrder() {
        FaceObservation a = observation("a", Map.of("m", "1"));
        FaceObservation b = observation("b", Map.of("m", "2", "n", "1"));

        WindowTally frame = WindowTally.of(frame("c", false));

        assertThat(serde.serialize("t", WindowTally.of(a).plus(frame).plus(WindowTally.of(b))))
                .isEqualTo(
                        serde.serialize(
                                "t", WindowTally.of(b).plus(WindowTally.of(a)).plus(frame)));
    }

    @Test
    void onlyAnEndOfStreamLeavesATallyEmpty() {
        assertThat(WindowTally.of(frame("a", true)))
                .isEqualTo(WindowTally.empty())
                .matches(WindowTally::isEmpty);
        assertThat(WindowTally.of(frame("a", false)).isEmpty()).isFalse();
        assertThat(WindowTally.of(observation("a", Map.of())).isEmpty()).isFalse();
        assertThat(serde.deserialize("t", serde.serialize("t", WindowTally.empty())))
                .isEqualTo(WindowTally.empty());
    }

    @Test
    void anUnknownFormatOrTruncatedBytesAreRefused() {
        byte[] bytes = serde.serialize("t", WindowTally.of(observation("a", Map.of("m", "1"))));
        byte[] unknownFormat = bytes.clone();
        unknownFormat[0] = 9;

        assertThatThrownBy(() -> serde.deserialize("t", unknownFormat))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("format 9");
        assertThatThrownBy(() -> serde.deserialize("t", Arrays.copyOf(bytes, bytes.length - 2)))
                .isInstanceOf(SerializationException.class);
        assertThat(serde.deserialize("t", null)).isNull();
    }

    @Test
    void visitorsWithTheirBreakdownsAndTimesReadBackAndMerge() {
        WindowTally tally =
                WindowTally.of(visitor("female", "30-39", 4_000, 2_500))
                        .plus(WindowTally.of(observation("m", Map.of())))
                        .plus(WindowTally.of(visitor("undetermined", null, 1_000, 0)))
                        .plus(WindowTally.of(visitor("female", "undetermined", 9_000, 8_000)));

        WindowTally read = serde.deserialize("t", serde.serialize("t", tally));

        assertThat(read).isEqualTo(tally);
        assertThat(read.visitors()).isEqualTo(3);
        assertThat(read.faceObservations()).isEqualTo(1);
        assertThat(read.breakdowns().get("sex"))
                .containsExactly(Map.entry("female", 2L), Map.entry("undetermined", 1L));
        assertThat(read.breakdowns().get("age"))
                .as("a switched-off attribute (null) adds no cell")
                .containsExactly(Map.entry("30-39", 1L), Map.entry("undetermined", 1L));
        assertThat(read.dwellMillis()).containsExactly(1_000L, 4_000L, 9_000L);
        assertThat(read.attentionMillis()).containsExactly(0L, 2_500L, 8_000L);
    }

    @Test
    void aFormatOneTallyStillReadsAsOneWithoutVisitors() {
        byte[] formatOne = {
            1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 1, 0, 1, 'a', 0, 0, 0, 0
        };

        WindowTally read = serde.deserialize("t", formatOne);

        assertThat(read.frames()).isEqualTo(2);
        assertThat(read.faceObservations()).isEqualTo(3);
        assertThat(read.modelSets()).containsExactly("a");
        assertThat(read.visitors()).isZero();
        assertThat(read.breakdowns()).isEmpty();
    }

    private static TrackSummary visitor(String sex, String ageGroup, long dwell, long attention) {
        return TrackSummary.newBuilder()
                .setSite("s")
                .setCamera("c")
                .setTrackId("t")
                .setFirstSeen(Instant.parse("2026-03-02T10:00:00Z"))
                .setLastSeen(Instant.parse("2026-03-02T10:00:00Z").plusMillis(dwell))
                .setImpressions(10)
                .setImpressionsUsed(10)
                .setDwellMillis(dwell)
                .setAttentionMillis(attention)
                .setSex(new FusedAttribute(sex, 0.95f))
                .setAgeGroup(ageGroup == null ? null : new FusedAttribute(ageGroup, 0.92f))
                .setModelSet("m")
                .setModelVersions(Map.of())
                .build();
    }

    private static FrameProcessed frame(String modelSet, boolean endOfStream) {
        return FrameProcessed.newBuilder()
                .setSite("s")
                .setCamera("c")
                .setFrameTime(Instant.parse("2026-03-02T10:00:00Z"))
                .setFrameSequence(1)
                .setFaces(0)
                .setEndOfStream(endOfStream)
                .setModelSet(modelSet)
                .build();
    }

    private static FaceObservation observation(String modelSet, Map<String, String> versions) {
        return FaceObservation.newBuilder()
                .setSite("s")
                .setCamera("c")
                .setFrameTime(Instant.parse("2026-03-02T10:00:00Z"))
                .setFrameSequence(1)
                .setFacesInFrame(1)
                .setBox(new Box(0f, 0f, 40f, 40f))
                .setDetectionScore(0.9f)
                .setQuality(new FaceQuality(40f, null, null))
                .setAttributes(AttributeProbabilities.newBuilder().build())
                .setModelSet(modelSet)
                .setModelVersions(versions)
                .build();
    }
}
