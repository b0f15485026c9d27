package io.headcount.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.core.FileDigests;
import io.headcount.testkit.SharedAssets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code models verify} and {@code models list} see in a folder. */
class ModelDirectoryTest {

    private static final CatalogEntry YUNET =
            ModelCatalog.shipped().entry("det_yunet_n_dynamic.onnx");

    @TempDir Path folder;

    @Test
    void theSharedModelsMatchTheCatalog() {
        ModelDirectory shared = new ModelDirectory(SharedAssets.model(YUNET.file()).getParent());

        assertThat(shared.check(ModelCatalog.shipped().models()))
                .allSatisfy(check -> assertThat(check.problem()).isEqualTo("ok"));
    }

    @Test
    void aFlippedBitIsAChecksumMismatchNamingBothDigests() throws IOException {
        byte[] bytes = Files.readAllBytes(SharedAssets.model(YUNET.file()));
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(folder.resolve(YUNET.file()), bytes);

        FileCheck check = new ModelDirectory(folder).check(YUNET);

        assertThat(check.status()).isEqualTo(FileCheck.Status.CORRUPT);
        assertThat(check.actualSha256()).isEqualTo(FileDigests.sha256(bytes));
        assertThat(check.problem())
                .contains(folder.resolve(YUNET.file()).toString())
                .contains("is corrupted or another version")
                .contains("expected " + YUNET.sha256());
    }

    @Test
    void aTruncatedFileIsTheWrongSize() throws IOException {
        Files.copy(SharedAssets.model(YUNET.file()), folder.resolve(YUNET.file()));
        try (var channel =
                Files.newByteChannel(folder.resolve(YUNET.file()), StandardOpenOption.WRITE)) {
            channel.truncate(1000);
        }

        FileCheck check = new ModelDirectory(folder).check(YUNET);

        assertThat(check.status()).isEqualTo(FileCheck.Status.WRONG_SIZE);
        assertThat(check.problem()).contains("has 1000 bytes, expected 322906");
    }

    @Test
    void anAbsentFileIsMissing() {
        FileCheck check = new ModelDirectory(folder).check(YUNET);

        assertThat(check.status()).isEqualTo(FileCheck.Status.MISSING);
        assertThat(check.problem()).endsWith("det_yunet_n_dynamic.onnx is missing");
    }
}
