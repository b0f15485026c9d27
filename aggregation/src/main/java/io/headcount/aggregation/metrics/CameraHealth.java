package io.headcount.aggregation.metrics;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What this instance saw of each camera lately, for the REST API's per-camera health lines: the
 * newest frame time, when the last record arrived (wall clock) and how far behind capture it was,
 * frames, observations and dead letters per minute of arrival, the aggregation's own and the
 * inference job's (reasons only, from {@link DeadLetteredFramesReader}). In memory only, like the
 * meters: a restart starts it afresh, and records Streams reprocesses after a crash count again.
 * Fed where records enter ({@code FrameAssembler}, the dead-letter handlers), so a camera's line
 * lives on the instance that reads its input partition. Thread-safe; at most {@value #MAX_CAMERAS}
 * cameras (the least recently seen is forgotten), so forged camera ids cannot grow it without
 * bound.
 *
 * <p>Kafka Streams creates the dead-letter handlers by reflection, so the board reaches them, as
 * the meter registry does, as an object-valued setting ({@value #CONFIG}).
 */
public final class CameraHealth {

    /** Setting whose value is this instance's {@link CameraHealth}. */
    public static final String CONFIG = "headcount.camera.health";

    /** Far more cameras than an instance serves. */
    public static final int MAX_CAMERAS = 65_536;

    private static final long MINUTE = 60_000;

    /** A status word of a health line, worst first. */
    public enum Status {
        /** No record of the camera for longer than {@link Thresholds#silentAfterMillis}. */
        SILENT("silent"),
        /** Dead letters of the camera within {@link Thresholds#recentMillis}. */
        DEAD_LETTERING("dead-lettering"),
        /** Its newest record arrived more than {@link Thresholds#lagMaxMillis} after capture. */
        LAGGING("lagging"),
        OK("ok");

        private final String word;

        Status(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    /**
     * When a camera's line says something is wrong.
     *
     * @param silentAfterMillis no record for longer: silent
     * @param lagMaxMillis the newest record arrived longer than this after its capture: lagging
     * @param recentMillis the span the line's counts cover; any dead letter in it: dead-lettering
     */
    public record Thresholds(long silentAfterMillis, long lagMaxMillis, long recentMillis) {
        public Thresholds {
            if (silentAfterMillis <= 0 || lagMaxMillis <= 0 || recentMillis <= 0) {
                throw new IllegalArgumentException(
                        "health thresholds must be positive: "
                                + silentAfterMillis
                                + ", "
                                + lagMaxMillis
                                + ", "
                                + recentMillis);
            }
        }
    }

    /**
     * One camera's health as this instance saw it.
     *
     * @param site the camera's site; null when only dead letters named the camera (no valid record)
     * @param camera camera id
     * @param lastFrameTime the newest capture time among its records (epoch ms), or null
     * @param lastArrival when its last valid record arrived (wall clock, epoch ms), or null
     * @param secondsSinceLastFrame now minus {@code lastFrameTime}, in seconds, or null
     * @param secondsSinceLastArrival now minus {@code lastArrival}, in seconds, or null
     * @param lagMillis how long after its capture the last valid record arrived, or null
     * @param recentSeconds the span the counts below cover
     * @param frames processed frames that arrived in that span (ends of stream not counted)
     * @param faceObservations observations that arrived in that span
     * @param deadLetters dead letters in that span, by reason
     * @param deadLettersSinceStart dead letters since this instance started, by reason
     * @param inferenceDeadLetters the inference job's dead letters of the camera's frames that
     *     arrived in that span, by reason (read from {@code dead-lettered-frames}: reasons, never
     *     the frames)
     * @param inferenceDeadLettersSinceStart the same since this instance started
     * @param lastInferenceDeadLetter the reason of the newest of them, or null
     * @param lastInferenceDeadLetterAt when the job dead-lettered that frame (epoch ms), or null
     * @param status the worst that applies: silent, dead-lettering, lagging, ok
     */
    public record Line(
            String site,
            String camera,
            Long lastFrameTime,
            Long lastArrival,
            Long secondsSinceLastFrame,
            Long secondsSinceLastArrival,
            Long lagMillis,
            long recentSeconds,
            long frames,
            long faceObservations,
            Map<String, Long> deadLetters,
            Map<String, Long> deadLettersSinceStart,
            Map<String, Long> inferenceDeadLetters,
            Map<String, Long> inferenceDeadLettersSinceStart,
            String lastInferenceDeadLetter,
            Long lastInferenceDeadLetterAt,
            String status) {}

    /** Counts of one minute of arrival. */
    private static final class Minute {
        final long start;
        long frames;
        long observations;
        final Map<String, Long> deadLetters = new TreeMap<>();
        final Map<String, Long> inferenceDeadLetters = new TreeMap<>();

        Minute(long start) {
            this.start = start;
        }
    }

    private static final class Camera {
        String site;
        long lastFrameTime = Long.MIN_VALUE;
        long lastArrival = Long.MIN_VALUE;
        long lagMillis;
        final Deque<Minute> minutes = new ArrayDeque<>();
        final Map<String, Long> deadLettersSinceStart = new TreeMap<>();
        final Map<String, Long> inferenceDeadLettersSinceStart = new TreeMap<>();
        String lastInferenceDeadLetter;
        long lastInferenceDeadLetterAt = Long.MIN_VALUE;

        Minute minute(long now, long keepMillis) {
            long start = now - Math.floorMod(now, MINUTE);
            while (!minutes.isEmpty() && minutes.peekFirst().start + MINUTE <= now - keepMillis) {
                minutes.removeFirst();
            }
            Minute last = minutes.peekLast();
            if (last == null || last.start < start) {
                last = new Minute(start);
                minutes.addLast(last);
            }
            return last;
        }
    }

    private final Thresholds thresholds;
    private final Map<String, Camera> cameras =
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Camera> eldest) {
                    return size() > MAX_CAMERAS;
                }
            };

    public CameraHealth(Thresholds thresholds) {
        this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
    }

    public Thresholds thresholds() {
        return thresholds;
    }

    /** The board in the Streams settings a processor or handler receives, or null. */
    public static CameraHealth from(Map<String, ?> configs) {
        Object board = configs.get(CONFIG);
        if (board == null || board instanceof CameraHealth) {
            return (CameraHealth) board;
        }
        throw new IllegalArgumentException(
                CONFIG + " must be a CameraHealth instance, not " + board.getClass().getName());
    }

    /**
     * A valid record of {@code camera} arrived at {@code now}: a processed frame ({@code frame}
     * true; an end of stream moves the clock but counts no frame) or an observation.
     */
    public synchronized void seen(
            String site,
            String camera,
            long frameTime,
            boolean frame,
            boolean endOfStream,
            long now) {
        Camera seen = cameras.computeIfAbsent(camera, c -> new Camera());
        seen.site = site;
        seen.lastArrival = Math.max(seen.lastArrival, now);
        if (frameTime >= seen.lastFrameTime) {
            seen.lastFrameTime = frameTime;
            seen.lagMillis = Math.max(0, now - frameTime);
        }
        Minute minute = seen.minute(now, thresholds.recentMillis());
        if (frame && !endOfStream) {
            minute.frames++;
        } else if (!frame) {
            minute.observations++;
        }
    }

    /** A record keyed {@code camera} went to a dead-letter topic at {@code now}. */
    public synchronized void deadLettered(String camera, String reason, long now) {
        Camera seen = cameras.computeIfAbsent(camera, c -> new Camera());
        seen.minute(now, thresholds.recentMillis()).deadLetters.merge(reason, 1L, Long::sum);
        seen.deadLettersSinceStart.merge(reason, 1L, Long::sum);
    }

    /**
     * The inference job dead-lettered a frame of {@code camera} at {@code failedAt} for {@code
     * reason}; its notice arrived here at {@code now}.
     */
    public synchronized void inferenceDeadLettered(
            String camera, String reason, long failedAt, long now) {
        Camera seen = cameras.computeIfAbsent(camera, c -> new Camera());
        seen.minute(now, thresholds.recentMillis())
                .inferenceDeadLetters
                .merge(reason, 1L, Long::sum);
        seen.inferenceDeadLettersSinceStart.merge(reason, 1L, Long::sum);
        if (failedAt >= seen.lastInferenceDeadLetterAt) {
            seen.lastInferenceDeadLetterAt = failedAt;
            seen.lastInferenceDeadLetter = reason;
        }
    }

    /** Every camera's line at {@code now}, by camera id. */
    public synchronized List<Line> lines(long now) {
        List<Line> lines = new ArrayList<>();
        new TreeMap<>(cameras).forEach((camera, seen) -> lines.add(line(camera, seen, now)));
        return lines;
    }

    private Line line(String camera, Camera seen, long now) {
        long since = now - thresholds.recentMillis();
        long frames = 0;
        long observations = 0;
        Map<String, Long> deadLetters = new TreeMap<>();
        Map<String, Long> inferenceDeadLetters = new TreeMap<>();
        for (Minute minute : seen.minutes) {
            // A minute counts while any of it lies in the span: the counts cover up to a minute
            // more.
            if (minute.start + MINUTE > since) {
                frames += minute.frames;
                observations += minute.observations;
                minute.deadLetters.forEach((reason, n) -> deadLetters.merge(reason, n, Long::sum));
                minute.inferenceDeadLetters.forEach(
                        (reason, n) -> inferenceDeadLetters.merge(reason, n, Long::sum));
            }
        }
        boolean valid = seen.site != null;
        boolean deadLettering = !deadLetters.isEmpty() || !inferenceDeadLetters.isEmpty();
        Status status;
        if (!valid || now - seen.lastArrival > thresholds.silentAfterMillis()) {
            status = Status.SILENT;
        } else if (deadLettering) {
            status = Status.DEAD_LETTERING;
        } else if (seen.lagMillis > thresholds.lagMaxMillis()) {
            status = Status.LAGGING;
        } else {
            status = Status.OK;
        }
        if (!valid && deadLettering) {
            // Only bad records: what it sends is refused, which matters more than silence.
            status = Status.DEAD_LETTERING;
        }
        return new Line(
                seen.site,
                camera,
                valid ? seen.lastFrameTime : null,
                valid ? seen.lastArrival : null,
                valid ? (now - seen.lastFrameTime) / 1000 : null,
                valid ? (now - seen.lastArrival) / 1000 : null,
                valid ? seen.lagMillis : null,
                thresholds.recentMillis() / 1000,
                frames,
                observations,
                deadLetters,
                new TreeMap<>(seen.deadLettersSinceStart),
                inferenceDeadLetters,
                new TreeMap<>(seen.inferenceDeadLettersSinceStart),
                seen.lastInferenceDeadLetter,
                seen.lastInferenceDeadLetter == null ? null : seen.lastInferenceDeadLetterAt,
                status.word());
    }
}
