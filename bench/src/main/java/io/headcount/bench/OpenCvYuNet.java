package io.headcount.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OpenCV's YuNet on the same frames, as a peer for the detection stage: runs {@code
 * opencv_yunet.py} (shipped in this jar) with the system Python and its {@code cv2}. OpenCV 4.6
 * cannot import the dynamic YuNet file, so it runs the fixed square file of the same model and
 * commit ({@code det_yunet_n_640x640.onnx} or {@code _320x320}). Where Python or {@code cv2} is
 * missing, {@link #run} says why instead of failing the benchmark.
 */
public final class OpenCvYuNet {

    /** Debian's python3-opencv installs {@code cv2} for this interpreter. */
    public static final String DEFAULT_PYTHON = "/usr/bin/python3";

    public static final String PYTHON_VARIABLE = "HEADCOUNT_OPENCV_PYTHON";

    private static final String SCRIPT = "python/opencv_yunet.py";
    private static final Pattern NUMBER =
            Pattern.compile("\"(\\w+)\": (-?[0-9.]+(?:[eE][-+]?[0-9]+)?)");

    private final String python;
    private final Path modelDirectory;

    public OpenCvYuNet(String python, Path modelDirectory) {
        this.python = python;
        this.modelDirectory = modelDirectory;
    }

    /** The interpreter named by {@value #PYTHON_VARIABLE}, else {@value #DEFAULT_PYTHON}. */
    public static OpenCvYuNet fromEnvironment(Path modelDirectory) {
        String python = System.getenv(PYTHON_VARIABLE);
        return new OpenCvYuNet(
                python == null || python.isBlank() ? DEFAULT_PYTHON : python, modelDirectory);
    }

    /**
     * @param frames written to a temporary folder as JPEG files; OpenCV decodes them untimed
     * @param longestSide the job's {@code detector.longest-side}: 640 or 320 (the fixed files)
     * @param threads {@code cv2.setNumThreads}, the same as the job's intra-op threads
     */
    public Outcome run(
            List<BenchFrame> frames,
            int longestSide,
            int threads,
            float scoreThreshold,
            float nmsIou,
            int passes)
            throws IOException, InterruptedException {
        Path model =
                modelDirectory.resolve("det_yunet_n_" + longestSide + "x" + longestSide + ".onnx");
        if (!Files.isRegularFile(model)) {
            return Outcome.unavailable(
                    "no fixed-size YuNet file for side " + longestSide + ": " + model);
        }
        Optional<String> missing = checkPython();
        if (missing.isPresent()) {
            return Outcome.unavailable(missing.get());
        }
        Path work = Files.createTempDirectory("headcount-opencv-");
        try {
            Path script = work.resolve("opencv_yunet.py");
            try (InputStream in = OpenCvYuNet.class.getClassLoader().getResourceAsStream(SCRIPT)) {
                if (in == null) {
                    throw new IllegalStateException(SCRIPT + " is missing from the bench jar");
                }
                Files.copy(in, script);
            }
            Path folder = work.resolve("frames");
            BenchFrames.writeJpegs(frames, folder);
            List<String> command =
                    List.of(
                            python,
                            script.toString(),
                            "--model",
                            model.toString(),
                            "--frames",
                            folder.toString(),
                            "--size",
                            Integer.toString(longestSide),
                            "--threads",
                            Integer.toString(threads),
                            "--score",
                            Float.toString(scoreThreshold),
                            "--nms",
                            Float.toString(nmsIou),
                            "--repeat",
                            Integer.toString(passes));
            Path errors = work.resolve("stderr.txt");
            Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
            process.getOutputStream().close();
            String out =
                    new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroy();
                return Outcome.unavailable(
                        "opencv_yunet.py failed: " + Files.readString(errors).strip());
            }
            return Outcome.of(numbers(out), out.strip());
        } finally {
            deleteRecursively(work);
        }
    }

    private Optional<String> checkPython() throws InterruptedException {
        try {
            Process probe =
                    new ProcessBuilder(python, "-c", "import cv2, numpy; print(cv2.__version__)")
                            .redirectErrorStream(true)
                            .start();
            String output =
                    new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!probe.waitFor(1, TimeUnit.MINUTES) || probe.exitValue() != 0) {
                return Optional.of(
                        "OpenCV is not installed for "
                                + python
                                + " (install the Debian package python3-opencv): "
                                + lastLine(output));
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("no Python at " + python + " (" + e.getMessage() + ")");
        }
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines[lines.length - 1];
    }

    static Map<String, Double> numbers(String json) {
        Map<String, Double> numbers = new java.util.LinkedHashMap<>();
        Matcher matcher = NUMBER.matcher(json);
        while (matcher.find()) {
            numbers.put(matcher.group(1), Double.parseDouble(matcher.group(2)));
        }
        return numbers;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(paths.toList());
            java.util.Collections.reverse(all);
            for (Path path : all) {
                Files.deleteIfExists(path);
            }
        }
    }

    /**
     * What the OpenCV run gave: its numbers ({@code detect_ms_mean}, {@code detect_ms_p50}, {@code
     * faces}, ...) and raw JSON, or why there are none.
     */
    public record Outcome(Map<String, Double> numbers, String json, String unavailableReason) {

        static Outcome of(Map<String, Double> numbers, String json) {
            return new Outcome(Map.copyOf(numbers), json, null);
        }

        static Outcome unavailable(String reason) {
            return new Outcome(Map.of(), null, reason);
        }

        public boolean available() {
            return unavailableReason == null;
        }

        /** A number of the run, or null when OpenCV did not run. */
        public Double number(String name) {
            return numbers.get(name);
        }
    }
}
