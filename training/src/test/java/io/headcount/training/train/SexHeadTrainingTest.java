package io.headcount.training.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnx.proto.OnnxMl;
import io.headcount.testkit.SharedAssets;
import io.headcount.vision.attributes.SexHead;
import io.headcount.vision.eval.Evaluation;
import io.headcount.vision.models.ModelEntry;
import io.headcount.vision.models.ModelManifest;
import io.headcount.vision.onnx.OnnxModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sex head the default model set ships is the project's own output: {@code train-head
 * --backbone faceres} with the seed of its model card, on the same shared data, trains it again
 * (extraction of the training and validation sets, a few minutes on 2 cores).
 */
class SexHeadTrainingTest {

    /** The seed the committed head was trained with (its model card, train-head's default). */
    private static final long SEED = 20261128L;

    @TempDir Path work;

    @Test
    void trainHeadWithTheSameSeedAndDataReproducesTheShippedHead() throws IOException {
        Path models = SharedAssets.model("attr_sexage_faceres_224x224.onnx").getParent();
        Path data = SharedAssets.data("faces-sex/utkface_crop_part1").getParent().getParent();
        SexHeadTraining.Result result =
                new SexHeadTraining(
                                new SexHeadTraining.Options(
                                        data,
                                        models,
                                        data.resolve("mask-templates/maskthface"),
                                        work.resolve("out"),
                                        work.resolve("cache"),
                                        SEED,
                                        Evaluation.DEFAULT_PADDING,
                                        SexHead.CROP_MARGIN,
                                        1,
                                        false))
                        .run(line -> {});

        ModelEntry shipped = ModelManifest.defaults().model("sex-head");
        byte[] expected = resource(shipped.spec().fileName());
        byte[] actual = Files.readAllBytes(result.head());
        List<Float> expectedWeights = initializers(expected);
        List<Float> actualWeights = initializers(actual);
        assertThat(actualWeights).hasSameSizeAs(expectedWeights).hasSize(2 * 256 + 2);
        for (int i = 0; i < expectedWeights.size(); i++) {
            assertThat(actualWeights.get(i))
                    .as("weight %d", i)
                    .isCloseTo(expectedWeights.get(i), within(1e-6f));
        }
        assertThat(result.report().get("lambda")).isEqualTo(0.01);
    }

    private static byte[] resource(String file) throws IOException {
        assertThat(file).startsWith(OnnxModel.CLASSPATH);
        try (InputStream in =
                SexHeadTrainingTest.class
                        .getClassLoader()
                        .getResourceAsStream(file.substring(OnnxModel.CLASSPATH.length()))) {
            assertThat(in).as(file).isNotNull();
            return in.readAllBytes();
        }
    }

    /** Every float of the model's initializers (weights, then bias), in order. */
    private static List<Float> initializers(byte[] model) throws IOException {
        List<Float> values = new ArrayList<>();
        for (OnnxMl.TensorProto tensor :
                OnnxMl.ModelProto.parseFrom(model).getGraph().getInitializerList()) {
            if (!tensor.getRawData().isEmpty()) {
                ByteBuffer raw =
                        ByteBuffer.wrap(tensor.getRawData().toByteArray())
                                .order(ByteOrder.LITTLE_ENDIAN);
                while (raw.remaining() >= Float.BYTES) {
                    values.add(raw.getFloat());
                }
            } else {
                values.addAll(tensor.getFloatDataList());
            }
        }
        return values;
    }
}
