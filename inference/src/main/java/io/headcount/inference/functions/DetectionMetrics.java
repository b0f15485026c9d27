package io.headcount.inference.functions;

import io.headcount.vision.attributes.MaskCorroboration;
import io.headcount.vision.detect.YuNetModel;
import java.util.List;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The metrics of {@code detect-faces}, whether it runs frame by frame ({@link DetectFacesFunction})
 * or in batches ({@link BatchingDetectOperator}): counters {@value #FRAMES_METRIC} and {@value
 * #FACES_METRIC}, meters {@value #FRAMES_RATE} and {@value #FACES_RATE} (per second over a minute),
 * counter {@value #CORROBORATED_METRIC} (faces kept only because the mask detector found them too:
 * {@link io.headcount.vision.attributes.MaskCorroboration}), counter {@value #LOW_SCORE_METRIC}
 * (faces below the threshold kept only for the tracker's second pass, not in {@value
 * #FACES_METRIC}), counters {@value #REGIONS_SEARCHED_METRIC} and {@value #FOUND_BY_SEARCH_METRIC}
 * (regions searched again at the frame's own resolution, around mask findings and the camera's last
 * faces, and the faces found there: {@link io.headcount.vision.attributes.RegionSearch}), the
 * detector's time per frame in {@code model=detector / modelTimeMicros}, the stage's in {@value
 * StageMetrics#STAGE_TIME}, and frames per model run in {@value #BATCH_FRAMES}.
 */
final class DetectionMetrics {

    static final String FRAMES_METRIC = "framesDetected";
    static final String FACES_METRIC = "facesDetected";
    static final String FRAMES_RATE = "framesPerSecond";
    static final String FACES_RATE = "facesPerSecond";
    static final String CORROBORATED_METRIC = "facesCorroborated";
    static final String LOW_SCORE_METRIC = "facesLowScore";
    static final String REGIONS_SEARCHED_METRIC = "regionsSearched";
    static final String FOUND_BY_SEARCH_METRIC = "facesFoundBySearch";

    /** Frames per detector run (1 without batching): how full the batches are. */
    static final String BATCH_FRAMES = "detectorBatchFrames";

    private final Counter frames;
    private final Counter faces;
    private final Counter corroborated;
    private final Counter lowScore;
    private final Counter regionsSearched;
    private final Counter foundBySearch;
    private final Histogram modelTime;
    private final Histogram stageTime;
    private final Histogram batchFrames;

    private DetectionMetrics(MetricGroup metrics) {
        frames = metrics.counter(FRAMES_METRIC);
        faces = metrics.counter(FACES_METRIC);
        corroborated = metrics.counter(CORROBORATED_METRIC);
        lowScore = metrics.counter(LOW_SCORE_METRIC);
        regionsSearched = metrics.counter(REGIONS_SEARCHED_METRIC);
        foundBySearch = metrics.counter(FOUND_BY_SEARCH_METRIC);
        metrics.meter(FRAMES_RATE, new MeterView(frames));
        metrics.meter(FACES_RATE, new MeterView(faces));
        modelTime = ModelMetrics.modelTime(metrics, YuNetModel.ROLE);
        stageTime = StageMetrics.stageTime(metrics);
        batchFrames =
                metrics.histogram(
                        BATCH_FRAMES, new DescriptiveStatisticsHistogram(StageMetrics.WINDOW));
    }

    static DetectionMetrics register(MetricGroup metrics) {
        return new DetectionMetrics(metrics);
    }

    /**
     * One model run over as many frames as {@code judged} has (what was kept of each, and what the
     * region search did on each) that took {@code micros}; each frame is charged its share of the
     * time.
     */
    void run(List<FaceJudgement.Judged> judged, long micros) {
        long perFrame = micros / judged.size();
        for (FaceJudgement.Judged frame : judged) {
            MaskCorroboration.Kept kept = frame.kept();
            modelTime.update(perFrame);
            stageTime.update(perFrame);
            faces.inc(kept.found());
            corroborated.inc(kept.lifted());
            lowScore.inc(kept.lowScoreFaces());
            regionsSearched.inc(frame.searched().regions());
            foundBySearch.inc(frame.searched().added());
        }
        batchFrames.update(judged.size());
        frames.inc(judged.size());
    }
}
