package io.headcount.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDigestsTest {

    @TempDir Path folder;

    @Test
    void aSettledFileIsReadOnceAndTheBytesAJobLoadsReuseTheDigest() throws Exception {
        Path model = Assets.fromEnvironment().models().resolve("det_yunet_n_dynamic.onnx");
        assumeTrue(Files.isRegularFile(model), "no shared models at " + model);
        byte[] content = Files.readAllBytes(model);

        String first = FileDigests.sha256(model);
        long hashed = FileDigests.bytesHashed();
        String again = FileDigests.sha256(model);
        String ofLoadedBytes = FileDigests.sha256(model, content);

        assertThat(first).isEqualTo(sha256(content));
        assertThat(again).isEqualTo(first);
        assertThat(ofLoadedBytes).isEqualTo(first);
        assertThat(FileDigests.bytesHashed()).isEqualTo(hashed);
    }

    @Test
    void aFileJustWrittenIsHashedEachTimeAndAnotherVersionGetsItsOwnDigest() throws Exception {
        Path file = folder.resolve("model.onnx");
        Files.write(file, new byte[] {1, 2, 3, 4});
        String first = FileDigests.sha256(file);
        long hashed = FileDigests.bytesHashed();

        assertThat(FileDigests.sha256(file)).isEqualTo(first);
        assertThat(FileDigests.bytesHashed()).isEqualTo(hashed + 4);

        Files.write(file, new byte[] {1, 2, 3, 5});
        assertThat(FileDigests.sha256(file)).isEqualTo(sha256(new byte[] {1, 2, 3, 5}));
    }

    @Test
    void aSettledFileRewrittenInPlaceWithItsSizeAndModificationTimeIsHashedAnew() throws Exception {
        Path file = folder.resolve("model.onnx");
        Files.write(file, new byte[] {1, 2, 3, 4});
        Thread.sleep(FileDigests.RACY_WINDOW.toMillis() + 100);
        var modified = Files.getLastModifiedTime(file);
        String first = FileDigests.sha256(file);
        long hashed = FileDigests.bytesHashed();
        assertThat(FileDigests.sha256(file)).isEqualTo(first);
        assertThat(FileDigests.bytesHashed()).as("remembered once settled").isEqualTo(hashed);

        Files.write(file, new byte[] {9, 9, 9, 9});
        Files.setLastModifiedTime(file, modified);

        assertThat(FileDigests.sha256(file)).isEqualTo(sha256(new byte[] {9, 9, 9, 9}));
        assertThat(FileDigests.sha256(file, new byte[] {9, 9, 9, 9}))
                .isEqualTo(sha256(new byte[] {9, 9, 9, 9}));
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
