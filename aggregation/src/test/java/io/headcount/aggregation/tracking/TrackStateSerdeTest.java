package io.headcount.aggregation.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headcount.core.attributes.Attribute;
import io.headcount.schemas.AttributeProbabilities;
import io.headcount.schemas.Box;
import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.FaceQuality;
import io.headcount.schemas.TrackSummary;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class TrackStateSerdeTest {

    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

    private final TrackStateSerde serde = new TrackStateSerde();

    @Test
    void aTrackReadBackFromTheStoreSummarizesAsTheOriginal() {
        FusionRules rules = new FusionRules(0.9, 25, Map.of("paris", Set.of(Attribute.EXPRESSION)));
        TrackState track = TrackState.start("paris", "hall/2", "t%1", 2, T0.toEpochMilli());
        track.add(observation(0, 0.9f, 10f), T0.toEpochMilli(), rules);
        track.add(observation(400, 0.8f, 40f), T0.toEpochMilli() + 400, rules);
        track.add(observation(900, 0.95f, 3f), T0.toEpochMilli() + 900, rules);

        TrackState read = serde.deserialize("t", serde.serialize("t", track));
        TrackSummary summary = read.summarize(rules);

        assertThat(summary).isEqualTo(track.summarize(rules));
        assertThat(summary.getTrackId()).isEqualTo("t%1#2");
        assertThat(read.summaryKey()).isEqualTo("hall%2F2/t%251#2");
        assertThat(summary.getImpressions()).isEqualTo(3);
        assertThat(summary.getAttentionMillis())
                .as("400-900 ms: the 40° face in between breaks attention")
                .isZero();
        assertThat(summary.getExpression()).as("switched off at this site").isNull();
        assertThat(summary.getModelSet()).isEqualTo("m");
    }

    @Test
    void aTrackWrittenBeforeTheEvidenceWeightWasKeptReadsWithItsSumUncapped() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(TrackStateSerde.FORMAT_V1);
            out.writeUTF("paris");
            out.writeUTF("hall/2");
            out.writeUTF("t");
            out.writeInt(0); // segment
            out.writeLong(T0.toEpochMilli());
            out.writeLong(T0.toEpochMilli() + 900);
            out.writeInt(3); // impressions
            out.writeInt(3); // used
            out.writeBoolean(true);
            out.writeLong(0); // attention
            out.writeDouble(3 * Math.log(4)); // female: three impressions at p = 0.8
            out.writeDouble(0); // age groups: no weight, no label
            out.writeInt(0);
            out.writeDouble(0); // masked
            out.writeDouble(0); // expressions
            out.writeInt(0);
            out.writeInt(0); // model sets
            out.writeInt(0); // model versions
        }

        TrackState read = serde.deserialize("t", bytes.toByteArray());

        // Odds 4³ = 64 as V1 fused them: p = 64/65.
        assertThat(read.female.weight()).isZero();
        BinaryEvidenceTest.assertFused(
                read.summarize(FusionRules.defaults()).getSex(), "female", 64.0 / 65);
        assertThat(serde.serialize("t", read)[0]).isEqualTo(TrackStateSerde.FORMAT_V2);
    }

    @Test
    void truncatedOrUnknownBytesAreRefused() {
        TrackState track = TrackState.start("s", "c", "t", 0, 0);
        byte[] bytes = serde.serialize("t", track);
        byte[] unknown = bytes.clone();
        unknown[0] = 7;
        assertThatThrownBy(() -> serde.deserialize("t", unknown))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> serde.deserialize("t", Arrays.copyOf(bytes, bytes.length - 3)))
                .isInstanceOf(SerializationException.class);
    }

    private static FaceObservation observation(long millis, float female, float yaw) {
        return FaceObservation.newBuilder()
                .setSite("paris")
                .setCamera("hall/2")
                .setFrameTime(T0.plusMillis(millis))
                .setFrameSequence(millis / 40)
                .setFacesInFrame(1)
                .setTrackId("t%1")
                .setBox(new Box(0f, 0f, 64f, 64f))
                .setDetectionScore(0.9f)
                .setQuality(new FaceQuality(64f, 120f, yaw))
                .setAttributes(
                        AttributeProbabilities.newBuilder()
                                .setFemale(female)
                                .setAgeGroups(Map.of("20-29", 0.7f, "30-39", 0.3f))
                                .setMasked(null)
                                .setExpressions(Map.of("happy", 0.9f))
                                .build())
                .setModelSet("m")
                .setModelVersions(Map.of("detector", "v1"))
                .build();
    }
}
