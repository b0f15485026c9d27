package io.headcount.vision.eval;

import io.headcount.vision.attributes.AgeGroups;
import io.headcount.vision.attributes.AttributeSettings;
import io.headcount.vision.attributes.FaceDescriber;
import io.headcount.vision.attributes.FaceDescription;
import io.headcount.vision.detect.DetectedFace;
import io.headcount.vision.detect.DetectorSettings;
import io.headcount.vision.detect.FaceBox;
import io.headcount.vision.detect.YuNetDetector;
import io.headcount.vision.detect.YuNetModel;
import io.headcount.vision.frame.BgrImage;
import io.headcount.vision.frame.FrameDecoder;
import io.headcount.vision.quality.FaceQualityEstimator;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import javax.imageio.ImageIO;

/**
 * The core of {@code headcount eval}: runs detection and the attribute heads on every image of a
 * data manifest (shared/data/DATA.md) and scores sex, age group and mask against its labels.
 *
 * <p>Each image is taken to show one person: the detector's best face is the answer, and an image
 * without a face counts as labelled but unanswered. Pre-cropped sets (UTKFace, the masked crops)
 * fill the image with the face, which a detector trained on scenes misses more often, so each image
 * is centred on a grey canvas with {@code padding} times its width and height added on each side;
 * the report states the padding used. The quality gate of the attribute settings applies as in the
 * job: a face below it is detected but unanswered ({@code quality_rejected}).
 */
public final class Evaluation implements AutoCloseable {

    /** Padding that lets YuNet see a tight crop as a face in a scene (canvas twice the image). */
    public static final float DEFAULT_PADDING = 0.5f;

    private static final int PADDING_GREY = 128;

    private final YuNetDetector detector;
    private final FaceDescriber describer;
    private final AttributeSettings attributes;
    private final String detectorVersion;
    private final float padding;

    private Evaluation(
            YuNetDetector detector,
            FaceDescriber describer,
            AttributeSettings attributes,
            float padding) {
        this.detector = detector;
        this.describer = describer;
        this.attributes = attributes;
        this.detectorVersion = detector.modelVersion();
        this.padding = padding;
    }

    /** Opens the detector and the configured heads (checksums and contracts checked). */
    public static Evaluation open(
            DetectorSettings detectorSettings, AttributeSettings attributes, float padding) {
        if (padding < 0) {
            throw new IllegalArgumentException("padding must not be negative: " + padding);
        }
        YuNetDetector detector = YuNetDetector.open(detectorSettings);
        try {
            return new Evaluation(detector, FaceDescriber.open(attributes), attributes, padding);
        } catch (RuntimeException e) {
            detector.close();
            throw e;
        }
    }

    /**
     * Scores every row of {@code manifest}; file paths are resolved against {@code root}. {@code
     * progress} receives a line now and then on long runs.
     *
     * @return the report as nested maps and lists, ready for {@link #toJson}
     */
    public Map<String, Object> run(Path manifest, Path root, Consumer<String> progress)
            throws IOException {
        return run(List.of(manifest), root, progress);
    }

    /**
     * Scores the rows of several manifests together (e.g. unmasked, synthetic-masked and real
     * masked faces, told apart by their {@code masked} column). A file is resolved against {@code
     * root}, or, when it is not there, against its manifest's folder (the layout {@code headcount
     * augment} writes).
     */
    public Map<String, Object> run(List<Path> manifests, Path root, Consumer<String> progress)
            throws IOException {
        return run(manifests, root, progress, null);
    }

    /**
     * As above, and one line per image to {@code faces} (null: none) in {@link #FACES_HEADER}'s
     * columns: what the detector and the heads made of it, for looking at the errors one by one.
     * The images and their labels stay where they were; only measures and answers are written.
     */
    public Map<String, Object> run(
            List<Path> manifests, Path root, Consumer<String> progress, Appendable faces)
            throws IOException {
        if (faces != null) {
            faces.append(FACES_HEADER).append('\n');
        }
        List<Map<String, String>> rows = new java.util.ArrayList<>();
        List<Path> files = new java.util.ArrayList<>();
        for (Path manifest : manifests) {
            for (Map<String, String> row : ManifestCsv.read(manifest)) {
                rows.add(row);
                Path file = root.resolve(row.get("file"));
                Path beside = manifest.toAbsolutePath().getParent().resolve(row.get("file"));
                files.add(java.nio.file.Files.exists(file) ? file : beside);
            }
        }
        AttributeScore sex = new AttributeScore();
        AttributeScore ageGroup = new AttributeScore();
        AttributeScore ageWithinOne = new AttributeScore();
        AttributeScore mask = new AttributeScore();
        int unreadable = 0;
        int withFace = 0;
        int rejected = 0;
        Map<String, Long> modelNanos = new TreeMap<>();
        Map<String, Integer> modelCalls = new TreeMap<>();
        long start = System.nanoTime();
        long lastReport = start;
        for (int index = 0; index < rows.size(); index++) {
            Map<String, String> row = rows.get(index);
            String masked = row.getOrDefault("masked", "");
            Map<String, String> groups = groupsOf(row);
            FaceDescription face = null;
            BgrImage image = read(files.get(index));
            DetectedFace largest = null;
            if (image == null) {
                unreadable++;
            } else {
                BgrImage canvas = pad(image);
                long detectStart = System.nanoTime();
                List<DetectedFace> found = detector.detect(canvas);
                modelNanos.merge(YuNetModel.ROLE, System.nanoTime() - detectStart, Long::sum);
                modelCalls.merge(YuNetModel.ROLE, 1, Integer::sum);
                if (!found.isEmpty()) {
                    withFace++;
                    largest = found.get(0);
                    face = describer.describe(canvas, new DetectedFace[] {found.get(0)})[0];
                    rejected += face.usable() ? 0 : 1;
                    if (face.usable()) {
                        describer
                                .lastModelNanos()
                                .forEach(
                                        (role, nanos) -> {
                                            modelNanos.merge(role, nanos, Long::sum);
                                            modelCalls.merge(role, 1, Integer::sum);
                                        });
                    }
                }
            }
            if (faces != null) {
                faces.append(faceLine(row, largest, face)).append('\n');
            }
            scoreSex(sex, row.getOrDefault("sex", ""), face, groups);
            scoreAgeGroup(ageGroup, ageWithinOne, truthAgeGroup(row), face, groups);
            scoreMask(mask, masked, face, groups);
            long now = System.nanoTime();
            if (now - lastReport > 10_000_000_000L || index + 1 == rows.size()) {
                lastReport = now;
                double seconds = (now - start) / 1e9;
                progress.accept(
                        String.format(
                                java.util.Locale.ROOT,
                                "eval: %d/%d images, %d with a face, %.1f images/s",
                                index + 1,
                                rows.size(),
                                withFace,
                                (index + 1) / seconds));
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        Map<String, Object> report = new LinkedHashMap<>();
        report.put(
                "manifest",
                manifests.size() == 1
                        ? manifests.get(0).toString()
                        : manifests.stream().map(Path::toString).toList());
        report.put("images", rows.size());
        report.put("unreadable", unreadable);
        report.put("images_with_face", withFace);
        report.put("detection_rate", rows.isEmpty() ? null : (double) withFace / rows.size());
        report.put("quality_rejected", rejected);
        report.put("padding", (double) padding);
        report.put(
                "padding_note",
                "each image centred on a grey canvas with padding x its size added on every side");
        report.put("model_set", attributes.manifest().modelSet());
        Map<String, Object> versions = new TreeMap<>(describer.modelVersions());
        versions.put(YuNetModel.ROLE, detectorVersion);
        report.put("model_versions", versions);
        report.put("heads", attributes.heads());
        report.put("sex", sex.toJson());
        report.put("age_group", ageGroup.toJson());
        report.put("age_group_within_one", ageWithinOne.toJson());
        report.put("mask", mask.toJson());
        report.put("seconds", seconds);
        report.put("ms_per_image", rows.isEmpty() ? null : 1000 * seconds / rows.size());
        Map<String, Object> modelMs = new TreeMap<>();
        modelNanos.forEach((role, nanos) -> modelMs.put(role, nanos / 1e6 / modelCalls.get(role)));
        report.put("model_ms_per_call", modelMs);
        return report;
    }

    public static String toJson(Map<String, Object> report) {
        return ReportJson.write(report);
    }

    private static void scoreSex(
            AttributeScore score, String truth, FaceDescription face, Map<String, String> masked) {
        if (!truth.equals("male") && !truth.equals("female")) {
            return;
        }
        if (face == null || face.female() == null) {
            score.unanswered(masked, truth);
            return;
        }
        float female = face.female();
        score.answered(
                (female > 0.5f) == truth.equals("female"),
                Math.max(female, 1 - female),
                masked,
                truth);
    }

    /**
     * The most likely group against the truth: exact, and within one group of it (the neighbour
     * groups count as right: an age near a group boundary is often a coin toss), each at the
     * confidence of the most likely group.
     */
    private static void scoreAgeGroup(
            AttributeScore exact,
            AttributeScore withinOne,
            String truth,
            FaceDescription face,
            Map<String, String> masked) {
        if (truth == null) {
            return;
        }
        if (face == null || face.ageGroups() == null) {
            exact.unanswered(masked);
            withinOne.unanswered(masked);
            return;
        }
        float[] p = face.ageGroups();
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            best = p[i] > p[best] ? i : best;
        }
        int distance = Math.abs(best - AgeGroups.LABELS.indexOf(truth));
        exact.answered(distance == 0, p[best], masked);
        withinOne.answered(distance <= 1, p[best], masked);
    }

    private static void scoreMask(
            AttributeScore score, String truth, FaceDescription face, Map<String, String> masked) {
        if (!truth.equals("yes") && !truth.equals("no")) {
            return;
        }
        if (face == null || face.masked() == null) {
            score.unanswered(masked);
            return;
        }
        float p = face.masked();
        score.answered((p > 0.5f) == truth.equals("yes"), Math.max(p, 1 - p), masked);
    }

    /** The breakdown columns of a row: masked, age group (product bins) and race, where known. */
    static Map<String, String> groupsOf(Map<String, String> row) {
        Map<String, String> groups = new java.util.HashMap<>();
        groups.put("masked", row.getOrDefault("masked", ""));
        String age = truthAgeGroup(row);
        groups.put("age_group", age == null ? "" : age);
        String race = row.getOrDefault("race", "");
        groups.put("race", race.equals("unknown") ? "" : race);
        return groups;
    }

    /**
     * The product's age group of a row: the data's 0-2 and 3-12 merge into 0-12; null if
     * unlabelled.
     */
    static String truthAgeGroup(Map<String, String> row) {
        String group = row.getOrDefault("age_group", "");
        if (group.equals("0-2") || group.equals("3-12")) {
            return "0-12";
        }
        return AgeGroups.LABELS.contains(group) ? group : null;
    }

    /** Columns of the per-image lines of {@link #run(List, Path, Consumer, Appendable)}. */
    public static final String FACES_HEADER =
            "file,sex,masked,face_found,face_size,sharpness,yaw,yaw_from_landmarks,yaw_from_eyes,"
                    + "usable,p_female,"
                    + "p_masked,age_group,box_x,box_y,box_w,box_h,"
                    + "eye_image_left_x,eye_image_left_y,eye_image_right_x,eye_image_right_y,"
                    + "nose_x,nose_y,mouth_image_left_x,mouth_image_left_y,"
                    + "mouth_image_right_x,mouth_image_right_y";

    private static final int FACES_COLUMNS = FACES_HEADER.split(",").length;

    private static String faceLine(
            Map<String, String> row, DetectedFace detected, FaceDescription face) {
        StringBuilder line = new StringBuilder();
        line.append(csv(row.get("file"))).append(',');
        line.append(csv(row.getOrDefault("sex", ""))).append(',');
        line.append(csv(row.getOrDefault("masked", ""))).append(',');
        line.append(face != null).append(',');
        if (face == null) {
            // The header's columns after face_found, empty: one comma fewer than columns (the
            // first is already written after face_found).
            return line.append(",".repeat(FACES_COLUMNS - 5)).toString();
        }
        line.append(face.faceSize()).append(',');
        line.append(face.sharpness()).append(',');
        line.append(face.yaw()).append(',');
        line.append(FaceQualityEstimator.yaw(detected)).append(',');
        line.append(FaceQualityEstimator.yawFromEyes(detected)).append(',');
        line.append(face.usable()).append(',');
        line.append(face.female() == null ? "" : face.female()).append(',');
        line.append(face.masked() == null ? "" : face.masked()).append(',');
        line.append(face.ageGroups() == null ? "" : mostLikely(face.ageGroups()));
        // Box and landmarks, so other pose estimates can be tried on the lines alone.
        FaceBox box = detected.box();
        line.append(',').append(box.x()).append(',').append(box.y());
        line.append(',').append(box.width()).append(',').append(box.height());
        for (int i = 0; i < DetectedFace.LANDMARKS; i++) {
            line.append(',').append(detected.landmarkX(i));
            line.append(',').append(detected.landmarkY(i));
        }
        return line.toString();
    }

    private static String mostLikely(float[] ageGroups) {
        int best = 0;
        for (int i = 1; i < ageGroups.length; i++) {
            best = ageGroups[i] > ageGroups[best] ? i : best;
        }
        return AgeGroups.LABELS.get(best);
    }

    /** A CSV field, quoted when it holds a comma or a quote. */
    private static String csv(String value) {
        if (value == null) {
            return "";
        }
        return value.contains(",") || value.contains("\"")
                ? "\"" + value.replace("\"", "\"\"") + "\""
                : value;
    }

    private BgrImage pad(BgrImage image) {
        int dx = Math.round(padding * image.width());
        int dy = Math.round(padding * image.height());
        if (dx == 0 && dy == 0) {
            return image;
        }
        int width = image.width() + 2 * dx;
        byte[] pixels = new byte[width * (image.height() + 2 * dy) * 3];
        java.util.Arrays.fill(pixels, (byte) PADDING_GREY);
        for (int row = 0; row < image.height(); row++) {
            System.arraycopy(
                    image.pixels(),
                    row * image.width() * 3,
                    pixels,
                    ((row + dy) * width + dx) * 3,
                    image.width() * 3);
        }
        return new BgrImage(width, image.height() + 2 * dy, pixels);
    }

    /** Any format ImageIO reads (JPEG, PNG, ...); null when the file cannot be decoded. */
    private static BgrImage read(Path file) {
        try {
            BufferedImage image = ImageIO.read(file.toFile());
            return image == null ? null : FrameDecoder.toBgr(image);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public void close() {
        describer.close();
        detector.close();
    }
}
