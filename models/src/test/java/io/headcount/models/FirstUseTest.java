package io.headcount.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.core.Assets;
import io.headcount.core.FileDigests;
import io.headcount.testkit.SharedAssets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code run} and {@code demo} do on start when the models are already there. */
class FirstUseTest {

    @TempDir Path folder;

    @AfterEach
    void clearSetting() {
        System.clearProperty(Assets.Kind.MODELS.property());
    }

    @Test
    void aVerifiedDefaultSetIsUsedAsItIsWithoutAWord() throws IOException {
        for (CatalogEntry entry : ModelCatalog.shipped().defaultSet()) {
            Files.copy(SharedAssets.model(entry.file()), folder.resolve(entry.file()));
        }
        System.setProperty(Assets.Kind.MODELS.property(), folder.toString());
        List<String> said = new ArrayList<>();

        Path used = FirstUse.ensureDefaultModels(said::add);

        assertThat(used).isEqualTo(folder.toAbsolutePath().normalize());
        assertThat(said).isEmpty();
    }

    @Test
    void eachModelFileIsHashedOncePerProcessNotAgainByTheChecksAfterIt() throws IOException {
        List<CatalogEntry> defaults = ModelCatalog.shipped().defaultSet();
        Path shared = SharedAssets.model(defaults.get(0).file()).getParent();
        System.setProperty(Assets.Kind.MODELS.property(), shared.toString());

        FirstUse.ensureDefaultModels(line -> {});
        long hashed = FileDigests.bytesHashed();
        List<FileCheck> again = new ModelDirectory(shared).check(defaults);
        // What the inference job does at load: hash the bytes it hands to ONNX Runtime.
        for (CatalogEntry entry : defaults) {
            Path file = shared.resolve(entry.file());
            assertThat(FileDigests.sha256(file, Files.readAllBytes(file)))
                    .isEqualTo(entry.sha256());
        }

        assertThat(again).allMatch(FileCheck::ok);
        assertThat(FileDigests.bytesHashed()).isEqualTo(hashed);
    }

    @Test
    void aDamagedDefaultModelIsRepairedFromTheConfiguredSources() throws IOException {
        for (CatalogEntry entry : ModelCatalog.shipped().defaultSet()) {
            Files.copy(SharedAssets.model(entry.file()), folder.resolve(entry.file()));
        }
        // Only the converted expression model is damaged: repairing it needs the npm package,
        // never the upstream host (unreachable from some build machines).
        Path expression = folder.resolve("attr_expression7_faceapi_112x112.onnx");
        Files.write(expression, new byte[] {0});
        NpmPackageFixture.faceApi();
        System.setProperty(Assets.Kind.MODELS.property(), folder.toString());
        List<String> said = new ArrayList<>();

        FirstUse.ensureDefaultModels(said::add);

        assertThat(said.get(0)).startsWith("Some default models are missing in " + folder);
        assertThat(new ModelDirectory(folder).check(ModelCatalog.shipped().defaultSet()))
                .allMatch(FileCheck::ok);
    }
}
