package io.headcount.ingest.source.synthetic;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The synthetic camera's ground truth as JSON lines, two kinds:
 *
 * <pre>
 * {"type":"frame","frame":12,"time":"2026-...Z","boxes":[{"person":3,"x":0,"y":96,"width":41,"height":120}]}
 * {"type":"person","person":3,"sex":"female","age":25,"ageGroup":"20-29","masked":true,"mask":"surgical",
 *  "face":"faces-sex/.../x.jpg","size":120,"enterFrame":12,"leaveFrame":80,"enterTime":"...","leaveTime":"..."}
 * </pre>
 *
 * A frame line per frame, in order; a person line when the person has left (its first and last
 * visible frames are {@code enterFrame} and {@code leaveFrame}), or at the end for those still in
 * view ({@code "left":false}). {@code age} and {@code ageGroup} are null for a face whose manifest
 * does not give them. {@code judgeable} is false for a person never shown well enough to judge:
 * fewer than {@code judgeableFrames} = 3 frames with the face large enough, turned and blurred
 * little enough, mostly inside the frame and not mostly covered ({@link SyntheticCameraSource});
 * {@code poor} says why the realistic scene made it so ({@code small}, {@code turned}, {@code
 * blurred}; null otherwise).
 */
final class GroundTruthWriter implements AutoCloseable {

    private final BufferedWriter out;

    GroundTruthWriter(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    void frame(SyntheticFrame frame) {
        StringBuilder line = new StringBuilder(96 + 64 * frame.boxes().size());
        line.append("{\"type\":\"frame\",\"frame\":")
                .append(frame.index())
                .append(",\"time\":\"")
                .append(frame.time())
                .append("\",\"boxes\":[");
        for (int i = 0; i < frame.boxes().size(); i++) {
            FaceBox box = frame.boxes().get(i);
            line.append(i == 0 ? "" : ",")
                    .append("{\"person\":")
                    .append(box.person())
                    .append(",\"x\":")
                    .append(box.x())
                    .append(",\"y\":")
                    .append(box.y())
                    .append(",\"width\":")
                    .append(box.width())
                    .append(",\"height\":")
                    .append(box.height())
                    .append('}');
        }
        write(line.append("]}").toString());
    }

    void person(
            Person person,
            long enterFrame,
            long leaveFrame,
            Instant enterTime,
            Instant leaveTime,
            boolean left,
            SyntheticCameraSource.Visit visit) {
        LabelledFace face = person.face();
        write(
                "{\"type\":\"person\",\"person\":"
                        + person.id()
                        + ",\"sex\":\""
                        + face.sex()
                        + "\",\"age\":"
                        + face.age()
                        + ",\"ageGroup\":"
                        + (face.ageGroup() == null ? "null" : "\"" + face.ageGroup() + "\"")
                        + ",\"masked\":"
                        + person.masked()
                        + ",\"mask\":"
                        + (person.masked() ? "\"" + person.mask() + "\"" : "null")
                        + ",\"face\":\""
                        + face.relativePath().replace("\\", "\\\\").replace("\"", "\\\"")
                        + "\",\"size\":"
                        + person.size()
                        + ",\"enterFrame\":"
                        + enterFrame
                        + ",\"leaveFrame\":"
                        + leaveFrame
                        + ",\"enterTime\":\""
                        + enterTime
                        + "\",\"leaveTime\":\""
                        + leaveTime
                        + "\",\"left\":"
                        + left
                        + ",\"judgeable\":"
                        + visit.judgeable()
                        + ",\"judgeableFrames\":"
                        + visit.clearFrames
                        + ",\"poor\":"
                        + (visit.poor == null ? "null" : "\"" + visit.poor + "\"")
                        + "}");
    }

    private void write(String line) {
        try {
            out.write(line);
            out.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the ground truth", e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the ground truth", e);
        }
    }
}
