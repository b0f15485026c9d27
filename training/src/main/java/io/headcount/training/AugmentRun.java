package io.headcount.training;

import io.headcount.training.augment.HeadPose;
import io.headcount.training.augment.MaskAugmenter;
import io.headcount.training.augment.MaskedFace;
import io.headcount.training.augment.Seeds;
import io.headcount.training.features.FaceAnalyzer;
import io.headcount.training.files.Images;
import io.headcount.training.files.ManifestWriter;
import io.headcount.vision.detect.DetectedFace;
import io.headcount.vision.eval.ManifestCsv;
import io.headcount.vision.frame.BgrImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The core of {@code headcount augment}: a synthetic mask on the face of every image of a manifest,
 * written under the output folder at the same relative path, plus {@value #MANIFEST} (the input's
 * columns, {@code masked=synthetic}), {@value #NOT_MASKED} (every image left out, with the reason:
 * no face found, unreadable) and {@value #TEMPLATES} (the template used per image).
 */
public final class AugmentRun {

    public static final String MANIFEST = "manifest.csv";
    public static final String NOT_MASKED = "not-masked.csv";
    public static final String TEMPLATES = "templates.csv";

    /** Counts of a run. */
    public record Summary(int images, int masked, int noFace, int unreadable) {}

    private final FaceAnalyzer analyzer;
    private final MaskAugmenter augmenter;
    private final long seed;

    public AugmentRun(FaceAnalyzer analyzer, MaskAugmenter augmenter, long seed) {
        this.analyzer = analyzer;
        this.augmenter = augmenter;
        this.seed = seed;
    }

    public Summary run(Path manifest, Path root, Path out, Consumer<String> progress)
            throws IOException {
        List<Map<String, String>> rows = ManifestCsv.read(manifest);
        List<String> columns =
                new ArrayList<>(rows.isEmpty() ? List.of("file") : rows.get(0).keySet());
        if (!columns.contains("masked")) {
            columns.add("masked");
        }
        List<Map<String, String>> written = new ArrayList<>();
        List<Map<String, String>> left = new ArrayList<>();
        List<Map<String, String>> templates = new ArrayList<>();
        int noFace = 0;
        int unreadable = 0;
        long start = System.nanoTime();
        long lastReport = start;
        for (int i = 0; i < rows.size(); i++) {
            Map<String, String> row = rows.get(i);
            String file = row.get("file");
            BgrImage image = Images.read(root.resolve(file));
            DetectedFace face = image == null ? null : analyzer.detect(image);
            if (face == null) {
                String reason = image == null ? "unreadable" : "no-face";
                noFace += image == null ? 0 : 1;
                unreadable += image == null ? 1 : 0;
                left.add(Map.of("file", file, "reason", reason));
            } else {
                MaskedFace masked = augmenter.apply(image, face, Seeds.random(seed, file, 0));
                String target = jpegName(file);
                Images.writeJpeg(masked.image(), out.resolve(target));
                Map<String, String> copy = new LinkedHashMap<>(row);
                copy.put("file", target);
                copy.put("masked", "synthetic");
                written.add(copy);
                templates.add(
                        Map.of(
                                "file",
                                target,
                                "template",
                                masked.template(),
                                "pose",
                                HeadPose.of(face).name().toLowerCase(Locale.ROOT)));
            }
            long now = System.nanoTime();
            if (now - lastReport > 10_000_000_000L || i + 1 == rows.size()) {
                lastReport = now;
                progress.accept(
                        String.format(
                                Locale.ROOT,
                                "augment: %d/%d images, %d masked, %d without a face, %d unreadable, %.1f images/s",
                                i + 1,
                                rows.size(),
                                written.size(),
                                noFace,
                                unreadable,
                                (i + 1) / ((now - start) / 1e9)));
            }
        }
        Files.createDirectories(out);
        ManifestWriter.write(out.resolve(MANIFEST), columns, written);
        ManifestWriter.write(out.resolve(NOT_MASKED), List.of("file", "reason"), left);
        ManifestWriter.write(
                out.resolve(TEMPLATES), List.of("file", "template", "pose"), templates);
        return new Summary(rows.size(), written.size(), noFace, unreadable);
    }

    /** The output file: the input's relative path, as JPEG. */
    static String jpegName(String file) {
        int dot = file.lastIndexOf('.');
        String stem = dot > file.lastIndexOf('/') ? file.substring(0, dot) : file;
        return stem + ".jpg";
    }
}
