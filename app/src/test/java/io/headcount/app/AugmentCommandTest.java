package io.headcount.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.testkit.SharedAssets;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code headcount augment} on real UTKFace adults, then {@code headcount eval} on the originals
 * and the masked copies together.
 */
class AugmentCommandTest {

    @TempDir Path work;

    @Test
    void masksEveryFaceDeterministicallyAndEvalTellsSyntheticFromUnmasked() throws IOException {
        Path manifest = adultsManifest(8);
        Path out = work.resolve("masked");
        StringWriter stdout = new StringWriter();

        assertThat(
                        run(
                                stdout,
                                "augment",
                                "--manifest",
                                manifest.toString(),
                                "--out",
                                out.toString(),
                                "--seed",
                                "5"))
                .isZero();

        List<String> lines = Files.readAllLines(out.resolve("manifest.csv"));
        assertThat(lines.get(0)).isEqualTo(Files.readAllLines(manifest).get(0));
        assertThat(lines).hasSize(9);
        assertThat(lines.subList(1, 9))
                .allSatisfy(line -> assertThat(line).contains(",synthetic,"));
        assertThat(Files.readAllLines(out.resolve("not-masked.csv")))
                .containsExactly("file,reason");
        assertThat(Files.readAllLines(out.resolve("templates.csv"))).hasSize(9);
        assertThat(stdout.toString()).contains("8 images: 8 masked, 0 without a face");
        String firstImage = lines.get(1).split(",")[0];
        byte[] masked = Files.readAllBytes(out.resolve(firstImage));

        Path again = work.resolve("again");
        assertThat(
                        run(
                                new StringWriter(),
                                "augment",
                                "--manifest",
                                manifest.toString(),
                                "--out",
                                again.toString(),
                                "--seed",
                                "5"))
                .isZero();
        assertThat(Files.readAllBytes(again.resolve(firstImage))).isEqualTo(masked);

        Path report = work.resolve("report.json");
        Path html = work.resolve("report.html");
        assertThat(
                        run(
                                new StringWriter(),
                                "eval",
                                "--manifest",
                                manifest.toString(),
                                "--manifest",
                                out.resolve("manifest.csv").toString(),
                                "--heads",
                                "sex-age",
                                "--out",
                                report.toString(),
                                "--html",
                                html.toString()))
                .isZero();
        String json = Files.readString(report);
        assertThat(json)
                .contains(
                        "\"images\": 16",
                        "\"synthetic\": {",
                        "\"no\": {",
                        "\"by_age_group\"",
                        "\"by_race\"");
        assertThat(Files.readString(html)).contains("<svg", "synthetic masked", "unmasked");
    }

    private static int run(StringWriter stdout, String... args) {
        StringWriter err = new StringWriter();
        int code =
                new CommandLine(new Headcount())
                        .setOut(new PrintWriter(stdout, true))
                        .setErr(new PrintWriter(err, true))
                        .execute(args);
        assertThat(code).as("stderr:%n%s", err).isZero();
        return code;
    }

    /** The first {@code count} adults of the UTKFace manifest, in its own format. */
    private Path adultsManifest(int count) throws IOException {
        Path source = SharedAssets.data("faces-sex/utkface_crop_part1/manifest.csv");
        List<String> lines = Files.readAllLines(source);
        List<String> chosen = new ArrayList<>(List.of(lines.get(0)));
        for (String line : lines.subList(1, lines.size())) {
            if (Integer.parseInt(line.split(",")[2]) >= 20 && chosen.size() <= count) {
                chosen.add(line);
            }
        }
        return Files.write(work.resolve("adults.csv"), chosen);
    }
}
