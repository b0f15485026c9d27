package io.headcount.vision.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import io.headcount.testkit.SharedAssets;
import io.headcount.vision.detect.YuNetModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxModelTest {

    private static final String ULTRAFACE_FILE = "det_ultraface_rfb_320x240.onnx";
    private static final String ULTRAFACE_SHA256 =
            "34cd7e60aeff28744c657de7a3dc64e872d506741de66987f3426f2b79f88017";

    private final Path models = SharedAssets.model(YuNetModel.SPEC.fileName()).getParent();

    @Test
    void loadsYuNetAndRunsItOnAnEmptyCanvas() {
        try (OnnxModel model = OnnxModel.load(YuNetModel.SPEC, models, OnnxSettings.defaults())) {
            Map<String, float[]> outputs =
                    model.run(YuNetModel.INPUT, new float[3 * 64 * 96], new long[] {1, 3, 64, 96});

            assertThat(outputs.keySet()).containsExactlyElementsOf(YuNetModel.SPEC.outputs());
            // 64x96 input: 8x12 cells at stride 8, 4x6 at 16, 2x3 at 32.
            assertThat(outputs.get("cls_8")).hasSize(96);
            assertThat(outputs.get("bbox_16")).hasSize(4 * 24);
            assertThat(outputs.get("kps_32")).hasSize(10 * 6);
            assertThat(model.spec().version()).isEqualTo("yunet-n@104ee26c71d5");
        }
    }

    @Test
    void refusesAFileWhoseChecksumDiffers(@TempDir Path folder) throws Exception {
        byte[] bytes = Files.readAllBytes(models.resolve(YuNetModel.SPEC.fileName()));
        bytes[bytes.length - 1] ^= 1;
        Files.write(folder.resolve(YuNetModel.SPEC.fileName()), bytes);

        assertThatThrownBy(() -> OnnxModel.load(YuNetModel.SPEC, folder, OnnxSettings.defaults()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("SHA-256")
                .hasMessageContaining(YuNetModel.SPEC.sha256());
    }

    @Test
    void refusesAMissingFileNamingWhereItLooked(@TempDir Path folder) {
        assertThatThrownBy(() -> OnnxModel.load(YuNetModel.SPEC, folder, OnnxSettings.defaults()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("not found")
                .hasMessageContaining(folder.resolve(YuNetModel.SPEC.fileName()).toString());
    }

    @Test
    void refusesAnotherDetectorUnderTheYuNetContract() {
        SharedAssets.model(ULTRAFACE_FILE);
        ModelSpec ultraFaceAsYuNet =
                new ModelSpec(
                        "ultraface",
                        ULTRAFACE_FILE,
                        ULTRAFACE_SHA256,
                        List.of("input"),
                        YuNetModel.SPEC.outputs());

        assertThatThrownBy(() -> OnnxModel.load(ultraFaceAsYuNet, models, OnnxSettings.defaults()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("lacks outputs")
                .hasMessageContaining("cls_8");
    }

    @Test
    void refusesAModelWhoseInputIsNotTheOneTheJobFeeds() {
        ModelSpec renamedInput =
                new ModelSpec(
                        "yunet-n",
                        YuNetModel.SPEC.fileName(),
                        YuNetModel.SPEC.sha256(),
                        List.of("images"),
                        YuNetModel.SPEC.outputs());

        assertThatThrownBy(() -> OnnxModel.load(renamedInput, models, OnnxSettings.defaults()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("has inputs [input]")
                .hasMessageContaining("[images]");
    }

    @Test
    void refusesAModelWithoutAnOutputTheJobReads() {
        List<String> outputs = new ArrayList<>(YuNetModel.SPEC.outputs());
        outputs.add("landmarks_64");
        ModelSpec extraOutput =
                new ModelSpec(
                        "yunet-n",
                        YuNetModel.SPEC.fileName(),
                        YuNetModel.SPEC.sha256(),
                        YuNetModel.SPEC.inputs(),
                        outputs);

        assertThatThrownBy(() -> OnnxModel.load(extraOutput, models, OnnxSettings.defaults()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("lacks outputs [landmarks_64]");
    }

    @Test
    void closeIsIdempotentAndAClosedModelRefusesToRun() {
        OnnxModel model =
                OnnxModel.load(
                        YuNetModel.SPEC, models, OnnxSettings.defaults().withIntraOpThreads(2));
        model.close();
        model.close();

        assertThatThrownBy(
                        () ->
                                model.run(
                                        YuNetModel.INPUT,
                                        new float[3 * 32 * 32],
                                        new long[] {1, 3, 32, 32}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void cudaWhereItIsNotAvailableFailsNamingTheFix() {
        // This build machine has no GPU. With the CPU-only ORT jar the message points at -Pgpu;
        // with
        // the GPU jar (-Pgpu) the provider does not start and the message names what it needs.
        OnnxSettings cuda =
                OnnxSettings.defaults()
                        .withExecutionProvider(OnnxSettings.ExecutionProvider.CUDA, 0);
        boolean gpuJar = OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
        assertThatThrownBy(() -> OnnxModel.load(YuNetModel.SPEC, models, cuda))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("onnx.execution-provider=cuda")
                .hasMessageContaining(gpuJar ? "did not start on device 0" : "-Pgpu");
        if (!gpuJar) {
            assertThatThrownBy(OnnxModel::checkCudaProvider)
                    .isInstanceOf(ModelLoadException.class)
                    .hasMessageContaining("no CUDA provider");
        }
    }
}
