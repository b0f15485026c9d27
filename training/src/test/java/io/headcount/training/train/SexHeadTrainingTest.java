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
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sex and age-group heads the default model set ships are the project's own output: {@code
 * train-head --backbone faceres} with the seed of their model cards, on the same shared data,
 * trains them again (extraction of the training and validation sets, a few minutes on 2 cores).
 */
class SexHeadTrainingTest {

    /** The seed the committed head was trained with (its model card, train-head's default). */
    private static final long SEED = 20261128L;

    @TempDir Path work;

    @Test
    void trainHeadWithTheSameSeedAndDataReproducesTheShippedHeads() throws IOException {
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

        assertSameWeights("sex-head", result.head(), 2 * 256 + 2);
        assertThat(result.report().get("lambda")).isEqualTo(0.001);
        assertSameWeights("age-head", result.ageHead(), 7 * 256 + 7);
        @SuppressWarnings("unchecked")
        Map<String, Object> age = (Map<String, Object>) result.report().get("age_head");
        assertThat(age.get("lambda")).isEqualTo(0.1);
    }

    private static void assertSameWeights(String role, Path trained, int count) throws IOException {
        ModelEntry shipped = ModelManifest.defaults().model(role);
        List<Float> expectedWeights = initializers(resource(shipped.spec().fileName()));
        List<Float> actualWeights = initializers(Files.readAllBytes(trained));
        assertThat(actualWeights).hasSameSizeAs(expectedWeights).hasSize(count);
        for (int i = 0; i < expectedWeights.size(); i++) {
            assertThat(actualWeights.get(i))
                    .as("%s weight %d", role, i)
                    .isCloseTo(expectedWeights.get(i), within(1e-6f));
        }
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
