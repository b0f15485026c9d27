package io.headcount.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headcount.core.Assets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class SharedAssetsTest {

    private static final SharedAssets OUTSIDE_CI =
            SharedAssets.using(Assets.fromEnvironment(), Map.<String, String>of()::get);
    private static final SharedAssets IN_CI =
            SharedAssets.using(Assets.fromEnvironment(), Map.of("CI", "true")::get);

    @Test
    void findsTheDetectorModel() throws Exception {
        Path model = SharedAssets.model("det_yunet_n_dynamic.onnx");

        assertThat(model).isRegularFile().isAbsolute();
        assertThat(model.getFileName()).hasToString("det_yunet_n_dynamic.onnx");
        assertThat(Files.size(model)).isGreaterThan(10_000);
    }

    @Test
    void findsTheFaceManifestUnderTheDataFolder() throws Exception {
        Path manifest = SharedAssets.data("faces-sex/utkface_crop_part1/manifest.csv");

        List<String> lines = Files.readAllLines(manifest);
        assertThat(lines.get(0)).startsWith("file,sex,age");
        assertThat(lines).hasSizeGreaterThan(100);
        assertThat(
                        manifest.getParent()
                                .resolve(
                                        lines.get(1)
                                                .split(",")[0]
                                                .substring(
                                                        "faces-sex/utkface_crop_part1/".length())))
                .isRegularFile();
    }

    @Test
    void findsFolders() {
        assertThat(SharedAssets.data("faces-sex/utkface_crop_part1")).isDirectory();
    }

    @Test
    void aMissingFileAbortsTheTestOutsideCi() {
        assertThat(OUTSIDE_CI.runsInCi()).isFalse();
        assertThatThrownBy(() -> OUTSIDE_CI.requireModel("no-such-model.onnx"))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("no-such-model.onnx")
                .hasMessageContaining("HEADCOUNT_MODELS")
                .hasMessageContaining("skipped");
    }

    @Test
    void aMissingFileFailsTheTestInCi() {
        assertThat(IN_CI.runsInCi()).isTrue();
        assertThatThrownBy(() -> IN_CI.requireData("faces-sex/no-such-folder/manifest.csv"))
                .isInstanceOf(AssertionFailedError.class)
                .isNotInstanceOf(TestAbortedException.class)
                .hasMessageContaining("faces-sex/no-such-folder/manifest.csv")
                .hasMessageContaining("-Dheadcount.data=DIR")
                .hasMessageContaining("HEADCOUNT_DATA")
                .hasMessageContaining("CI=true");
    }

    @Test
    void presentFilesAreFoundInCiToo() {
        assertThat(IN_CI.requireModel("det_yunet_n_dynamic.onnx")).isRegularFile();
    }

    @Test
    void onlyTheValueTrueMeansCi() {
        assertThat(
                        SharedAssets.using(Assets.fromEnvironment(), Map.of("CI", "false")::get)
                                .runsInCi())
                .isFalse();
        assertThat(
                        SharedAssets.using(Assets.fromEnvironment(), Map.of("CI", "TRUE")::get)
                                .runsInCi())
                .isTrue();
    }
}
