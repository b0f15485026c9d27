package io.headcount.inference.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.inference.records.DecodedFrame;
import io.headcount.inference.records.ModelInputs;
import io.headcount.inference.records.RawRecord;
import io.headcount.inference.testing.CollectingSink;
import io.headcount.inference.testing.TestFrames;
import io.headcount.schemas.DeadLetter;
import io.headcount.testkit.SharedAssets;
import io.headcount.vision.attributes.AttributeSettings;
import io.headcount.vision.attributes.MaskHead;
import io.headcount.vision.detect.DetectorSettings;
import io.headcount.vision.detect.YuNetModel;
import io.headcount.vision.frame.BgrImage;
import io.headcount.vision.frame.FrameDecoder;
import io.headcount.vision.models.ModelManifest;
import io.headcount.vision.testing.TestImages;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * {@code prepare-frame} (decoding on its own thread, ordered async I/O) chained to {@code
 * decode-frame}, as the job wires them, on a local cluster: frames of real faces of several sizes
 * mixed with bad records come out in input order, with the pixels a direct decode gives and the
 * model inputs (letterbox, mask detections) made from those pixels, and every bad record is a dead
 * letter with its reason. Nothing is lost or reordered by decoding ahead.
 */
class PrepareFrameChainIT {

    @Test
    void decodesAheadInInputOrderAndDeadLettersEveryBadRecord() throws Exception {
        List<Path> faces = TestImages.adultFaces(6);
        List<RawRecord> records = new ArrayList<>();
        List<Long> goodSequences = new ArrayList<>();
        List<BgrImage> expectedImages = new ArrayList<>();
        List<String> expectedReasons = new ArrayList<>();
        int[][] sizes = {{1280, 720}, {640, 360}, {960, 540}};
        for (int i = 0; i < 24; i++) {
            long offset = records.size();
            if (i % 5 == 3) {
                // Every fifth record is bad: truncated JPEG or garbage bytes.
                byte[] good = TestImages.jpeg(TestImages.greyFrame(320, 240));
                byte[] value =
                        i % 2 == 0
                                ? TestFrames.encode(
                                        TestFrames.event(
                                                "cam-1",
                                                i,
                                                java.util.Arrays.copyOf(good, good.length / 2),
                                                320,
                                                240))
                                : new byte[] {1, 2, 3};
                records.add(TestFrames.record(offset, "cam-1", value));
                expectedReasons.add(i % 2 == 0 ? "CORRUPT_JPEG" : "NOT_SINGLE_OBJECT");
                continue;
            }
            int[] size = sizes[i % sizes.length];
            BgrImage face = TestImages.read(faces.get(i % faces.size()));
            BgrImage frame =
                    TestImages.paste(
                            TestImages.greyFrame(size[0], size[1]),
                            face,
                            (i * 37) % (size[0] - face.width()),
                            (i * 23) % (size[1] - face.height()));
            byte[] jpeg = TestImages.jpeg(frame);
            records.add(
                    TestFrames.record(
                            offset,
                            "cam-1",
                            TestFrames.encode(
                                    TestFrames.event("cam-1", i, jpeg, size[0], size[1]))));
            goodSequences.add((long) i);
            expectedImages.add(new FrameDecoder().decode(jpeg));
        }

        String models = SharedAssets.model(YuNetModel.SPEC.fileName()).getParent().toString();
        AttributeSettings attributes = AttributeSettings.defaults(ModelManifest.defaults(), models);
        ModelInputPreparation preparation =
                ModelInputPreparation.of(DetectorSettings.yunet(models), attributes);
        Configuration config = new Configuration();
        config.set(PipelineOptions.OBJECT_REUSE, true);
        config.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.setParallelism(1);
        CollectingSink<DecodedFrame> decoded = new CollectingSink<>(frame -> frame);
        CollectingSink<DeadLetter> deadLetters =
                new CollectingSink<>(letter -> DeadLetter.newBuilder(letter).build());
        SingleOutputStreamOperator<DecodedFrame> frames =
                AsyncDataStream.orderedWait(
                                env.fromSource(
                                        new DataGeneratorSource<>(
                                                new RecordAt(records),
                                                records.size(),
                                                TypeInformation.of(RawRecord.class)),
                                        WatermarkStrategy.noWatermarks(),
                                        "frames"),
                                new PrepareFrameFunction(
                                        new FrameDecoding(
                                                FrameDecoder.DEFAULT_MAX_PIXELS,
                                                CaptureTimeRule.defaults(),
                                                CameraRateLimit.defaults(),
                                                preparation)),
                                60,
                                TimeUnit.SECONDS,
                                3)
                        .process(new DecodeFrameFunction());
        frames.sinkTo(decoded);
        frames.getSideOutput(DecodeFrameFunction.DEAD_LETTERS).sinkTo(deadLetters);
        env.execute("prepare-frame chain");

        List<DecodedFrame> out = new ArrayList<>(decoded.results());
        assertThat(out)
                .extracting(f -> f.frame().sequence())
                .containsExactlyElementsOf(goodSequences);
        try (MaskHead maskHead =
                MaskHead.open(attributes.manifest().model(MaskHead.ROLE), attributes)) {
            for (int i = 0; i < out.size(); i++) {
                BgrImage image = expectedImages.get(i);
                assertThat(out.get(i).image()).isEqualTo(image);
                // Each frame's model inputs are made from that frame, whatever was decoded after
                // it.
                ModelInputs inputs = out.get(i).prepared();
                assertThat(inputs.detector().data())
                        .isEqualTo(preparation.detector().apply(image).data());
                // Null where a run ahead on the camera's frame before found no face (MaskAhead).
                if (inputs.masks() != null) {
                    assertThat(inputs.masks().asList()).isEqualTo(maskHead.detect(image).asList());
                }
            }
            // Small faces in large frames escape the mask detector, so both cases occur here.
            assertThat(out)
                    .as("frames where the mask detector ran ahead and found the pasted face")
                    .filteredOn(
                            frame ->
                                    frame.prepared().masks() != null
                                            && frame.prepared().masks().detections().length > 0)
                    .isNotEmpty();
            assertThat(out)
                    .as("frames left out after a run ahead found no face")
                    .anySatisfy(frame -> assertThat(frame.prepared().masks()).isNull());
        }
        assertThat(deadLetters.results())
                .extracting(DeadLetter::getReason)
                .containsExactlyElementsOf(expectedReasons);
        assertThat(deadLetters.results())
                .allSatisfy(
                        letter ->
                                assertThat(letter.getStage()).isEqualTo(DecodeFrameFunction.STAGE));
    }

    /** Serves a fixed list of records in order. */
    private record RecordAt(ArrayList<RawRecord> records)
            implements GeneratorFunction<Long, RawRecord> {
        RecordAt(List<RawRecord> records) {
            this(new ArrayList<>(records));
        }

        @Override
        public RawRecord map(Long index) {
            return records.get(index.intValue());
        }
    }
}
