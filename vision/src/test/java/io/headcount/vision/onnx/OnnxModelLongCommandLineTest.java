package io.headcount.vision.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.testkit.SharedAssets;
import io.headcount.vision.detect.YuNetModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * ORT 1.29 crashes the JVM (SIGSEGV) when it starts on an ordinary thread of a process whose
 * command line is longer than about 4 KB, as {@code java -cp <classpath>} launchers and Flink task
 * managers are. Surefire hides this by launching tests through a short manifest-jar command line,
 * so this test starts a JVM the way a launcher would.
 */
class OnnxModelLongCommandLineTest {

    @Test
    void loadsAndRunsAModelInAJvmWithALongCommandLine() throws Exception {
        Path models = SharedAssets.model(YuNetModel.SPEC.fileName()).getParent();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String padding = "-Dheadcount.padding=" + "x".repeat(16 * 1024);
        Process process =
                new ProcessBuilder(
                                List.of(
                                        java,
                                        padding,
                                        "-cp",
                                        System.getProperty("java.class.path"),
                                        LongCommandLineProbe.class.getName(),
                                        models.toString()))
                        .redirectErrorStream(true)
                        .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as("exit status; output:%n%s", output).isZero();
        assertThat(output).contains("ok");
    }
}
