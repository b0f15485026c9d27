package io.headcount.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.testkit.SharedAssets;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code headcount models list|verify|pull} on real model folders. */
class ModelsCommandTest {

    private static final List<String> DEFAULT_FILES =
            List.of(
                    "det_yunet_n_dynamic.onnx",
                    "attr_agegender_faceapi_112x112.onnx",
                    "attr_expression7_faceapi_112x112.onnx",
                    "attr_sexage_faceres_224x224.onnx",
                    "det_ultraface_mask3cls_rfb_640x480.onnx");

    @TempDir Path folder;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void listShowsNameVersionFileSizeChecksumAndStatus() {
        int exit = run("list", "--dir", shared().toString());

        assertThat(exit).as("stderr: %s", err).isZero();
        assertThat(out.toString())
                .contains("NAME", "VERSION", "FILE", "SIZE", "SHA256", "STATUS")
                .containsPattern(
                        "yunet-n +libfacedetection.train-02246e7 +det_yunet_n_dynamic.onnx +322906"
                                + " +104ee26c71d5c270ce79a6b3dced91c91013260d29a6bf18f9296c5b8c4c2b12 +ok");
        assertThat(out.toString().lines().filter(line -> line.endsWith(" ok"))).hasSize(5);
    }

    @Test
    void listMarksMissingFiles() {
        run("list", "--dir", folder.toString(), "--all");

        assertThat(out.toString().lines().filter(line -> line.endsWith(" missing"))).hasSize(10);
    }

    @Test
    void verifyPassesOnTheSharedModels() {
        int exit = run("verify", "--dir", shared().toString(), "--all");

        assertThat(exit).as("stderr: %s", err).isZero();
        assertThat(out.toString()).contains("All 10 model files in");
    }

    @Test
    void verifyFailsWithAClearMessageOnACorruptedFile() throws IOException {
        copyDefaults();
        Path corrupted = folder.resolve("attr_expression7_faceapi_112x112.onnx");
        byte[] bytes = Files.readAllBytes(corrupted);
        bytes[4096] ^= 0x7f;
        Files.write(corrupted, bytes);

        int exit = run("verify", "--dir", folder.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString())
                .contains("FAILED  " + corrupted + " is corrupted or another version: SHA-256 ")
                .contains(
                        "expected 993a1a08de91198da285b51aef5da303be2015867359b8de195714beefc99926")
                .contains("1 of 5 model files in " + folder + " failed verification")
                .contains("headcount models pull");
        assertThat(out.toString()).contains("ok      det_yunet_n_dynamic.onnx");
    }

    @Test
    void pullFromALocalFolderRepairsACorruptedFileOffline() throws IOException {
        copyDefaults();
        Files.write(folder.resolve("det_yunet_n_dynamic.onnx"), new byte[] {1, 2, 3});

        int exit = run("pull", "--dir", folder.toString(), "--from", shared().toString());

        assertThat(exit).as("stderr: %s", err).isZero();
        assertThat(out.toString())
                .contains(
                        "replacing " + folder.resolve("det_yunet_n_dynamic.onnx") + " has 3 bytes")
                .contains("copying det_yunet_n_dynamic.onnx from " + shared())
                .contains("5 model files ready");
        assertThat(run("verify", "--dir", folder.toString())).isZero();
    }

    @Test
    void pullFailsWithTheReasonWhenTheUpstreamHostCannotBeReached() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        copyDefaults();
        Files.delete(folder.resolve("det_yunet_n_dynamic.onnx"));

        int exit =
                run(
                        "pull",
                        "--dir",
                        folder.toString(),
                        "--mirror",
                        "http://127.0.0.1:" + closedPort + "/");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString())
                .contains("1 model file(s) could not be provided in " + folder)
                .contains("det_yunet_n_dynamic.onnx: cannot reach 127.0.0.1");
        assertThat(folder.resolve("det_yunet_n_dynamic.onnx")).doesNotExist();
    }

    private int run(String... args) {
        return new CommandLine(new ModelsCommand())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
    }

    private void copyDefaults() throws IOException {
        for (String file : DEFAULT_FILES) {
            Files.copy(shared().resolve(file), folder.resolve(file));
        }
    }

    private static Path shared() {
        return SharedAssets.model("det_yunet_n_dynamic.onnx").getParent();
    }
}
