package io.headcount.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Options of one scenario given with the other are refused before anything starts. */
class ScoreCommandTest {

    private final StringWriter errors = new StringWriter();

    private int score(String... arguments) {
        CommandLine command =
                new CommandLine(new Headcount())
                        .setOut(new PrintWriter(new StringWriter(), true))
                        .setErr(new PrintWriter(errors, true));
        String[] all = new String[arguments.length + 1];
        all[0] = "score";
        System.arraycopy(arguments, 0, all, 1, arguments.length);
        return command.execute(all);
    }

    @Test
    void aSyntheticSceneOptionIsRefusedWithFootage() {
        int exitCode = score("--video", "clip.mp4", "--truth", "persons.csv", "--people", "5");

        assertThat(exitCode).isNotZero();
        assertThat(errors.toString()).contains("--people is only for the synthetic scene");
    }

    @Test
    void anAnnotationIsRefusedWithoutFootage() {
        int exitCode = score("--truth", "persons.csv");

        assertThat(exitCode).isNotZero();
        assertThat(errors.toString()).contains("--truth is only for --video or --images");
    }

    @Test
    void footageNeedsItsAnnotation() {
        int exitCode = score("--images", ".");

        assertThat(exitCode).isNotZero();
        assertThat(errors.toString()).contains("--truth persons.csv is needed");
    }
}
