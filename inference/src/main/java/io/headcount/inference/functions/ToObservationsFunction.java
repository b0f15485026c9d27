package io.headcount.inference.functions;

import io.headcount.inference.records.DetectedFrame;
import io.headcount.inference.records.FrameInfo;
import io.headcount.schemas.AttributeProbabilities;
import io.headcount.schemas.Box;
import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.FaceQuality;
import io.headcount.vision.attributes.AgeGroups;
import io.headcount.vision.attributes.FaceDescription;
import io.headcount.vision.detect.DetectedFace;
import io.headcount.vision.detect.FaceBox;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.util.Collector;

/**
 * One {@link FaceObservation} per detected face, with its track id once {@code track-faces} ran.
 * This is the privacy boundary of the job: only boxes, scores and probabilities go out; pixels and
 * landmarks stay behind (DESIGN.md section 5).
 *
 * <p>Metric: the histogram {@value StageMetrics#CAPTURE_LAG}, wall clock minus capture time when a
 * frame's observations leave, once per frame with faces.
 */
public final class ToObservationsFunction
        extends RichFlatMapFunction<DetectedFrame, FaceObservation> {

    private static final long serialVersionUID = 1L;

    private final String modelSet;
    private final TreeMap<String, String> modelVersions;
    private final List<String> expressionLabels;

    /** Null when the function runs outside Flink (called directly), where there are no metrics. */
    private transient Histogram captureLag;

    /**
     * @param modelSet name and version of the model set, e.g. {@code default-2026.12}
     * @param modelVersions role to model version of every model used, e.g. {@code detector ->
     *     yunet-n@104ee26c71d5}
     * @param expressionLabels expression class names in the order of the expression head's output
     */
    public ToObservationsFunction(
            String modelSet, Map<String, String> modelVersions, List<String> expressionLabels) {
        this.modelSet = modelSet;
        this.modelVersions = new TreeMap<>(modelVersions);
        this.expressionLabels = List.copyOf(expressionLabels);
    }

    /** Without an expression head. */
    public ToObservationsFunction(String modelSet, Map<String, String> modelVersions) {
        this(modelSet, modelVersions, List.of());
    }

    @Override
    public void open(OpenContext openContext) {
        captureLag = StageMetrics.captureLag(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void flatMap(DetectedFrame detected, Collector<FaceObservation> out) {
        FrameInfo frame = detected.frame();
        int facesInFrame = detected.faces().length;
        if (captureLag != null && facesInFrame > 0) {
            captureLag.update(System.currentTimeMillis() - frame.captureTime());
        }
        for (int i = 0; i < facesInFrame; i++) {
            DetectedFace face = detected.faces()[i];
            FaceDescription description =
                    detected.descriptions() == null ? null : detected.descriptions()[i];
            String trackId = detected.trackIds() == null ? null : detected.trackIds()[i];
            FaceBox box = face.box();
            out.collect(
                    FaceObservation.newBuilder()
                            .setSite(frame.site())
                            .setCamera(frame.camera())
                            .setFrameTime(Instant.ofEpochMilli(frame.captureTime()))
                            .setFrameSequence(frame.sequence())
                            .setFacesInFrame(facesInFrame)
                            .setTrackId(trackId)
                            .setBox(new Box(box.x(), box.y(), box.width(), box.height()))
                            .setDetectionScore(face.score())
                            .setQuality(quality(box, description))
                            .setAttributes(attributes(description))
                            .setModelSet(modelSet)
                            .setModelVersions(new TreeMap<>(modelVersions))
                            .build());
        }
    }

    private static FaceQuality quality(FaceBox box, FaceDescription description) {
        FaceQuality.Builder quality = FaceQuality.newBuilder().setFaceSize(box.shorterSide());
        if (description != null) {
            quality.setSharpness(description.sharpness()).setYaw(description.yaw());
        }
        return quality.build();
    }

    /**
     * Only the probabilities the heads gave (a face good enough and picked for them; p(masked) also
     * for a face good enough but not picked, see {@link FaceDescription#usable}); everything else
     * stays null.
     */
    private AttributeProbabilities attributes(FaceDescription description) {
        AttributeProbabilities.Builder attributes = AttributeProbabilities.newBuilder();
        if (description != null && description.usable()) {
            attributes
                    .setFemale(description.female())
                    .setAgeGroups(labelled(AgeGroups.LABELS, description.ageGroups()))
                    .setExpressions(labelled(expressionLabels, description.expressions()));
        }
        if (description != null) {
            attributes.setMasked(description.masked());
        }
        return attributes.build();
    }

    private static Map<String, Float> labelled(List<String> labels, float[] probabilities) {
        if (probabilities == null) {
            return null;
        }
        if (probabilities.length != labels.size()) {
            throw new IllegalStateException(
                    probabilities.length + " probabilities for labels " + labels);
        }
        Map<String, Float> map = new LinkedHashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            map.put(labels.get(i), probabilities[i]);
        }
        return map;
    }
}
