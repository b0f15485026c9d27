package io.headcount.bench;

import io.headcount.vision.attributes.AttributeHeads;
import io.headcount.vision.attributes.AttributeSettings;
import io.headcount.vision.attributes.DescribeBudget;
import io.headcount.vision.attributes.DescribeBudgetState;
import io.headcount.vision.attributes.FaceBatch;
import io.headcount.vision.attributes.FaceDescriber;
import io.headcount.vision.attributes.FaceDescription;
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
import io.headcount.vision.onnx.OnnxSettings;
import io.headcount.vision.onnx.PreparedInput;
import io.headcount.vision.quality.FaceQualityMeasure;
import io.headcount.vision.settings.FaceAnalysisOptions;
import io.headcount.vision.track.ByteTracker;
import io.headcount.vision.track.Detection;
import io.headcount.vision.track.FrameDetections;
import io.headcount.vision.track.RandomTrackIds;
import io.headcount.vision.track.TrackerState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The floor: ONNX Runtime alone on the same models, frames and faces as the job, with the same
 * session settings. Every input tensor is built and copied into native memory when the floor opens;
 * only {@code session.run} is timed. Nothing the job does around the models (JPEG decoding,
 * letterbox, crops, decoding, quality, tracking, Kafka, Flink) is in it.
 *
 * <p>The models run what the job runs, no more: the detector and the whole-frame mask detector on
 * every frame, the face heads only on the faces the job's {@link DescribeBudget} picks. Which faces
 * those are is worked out when the floor opens, by the job's own parts on the frames in the order
 * the end-to-end run sends them ({@link EndToEndRun#FRAME_INTERVAL_MILLIS} apart, the list cycled):
 * the detector, the quality thresholds, {@link ByteTracker} and the budget fed with the heads'
 * p(female). The frames are cycled twice and the second cycle's picks are kept: the job sees the
 * list over and over, and every wrap ends the tracks (people jump back to where they were), so the
 * second cycle is what every later one looks like.
 *
 * <p>Two figures:
 *
 * <ul>
 *   <li>{@link #measure one thread}: the models one after another on one thread; {@code 1000 /
 *       millisPerFrame} is what one core gives them.
 *   <li>{@link #measureAllCores all cores}: the same work on {@code threads} cores, measured two
 *       ways, frames spread over {@code threads} workers sharing the sessions (each with the job's
 *       own session settings), and one worker whose sessions have {@code threads} intra-op threads;
 *       the faster is the floor of the machine.
 * </ul>
 */
public final class ModelFloor implements AutoCloseable {

    /** How the all-core floor ran its frames. */
    public enum Mode {
        /** Frames spread over parallel workers, the sessions shared, the job's session settings. */
        WORKERS,
        /** One worker, each session with an intra-op thread per core. */
        INTRA_OP
    }

    private final List<String> roles = new ArrayList<>();
    private final Map<String, OnnxModel> models = new LinkedHashMap<>();
    private final Map<String, OnnxModel> intraOpModels = new LinkedHashMap<>();
    private final List<List<RoleInput>> frames = new ArrayList<>();
    private final int threads;
    private final ExecutorService workers;
    private Plan plan;

    /** One model call of a frame: its role and its input, already in native memory. */
    private record RoleInput(String role, PreparedInput input) {}

    /**
     * What the budget left for the heads on the cycle measured.
     *
     * @param frames frames of the cycle
     * @param facesDetected faces the detector found
     * @param facesUsable faces passing the quality thresholds (all of them got the heads before
     *     budgets)
     * @param facesDescribed faces the budget picked: the heads run on these
     */
    public record Plan(int frames, int facesDetected, int facesUsable, int facesDescribed) {

        /** Share of usable faces that get the heads; 1 with the budget off. */
        public double describedShare() {
            return facesUsable == 0 ? 0 : (double) facesDescribed / facesUsable;
        }
    }

    private ModelFloor(FaceAnalysisOptions options, List<BgrImage> images, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + threads);
        }
        this.threads = threads;
        this.workers = Executors.newFixedThreadPool(threads, ModelFloor::daemon);
        try {
            DetectorSettings detector = options.detector();
            AttributeSettings attributes = options.attributes();
            roles.add(YuNetModel.ROLE);
            roles.addAll(attributes.heads());
            load(models, detector, attributes, OnnxSettings::intraOpThreads);
            if (threads > 1) {
                load(intraOpModels, detector, attributes, settings -> threads);
            }
            prepare(options, images);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Loads the models and prepares every frame's inputs (the detector, tracker, budget and heads
     * run once over the frames for that).
     *
     * @param images the frames, in the order the end-to-end run sends them
     * @param threads cores the all-core floor may use
     */
    public static ModelFloor open(FaceAnalysisOptions options, List<BgrImage> images, int threads) {
        return new ModelFloor(options, images, threads);
    }

    public int threads() {
        return threads;
    }

    /** What the describe budget left for the heads. */
    public Plan plan() {
        return plan;
    }

    private void load(
            Map<String, OnnxModel> into,
            DetectorSettings detector,
            AttributeSettings attributes,
            Function<OnnxSettings, Integer> intraOpThreads) {
        OnnxSettings detectorOnnx =
                detector.onnx().withIntraOpThreads(intraOpThreads.apply(detector.onnx()));
        into.put(
                YuNetModel.ROLE,
                OnnxModel.load(detector.model(), Path.of(detector.modelDirectory()), detectorOnnx));
        for (String role : attributes.heads()) {
            ModelEntry entry = attributes.manifest().model(role);
            OnnxSettings onnx = attributes.onnxOf(role);
            into.put(
                    role,
                    OnnxModel.load(
                            entry.spec(),
                            Path.of(attributes.modelDirectory()),
                            onnx.withIntraOpThreads(intraOpThreads.apply(onnx))));
        }
    }

    /** Runs the job's parts over the frames twice and keeps the second cycle's model inputs. */
    private void prepare(FaceAnalysisOptions options, List<BgrImage> images) {
        AttributeSettings attributes = options.attributes();
        DetectorSettings detectorSettings = options.detector();
        ByteTracker tracker = new ByteTracker(options.tracker(), new RandomTrackIds());
        TrackerState tracks = new TrackerState();
        DescribeBudget budget =
                new DescribeBudget(options.describeBudget(), options.tracker().maxLostMillis());
        DescribeBudgetState budgetState = new DescribeBudgetState();
        Letterbox letterbox = new Letterbox(detectorSettings.longestSide());
        try (YuNetDetector detector = YuNetDetector.open(detectorSettings);
                FaceDescriber describer = FaceDescriber.open(attributes)) {
            int detected = 0;
            int usable = 0;
            int described = 0;
            for (int cycle = 0; cycle < 2; cycle++) {
                for (int i = 0; i < images.size(); i++) {
                    BgrImage image = images.get(i);
                    long sequence = (long) cycle * images.size() + i;
                    long time = sequence * EndToEndRun.FRAME_INTERVAL_MILLIS;
                    DetectedFace[] faces = detector.detect(image).toArray(DetectedFace[]::new);
                    String[] trackIds =
                            tracker.update(tracks, detections(image, faces, time, sequence))
                                    .tracks()
                                    .trackIds();
                    FaceQualityMeasure[] measures = describer.measure(image, faces);
                    boolean[] accepted = new boolean[faces.length];
                    for (int f = 0; f < faces.length; f++) {
                        accepted[f] = describer.accepts(measures[f]);
                    }
                    boolean[] picked = budget.pick(budgetState, time, trackIds, measures, accepted);
                    FaceDescription[] descriptions =
                            describer.describe(image, null, faces, measures, picked);
                    List<FaceBox> pickedBoxes = new ArrayList<>();
                    for (int f = 0; f < faces.length; f++) {
                        if (picked[f]) {
                            budget.described(
                                    budgetState,
                                    trackIds[f],
                                    measures[f],
                                    descriptions[f].female());
                            pickedBoxes.add(faces[f].box());
                        }
                    }
                    if (cycle == 1) {
                        detected += faces.length;
                        for (boolean ok : accepted) {
                            usable += ok ? 1 : 0;
                        }
                        described += pickedBoxes.size();
                        frames.add(inputs(attributes, letterbox, image, pickedBoxes));
                    }
                }
            }
            plan = new Plan(images.size(), detected, usable, described);
        }
    }

    private static FrameDetections detections(
            BgrImage image, DetectedFace[] faces, long time, long sequence) {
        Detection[] detections = new Detection[faces.length];
        for (int i = 0; i < faces.length; i++) {
            FaceBox box = faces[i].box();
            detections[i] =
                    new Detection(box.x(), box.y(), box.width(), box.height(), faces[i].score());
        }
        return new FrameDetections(
                EndToEndRun.SITE,
                EndToEndRun.CAMERA,
                time,
                sequence,
                image.width(),
                image.height(),
                detections);
    }

    /** A frame's model inputs in native memory: the heads' on the picked faces alone. */
    private List<RoleInput> inputs(
            AttributeSettings attributes,
            Letterbox letterbox,
            BgrImage image,
            List<FaceBox> picked) {
        List<RoleInput> inputs = new ArrayList<>();
        LetterboxTensor tensor = letterbox.apply(image);
        inputs.add(
                new RoleInput(
                        YuNetModel.ROLE,
                        models.get(YuNetModel.ROLE)
                                .prepare(YuNetModel.INPUT, tensor.data(), tensor.shape())));
        FaceBatch batch = new FaceBatch(image, picked);
        for (String role : attributes.heads()) {
            ModelEntry entry = attributes.manifest().model(role);
            float[] data;
            long[] shape;
            if (MaskHead.ROLE.equals(role)) {
                FrameResize resize = MaskHead.inputResize(entry);
                data = resize.apply(image);
                shape = resize.shape();
            } else {
                if (picked.isEmpty()) {
                    continue;
                }
                int size = entry.input().dimension(2);
                data = batch.crops(AttributeHeads.crop(role, entry, attributes.cropScale()));
                shape = new long[] {picked.size(), 3, size, size};
            }
            inputs.add(
                    new RoleInput(
                            role, models.get(role).prepare(entry.input().name(), data, shape)));
        }
        return inputs;
    }

    /**
     * One pass over the frames, the models one after another on this thread.
     *
     * @return the models' time per frame, in total and per role
     */
    public Result measure() {
        Samples total = new Samples();
        Map<String, Samples> perRole = new LinkedHashMap<>();
        roles.forEach(role -> perRole.put(role, new Samples()));
        for (List<RoleInput> frame : frames) {
            double millis = 0;
            for (RoleInput call : frame) {
                long start = System.nanoTime();
                models.get(call.role()).runPrepared(call.input());
                double elapsed = (System.nanoTime() - start) / 1e6;
                perRole.get(call.role()).add(elapsed);
                millis += elapsed;
            }
            total.add(millis);
        }
        return new Result(total, perRole);
    }

    /**
     * One pass over the frames in each {@link Mode}, wall-clock time. With one thread both are the
     * one-thread floor.
     */
    public AllCores measureAllCores() {
        double workerSeconds = timedPass(models, threads);
        double intraOpSeconds = threads > 1 ? timedPass(intraOpModels, 1) : workerSeconds;
        return new AllCores(threads, frames.size(), workerSeconds, intraOpSeconds);
    }

    /** Seconds for {@code parallel} workers to run every frame once, frames taken in turn. */
    private double timedPass(Map<String, OnnxModel> sessions, int parallel) {
        AtomicInteger next = new AtomicInteger();
        Runnable worker =
                () -> {
                    for (int i = next.getAndIncrement();
                            i < frames.size();
                            i = next.getAndIncrement()) {
                        for (RoleInput call : frames.get(i)) {
                            sessions.get(call.role()).runPrepared(call.input());
                        }
                    }
                };
        long start = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < parallel; w++) {
            running.add(workers.submit(worker));
        }
        for (Future<?> future : running) {
            try {
                future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("floor interrupted", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("floor worker failed", e.getCause());
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static Thread daemon(Runnable task) {
        Thread thread = new Thread(task, "model-floor");
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public void close() {
        workers.shutdownNow();
        frames.forEach(frame -> frame.forEach(call -> call.input().close()));
        frames.clear();
        models.values().forEach(OnnxModel::close);
        intraOpModels.values().forEach(OnnxModel::close);
    }

    /**
     * @param millisPerFrame time in ORT per frame, all models together
     * @param perRole time of each model role per call (a head without picked faces in a frame has
     *     no call there)
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

        /** Frames per second ORT alone could do on one core: frames / total model time. */
        public double framesPerSecond() {
            return 1000.0 * millisPerFrame.count() / millisPerFrame.sum();
        }

        /** A role's time per frame over all frames, so the roles add up to the frame's time. */
        public double millisPerFrame(String role) {
            return perRole.get(role).sum() / millisPerFrame.count();
        }
    }

    /**
     * Wall-clock passes of the all-core floor.
     *
     * @param threads cores used
     * @param frames frames run per mode
     * @param workerSeconds time of the frames spread over {@code threads} workers
     * @param intraOpSeconds time of the frames on one worker with {@code threads} intra-op threads
     */
    public record AllCores(int threads, int frames, double workerSeconds, double intraOpSeconds) {

        public AllCores plus(AllCores other) {
            return new AllCores(
                    threads,
                    frames + other.frames,
                    workerSeconds + other.workerSeconds,
                    intraOpSeconds + other.intraOpSeconds);
        }

        public double workersFramesPerSecond() {
            return frames / workerSeconds;
        }

        public double intraOpFramesPerSecond() {
            return frames / intraOpSeconds;
        }

        /** The faster way of using the cores. */
        public Mode mode() {
            return workerSeconds <= intraOpSeconds ? Mode.WORKERS : Mode.INTRA_OP;
        }

        /** Frames per second the models alone could do on all the cores: the faster mode's. */
        public double framesPerSecond() {
            return Math.max(workersFramesPerSecond(), intraOpFramesPerSecond());
        }
    }
}
