package io.headcount.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.testkit.FaceScenes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The README's run command end to end: a folder of frames with a known number of faces each goes
 * through the real broker, the inference job (YuNet on ONNX Runtime) and the aggregation app, and
 * the printed window counts must equal the counts the frames were built with.
 */
class EndToEndIT {

    /**
     * Faces in each frame, in publishing order (0 is an empty scene): 65 frames, several windows of
     * event time published within a second, so the test also catches outputs that become visible
     * out of step with each other.
     */
    private static final int[] FACES_PER_FRAME = new Random(20261127).ints(65, 0, 4).toArray();

    private static final int FRAMES_PER_WINDOW = 10;

    @TempDir Path images;

    @Test
    void runCommandPrintsTheExactFaceCountOfEveryWindow() {
        FaceScenes.writeFrames(images, FACES_PER_FRAME);
        StringWriter output = new StringWriter();
        CommandLine command =
                new CommandLine(new Headcount()).setOut(new PrintWriter(output, true));

        int exitCode =
                command.execute(
                        "run",
                        "--images",
                        images.toString(),
                        "--fps",
                        "1",
                        "--window",
                        "PT10S",
                        "--grace",
                        "PT5S");

        assertThat(exitCode).as("exit code; output:%n%s", output).isZero();
        assertThat(windows(output.toString())).isEqualTo(expectedWindows());
    }

    /** "frames=N faces=M" of each printed window, in order. */
    private static List<String> windows(String output) {
        Matcher line =
                Pattern.compile("^window .* (frames=\\d+ faces=\\d+)$", Pattern.MULTILINE)
                        .matcher(output);
        List<String> windows = new ArrayList<>();
        while (line.find()) {
            windows.add(line.group(1));
        }
        return windows;
    }

    private static List<String> expectedWindows() {
        List<String> windows = new ArrayList<>();
        for (int start = 0; start < FACES_PER_FRAME.length; start += FRAMES_PER_WINDOW) {
            int end = Math.min(start + FRAMES_PER_WINDOW, FACES_PER_FRAME.length);
            int faces = Arrays.stream(FACES_PER_FRAME, start, end).sum();
            windows.add("frames=" + (end - start) + " faces=" + faces);
        }
        return windows;
    }
}
