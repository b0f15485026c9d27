package io.headcount.bench.jmh;

import io.headcount.vision.attributes.FaceDescriber;
import io.headcount.vision.attributes.FaceDescription;
import io.headcount.vision.attributes.FrameMasks;
import io.headcount.vision.attributes.MaskCorroboration;
import io.headcount.vision.attributes.RegionSearch;
import io.headcount.vision.detect.DetectedFace;
import io.headcount.vision.detect.LetterboxTensor;
import io.headcount.vision.detect.YuNetDetector;
import io.headcount.vision.frame.BgrImage;
import io.headcount.vision.track.ByteTracker;
import io.headcount.vision.track.RandomTrackIds;
import io.headcount.vision.track.TrackerState;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The stages around the models, one frame per call: the whole detection stage (letterbox, YuNet,
 * decoding), the attribute batch (quality, crops and every head of {@code attributes.heads} on all
 * faces of the frame), and the tracker's update.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class ModelStageBenchmarks {

    public static final int BATCH = 4;

    private YuNetDetector detector;

    /** The job's detector: decoding down to the corroborated score, then the second opinion. */
    private YuNetDetector corroboratingDetector;

    private RegionSearch search;

    private MaskCorroboration corroboration;
    private FaceDescriber describer;
    private ByteTracker tracker;
    private TrackerState trackerState;

    @Setup(Level.Trial)
    public void setUp(StageInputs inputs) {
        detector = YuNetDetector.open(inputs.options.detector());
        corroboration = inputs.options.maskCorroboration();
        corroboratingDetector =
                YuNetDetector.open(corroboration.decodingDown(inputs.options.detector()));
        search = RegionSearch.open(inputs.options.detector(), corroboration);
        describer = FaceDescriber.open(inputs.options.attributes());
        tracker = new ByteTracker(inputs.options.tracker(), new RandomTrackIds());
        trackerState = new TrackerState();
    }

    @Benchmark
    public List<DetectedFace> detectStage(StageInputs inputs) {
        return detector.detect(inputs.images.get(inputs.nextIndex()));
    }

    /**
     * The detection stage as the job runs it: YuNet decoded down to {@code
     * detector.corroborated-score}, then the mask detector's findings (made ahead, on the decoding
     * thread) lift the low faces they confirm, and findings no face explains are searched again
     * ({@link RegionSearch}). Beside {@link #detectStage} it is the second opinion's cost.
     */
    @Benchmark
    public List<DetectedFace> detectStageWithSecondOpinion(StageInputs inputs) {
        int i = inputs.nextIndex();
        BgrImage image = inputs.images.get(i);
        FrameMasks masks = inputs.masks.get(i);
        return corroboration
                .keep(
                        search.search(image, corroboratingDetector.detect(image), masks, List.of())
                                .faces(),
                        masks)
                .faces();
    }

    /**
     * The detection stage over batches of {@value #BATCH} consecutive frames in one model run
     * ({@code detector.batch-frames}), timed per frame: set beside {@link #detectStage} it says
     * whether batching pays on this machine.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public List<List<DetectedFace>> detectStageBatched(StageInputs inputs) {
        List<BgrImage> frames = new ArrayList<>(BATCH);
        List<LetterboxTensor> tensors = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            frames.add(inputs.images.get(inputs.nextIndex()));
            tensors.add(null);
        }
        return detector.detectAll(frames, tensors);
    }

    @Benchmark
    public FaceDescription[] attributeBatch(StageInputs inputs) {
        int i = inputs.nextIndex();
        return describer.describe(inputs.images.get(i), inputs.detections.get(i));
    }

    @Benchmark
    public ByteTracker.Result trackerUpdate(StageInputs inputs) {
        int i = inputs.nextIndex();
        if (i == 0) {
            // The sequence starts over: a fresh state, as for a camera seen for the first time.
            trackerState = new TrackerState();
        }
        return tracker.update(trackerState, inputs.trackerInput.get(i));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        detector.close();
        corroboratingDetector.close();
        search.close();
        describer.close();
    }
}
