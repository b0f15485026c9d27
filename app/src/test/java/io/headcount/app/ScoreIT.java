package io.headcount.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.headcount.testkit.SharedAssets;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code headcount score} end to end on a short synthetic scene (20 people, 30 % masked, 960x540,
 * seed 1) and on the hand-annotated clip: the real broker, inference job and aggregation app, then
 * the scoring library. About a minute each on two busy cores. The thresholds are loose regression
 * guards taken from runs of this scene, with margin (see {@link
 * #scoresWithinTheRegressionThresholds}); they catch a pipeline that stops counting or starts
 * guessing, not a point of accuracy.
 */
class ScoreIT {

    @TempDir Path folder;

    @Test
    void scoresWithinTheRegressionThresholds() throws Exception {
        SharedAssets.data(ScoreCommand.DEFAULT_MANIFEST);
        SharedAssets.data(ScoreCommand.MASK_TEMPLATES);
        Path json = folder.resolve("score.json");
        Path html = folder.resolve("score.html");
        Run run =
                score(
                        "--people",
                        "20",
                        "--masked",
                        "0.3",
                        "--width",
                        "960",
                        "--height",
                        "540",
                        "--seed",
                        "1",
                        "--window",
                        "PT20S",
                        "--timeout",
                        "PT4M",
                        "--out",
                        json.toString(),
                        "--html",
                        html.toString());

        JsonNode report = run.report(json);
        assertThat(report.fieldNames())
                .toIterable()
                .contains(
                        "visitors_true",
                        "visitors_counted",
                        "visitors_counted_in_windows",
                        "count_error",
                        "fragmentation",
                        "false_visitors",
                        "missed_visitors",
                        "id_switches",
                        "sex_accuracy_unmasked",
                        "sex_accuracy_masked",
                        "determined_share",
                        "attributes",
                        "windows",
                        "window_summary",
                        "tracks",
                        "mask_by_type");
        assertThat(Files.readString(html)).contains("<svg");
        String figures = run.output();
        // The scene's masked persons wear named templates: mask accuracy is split by them.
        assertThat(report.get("mask_by_type").size()).as(figures).isPositive();
        assertThat(figures).contains("called masked, by mask type: ");
        // The headline figures in the build log: what the thresholds below were chosen from.
        System.out.println("ScoreIT figures:\n" + figures);
        // The scene stops once the 20th person has left; one or two more are still walking in.
        assertThat(report.get("visitors_true").asLong()).as(figures).isBetween(20L, 24L);
        // Every visitor the dashboards add up comes from a closed window.
        assertThat(report.get("visitors_counted_in_windows").asLong())
                .as(figures)
                .isEqualTo(report.get("visitors_counted").asLong());
        // Observed: -0.048 (20 of 21, one masked person missed; 21 of 21 before the scene's masks
        // left out the gas respirator), no ID switch, no false visitor, since the tracker ends a
        // lost track predicted beyond the frame's edge (before: -0.38, the next person entering at
        // that edge continued the leaver's track). The bounds allow three people either way.
        assertThat(report.get("count_error").asDouble()).as(figures).isBetween(-0.15, 0.15);
        assertThat(report.get("id_switches").asLong()).as(figures).isLessThanOrEqualTo(2);
        assertThat(report.get("missed_visitors").asLong()).as(figures).isLessThanOrEqualTo(3);
        assertThat(report.get("false_visitors").asLong()).as(figures).isLessThanOrEqualTo(2);
        // Observed: 1.0 unmasked, 1.0 masked, 11 of 20 determined (the 9 under 13 undetermined:
        // children's sex is not judged); a coin would give 0.5.
        assertThat(report.get("sex_accuracy_unmasked").asDouble())
                .as(figures)
                .isGreaterThanOrEqualTo(0.75);
        // Fusion helps: per visitor at least as good as per impression on unmasked faces
        // (observed 1.0 against 0.84 over all impressions).
        assertThat(report.get("sex_accuracy_unmasked").asDouble())
                .as(figures)
                .isGreaterThanOrEqualTo(report.get("impression_sex_accuracy").asDouble() - 0.05);
    }

    /**
     * The hand-annotated clip (docs/examples/score/facenet_pytorch_video: 11 people with a visible
     * face in 4.2 s of a crowded arcade) through the real pipeline, every frame at 1920x1080. About
     * one and a half to two minutes on two busy cores. Observed 2026-12-06: 11 true, 11 counted, 1
     * missed (a profile seen for 3 frames), 1 false visitor (a face found in a man's red hair), 1
     * ID switch, 10 tracks matched by boxes; sex right for 7 of 9 determined visitors with
     * face-api's sex, 7 of 7 with the FaceRes head (7 of 10 determined).
     */
    @Test
    void scoresTheAnnotatedClip() throws Exception {
        Path video = SharedAssets.data("video/facenet_pytorch_video.mp4");
        Path annotation =
                Path.of(System.getenv(io.headcount.core.Assets.PROJECT_ROOT_VARIABLE))
                        .resolve("docs/examples/score/facenet_pytorch_video");
        Path json = folder.resolve("clip.json");
        Run run =
                score(
                        "--video",
                        video.toString(),
                        "--truth",
                        annotation.resolve("persons.csv").toString(),
                        "--boxes",
                        annotation.resolve("boxes.csv").toString(),
                        "--timeout",
                        "PT4M",
                        "--out",
                        json.toString());

        JsonNode report = run.report(json);
        String figures = run.output();
        System.out.println("ScoreIT clip figures:\n" + figures);
        assertThat(report.get("visitors_true").asLong()).isEqualTo(11);
        // Regression bounds with margin: three visitors either way, at least 8 of the 11 found.
        assertThat(report.get("visitors_counted").asLong()).as(figures).isBetween(8L, 14L);
        assertThat(report.get("missed_visitors").asLong()).as(figures).isLessThanOrEqualTo(3);
        assertThat(report.get("false_visitors").asLong()).as(figures).isLessThanOrEqualTo(3);
        assertThat(report.at("/matching/tracks_matched_by_boxes").asLong())
                .as("the annotation's boxes tell the tracks apart; " + figures)
                .isGreaterThanOrEqualTo(8);
        assertThat(report.get("sex_accuracy_unmasked").asDouble())
                .as(figures)
                .isGreaterThanOrEqualTo(0.5);
    }

    /** What {@code headcount score ARGS} printed. */
    private record Run(int exitCode, String output, String errors) {

        /** The JSON report, once the command has exited 0. */
        JsonNode report(Path json) throws IOException {
            assertThat(exitCode).as("exit code; output:%n%s%n%s", output, errors).isZero();
            return new ObjectMapper().readTree(json.toFile());
        }
    }

    private static Run score(String... arguments) {
        StringWriter output = new StringWriter();
        StringWriter errors = new StringWriter();
        String[] command = new String[arguments.length + 1];
        command[0] = "score";
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        int exitCode =
                new CommandLine(new Headcount())
                        .setOut(new PrintWriter(output, true))
                        .setErr(new PrintWriter(errors, true))
                        .execute(command);
        return new Run(exitCode, output.toString(), errors.toString());
    }
}
