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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EvalCommandTest {

    @TempDir Path work;

    @Test
    void reportsDetectionRateAndSexAccuracyOnLabelledAdults() throws IOException {
        Path manifest = adultsManifest(40);
        Path report = work.resolve("report.json");

        eval("--manifest", manifest.toString(), "--heads", "sex-age", "--out", report.toString());

        String json = Files.readString(report);
        assertThat(number(json, "images")).isEqualTo(40);
        assertThat(number(json, "detection_rate")).isGreaterThanOrEqualTo(0.97);
        // face-api on UTKFace adults: 97 % over the whole set; 40 faces leave room for a few
        // errors.
        assertThat(number(json, "accuracy")).isGreaterThanOrEqualTo(0.85);
        assertThat(json).contains("\"by_threshold\"");
    }

    @Test
    void writesOneLinePerImageWithItsMeasuresAndAnswersWhenAsked() throws IOException {
        Path manifest = adultsManifest(5);
        Path faces = work.resolve("faces.csv");

        eval(
                "--manifest",
                manifest.toString(),
                "--heads",
                "sex-age",
                "--out",
                work.resolve("report.json").toString(),
                "--faces-out",
                faces.toString());

        List<String> lines = Files.readAllLines(faces);
        assertThat(lines.get(0)).startsWith("file,sex,masked,face_found,face_size");
        List<String> manifestLines = Files.readAllLines(manifest);
        assertThat(lines).hasSize(manifestLines.size());
        List<String> header = List.of(lines.get(0).split(","));
        int usable = header.indexOf("usable");
        int female = header.indexOf("p_female");
        int yaw = header.indexOf("yaw");
        int fromLandmarks = header.indexOf("yaw_from_landmarks");
        int fromEyes = header.indexOf("yaw_from_eyes");
        for (int i = 1; i < lines.size(); i++) {
            String[] fields = lines.get(i).split(",", -1);
            assertThat(fields).hasSize(header.size());
            assertThat(fields[0]).isEqualTo(manifestLines.get(i).split(",")[0]);
            if (fields[3].equals("true")) {
                // The gate's yaw is whichever estimate is nearer frontal.
                float nearer =
                        Math.min(
                                Math.abs(Float.parseFloat(fields[fromLandmarks])),
                                Math.abs(Float.parseFloat(fields[fromEyes])));
                assertThat(Math.abs(Float.parseFloat(fields[yaw]))).isEqualTo(nearer);
            }
            if (fields[3].equals("true") && fields[usable].equals("true")) {
                assertThat(Float.parseFloat(fields[female])).isBetween(0f, 1f);
            }
        }
    }

    /** Runs {@code headcount eval} with {@code args}; fails with its stderr unless it exits 0. */
    private static void eval(String... args) {
        StringWriter err = new StringWriter();
        String[] command = new String[args.length + 1];
        command[0] = "eval";
        System.arraycopy(args, 0, command, 1, args.length);
        int exitCode =
                new CommandLine(new Headcount())
                        .setErr(new PrintWriter(err, true))
                        .execute(command);
        assertThat(exitCode).as("stderr:%n%s", err).isZero();
    }

    /**
     * The first {@code count} adults (age 20 and over) of the UTKFace manifest, in its own format.
     */
    private Path adultsManifest(int count) throws IOException {
        Path source = SharedAssets.data("faces-sex/utkface_crop_part1/manifest.csv");
        List<String> lines = Files.readAllLines(source);
        List<String> chosen = new ArrayList<>(List.of(lines.get(0)));
        for (String line : lines.subList(1, lines.size())) {
            int age = Integer.parseInt(line.split(",")[2]);
            if (age >= 20 && chosen.size() <= count) {
                chosen.add(line);
            }
        }
        return Files.write(work.resolve("adults.csv"), chosen);
    }

    /** The first number under {@code key} in the report. */
    private static double number(String json, String key) {
        Matcher value = Pattern.compile("\"" + key + "\":\\s*([0-9.]+)").matcher(json);
        assertThat(value.find()).as("%s in%n%s", key, json).isTrue();
        return Double.parseDouble(value.group(1));
    }
}
