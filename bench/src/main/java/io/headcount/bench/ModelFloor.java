package io.headcount.bench;

import io.headcount.vision.attributes.AttributeHeads;
import io.headcount.vision.attributes.AttributeSettings;
import io.headcount.vision.attributes.FaceBatch;
import io.headcount.vision.attributes.FrameResize;
import io.headcount.vision.attributes.MaskHead;
import io.headcount.vision.detect.DetectedFace;
import io.headcount.vision.detect.DetectorSettings;
import io.headcount.vision.detect.FaceBox;
import io.headcount.vision.detect.Letterbox;
import io.headcount.vision.detect.LetterboxTensor;
import io.headcount.vision.detect.YuNetDetector;
import io.headcount.vision.detect.YuNetModel;
import io.headcount.vision.frame.BgrImage;
import io.headcount.vision.models.ModelEntry;
import io.headcount.vision.onnx.OnnxModel;
import io.headcount.vision.onnx.PreparedInput;
import io.headcount.vision.quality.FaceQualityEstimator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The floor: ONNX Runtime alone on the same models, frames and faces as the job, with the same
 * session settings. Every input tensor is built and copied into native memory before the clock
 * starts; only {@code session.run} is timed. Nothing the job does around the models (JPEG decoding,
 * letterbox, crops, decoding, quality, tracking, Kafka, Flink) is in it. The models run one after
 * another on one thread: {@code 1000 / millisPerFrame} frames per second is what one core gives
 * them. The job runs the frame-level mask detector on its decoding thread, beside the others, so on
 * two cores it can approach this floor and even pass it.
 */
public final class ModelFloor implements AutoCloseable {

    private final DetectorSettings detectorSettings;
    private final AttributeSettings attributeSettings;
    private final Map<String, OnnxModel> models = new LinkedHashMap<>();
    private final YuNetDetector detector;

    private ModelFloor(DetectorSettings detector, AttributeSettings attributes) {
        this.detectorSettings = detector;
        this.attributeSettings = attributes;
        this.detector = YuNetDetector.open(detector);
        try {
            models.put(
                    YuNetModel.ROLE,
                    OnnxModel.load(
                            detector.model(), Path.of(detector.modelDirectory()), detector.onnx()));
            for (String role : attributes.heads()) {
                ModelEntry entry = attributes.manifest().model(role);
                models.put(
                        role,
                        OnnxModel.load(
                                entry.spec(),
                                Path.of(attributes.modelDirectory()),
                                attributes.onnxOf(role)));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    public static ModelFloor open(DetectorSettings detector, AttributeSettings attributes) {
        return new ModelFloor(detector, attributes);
    }

    /**
     * @param warmup frames run first without timing
     * @return the models' time per frame, in total and per role
     */
    public Result measure(List<BgrImage> images, int warmup) {
        for (int i = 0; i < warmup; i++) {
            runFrame(images.get(i % images.size()), null);
        }
        Samples total = new Samples();
        Map<String, Samples> perRole = new LinkedHashMap<>();
        models.keySet().forEach(role -> perRole.put(role, new Samples()));
        for (BgrImage image : images) {
            total.add(runFrame(image, perRole));
        }
        return new Result(total, perRole);
    }

    /** Runs every model on one frame's inputs; returns the milliseconds spent in ORT. */
    private double runFrame(BgrImage image, Map<String, Samples> perRole) {
        Letterbox letterbox = new Letterbox(detectorSettings.longestSide());
        LetterboxTensor tensor = letterbox.apply(image);
        double millis = 0;
        try (PreparedInput input =
                models.get(YuNetModel.ROLE)
                        .prepare(YuNetModel.INPUT, tensor.data(), tensor.shape())) {
            millis += timed(YuNetModel.ROLE, input, perRole);
        }
        List<FaceBox> usable = usableFaces(image);
        FaceBatch batch = new FaceBatch(image, usable);
        for (String role : attributeSettings.heads()) {
            ModelEntry entry = attributeSettings.manifest().model(role);
            float[] data;
            long[] shape;
            if (MaskHead.ROLE.equals(role)) {
                FrameResize resize = MaskHead.inputResize(entry);
                data = resize.apply(image);
                shape = resize.shape();
            } else {
                if (usable.isEmpty()) {
                    continue;
                }
                int size = entry.input().dimension(2);
                data = batch.crops(AttributeHeads.crop(role, entry, attributeSettings.cropScale()));
                shape = new long[] {usable.size(), 3, size, size};
            }
            try (PreparedInput input =
                    models.get(role).prepare(entry.input().name(), data, shape)) {
                millis += timed(role, input, perRole);
            }
        }
        return millis;
    }

    private double timed(String role, PreparedInput input, Map<String, Samples> perRole) {
        long start = System.nanoTime();
        models.get(role).runPrepared(input);
        double millis = (System.nanoTime() - start) / 1e6;
        if (perRole != null) {
            perRole.get(role).add(millis);
        }
        return millis;
    }

    /** The faces the job gives attributes: detected, and passing the quality thresholds. */
    private List<FaceBox> usableFaces(BgrImage image) {
        FaceQualityEstimator quality = new FaceQualityEstimator();
        List<FaceBox> usable = new ArrayList<>();
        for (DetectedFace face : detector.detect(image)) {
            if (attributeSettings.quality().accepts(quality.measure(image, face))) {
                usable.add(face.box());
            }
        }
        return usable;
    }

    @Override
    public void close() {
        models.values().forEach(OnnxModel::close);
        detector.close();
    }

    /**
     * @param millisPerFrame time in ORT per frame, all models together
     * @param perRole time per frame of each model role (a role without usable faces in a frame has
     *     no sample for it)
     */
    public record Result(Samples millisPerFrame, Map<String, Samples> perRole) {

        /** Both results' frames together. */
        public Result plus(Result other) {
            Map<String, Samples> roles = new LinkedHashMap<>();
            perRole.forEach(
                    (role, samples) ->
                            roles.put(
                                    role,
                                    samples.plus(other.perRole.getOrDefault(role, new Samples()))));
            return new Result(millisPerFrame.plus(other.millisPerFrame), roles);
        }

        /** Frames per second ORT alone could do: frames / total model time. */
        public double framesPerSecond() {
            return 1000.0 * millisPerFrame.count() / millisPerFrame.sum();
        }
    }
}
