package io.headcount.app.demo;

import io.headcount.aggregation.domain.Fused;
import io.headcount.aggregation.tracking.BinaryEvidence;
import io.headcount.aggregation.tracking.CategoricalEvidence;
import io.headcount.aggregation.tracking.FusionRules;
import io.headcount.aggregation.tracking.ImpressionWeight;
import io.headcount.schemas.AttributeProbabilities;
import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.FrameEvent;
import io.headcount.schemas.FrameProcessed;
import io.headcount.schemas.FusedAttribute;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The demo's live view (DESIGN.md section 5.6, {@code demo --show-video}): the newest frames of
 * each camera, kept in this process's memory only, joined by camera and frame sequence with what
 * the pipeline published about them (boxes, track ids and attribute probabilities on {@code
 * face-observations}; the number of faces per frame on {@code frames-processed}). A frame is shown
 * once the pipeline's results for it are complete, so its boxes sit on its own pixels; its labels
 * are each track's attributes fused over its impressions so far, as the aggregation fuses them, and
 * {@code undetermined} below the product's confidence threshold.
 *
 * <p>Bounded: per camera at most {@value #MAX_FRAMES} frames and {@value #MAX_FRAME_BYTES} bytes of
 * JPEG, and at most {@value #MAX_TRACKS} tracks. A frame is dropped as soon as a newer one is
 * complete (it will never be shown); while the cache is full, new frames are not kept, so the
 * frames the pipeline is about to finish stay (however far the pipeline lags, the view shows
 * frames, only fewer of them). Nothing here is written anywhere; it is gone when the demo stops.
 * Thread-safe: frames come from the camera threads, results from the feed's thread, reads from the
 * web server's.
 */
public final class AnnotatedFrames {

    /** Half a minute at the demo's 4 fps; more frames wait only while the pipeline lags. */
    static final int MAX_FRAMES = 120;

    static final int MAX_FRAME_BYTES = 16 * 1024 * 1024;
    static final int MAX_TRACKS = 256;

    private final double threshold;
    private final Map<String, CameraFrames> cameras = new TreeMap<>();

    /**
     * @param threshold the confidence a fused attribute needs, else it reads {@code undetermined}:
     *     the aggregation's ({@code headcount.aggregation.fusion.confidence.threshold})
     */
    public AnnotatedFrames(double threshold) {
        this.threshold = threshold;
    }

    /** A frame the demo's camera handed to the publisher; an end-of-stream record is ignored. */
    public synchronized void frame(FrameEvent event) {
        if (event.getEndOfStream()) {
            return;
        }
        ByteBuffer jpeg = event.getJpeg().duplicate();
        byte[] bytes = new byte[jpeg.remaining()];
        jpeg.get(bytes);
        camera(event.getSite() + "/" + event.getCamera())
                .frame(
                        new Frame(
                                event.getSequence(),
                                event.getCaptureTime().toEpochMilli(),
                                event.getWidth(),
                                event.getHeight(),
                                bytes));
    }

    /** One face the inference job published. */
    public synchronized void observation(FaceObservation observation) {
        camera(observation.getSite() + "/" + observation.getCamera()).observation(observation);
    }

    /** The inference job processed a frame; its {@code faces} observations complete it. */
    public synchronized void processed(FrameProcessed frame) {
        if (!frame.getEndOfStream()) {
            camera(frame.getSite() + "/" + frame.getCamera())
                    .processed(frame.getFrameSequence(), frame.getFaces());
        }
    }

    /** The cameras seen so far, as {@code site/camera}, sorted. */
    public synchronized List<String> cameras() {
        return List.copyOf(cameras.keySet());
    }

    /**
     * The newest frame of {@code camera} whose results are complete, with its faces; empty before
     * the first one (or for an unknown camera).
     */
    public synchronized Optional<View> newest(String camera) {
        CameraFrames frames = cameras.get(camera);
        return frames == null ? Optional.empty() : frames.newest(camera);
    }

    /** The sequence of the newest frame of {@code camera} sent to the pipeline; -1 before any. */
    public synchronized long newestSent(String camera) {
        CameraFrames frames = cameras.get(camera);
        return frames == null ? -1 : frames.newestSent;
    }

    public double threshold() {
        return threshold;
    }

    private CameraFrames camera(String camera) {
        return cameras.computeIfAbsent(camera, c -> new CameraFrames());
    }

    /** One annotated frame: the JPEG as the camera sent it, and every face found in it. */
    public record View(
            String camera,
            long sequence,
            long frameTime,
            int width,
            int height,
            byte[] jpeg,
            List<Face> faces) {}

    /**
     * One face: its box in frame pixels, its track's number in this view (1, 2, 3... per camera in
     * order of appearance; 0 before the tracker assigned one), and its track's fused attributes.
     */
    public record Face(
            int track,
            float x,
            float y,
            float width,
            float height,
            float detectionScore,
            Label sex,
            Label ageGroup,
            Label mask) {}

    /**
     * A fused value ({@code undetermined} below the threshold) and its confidence; null confidence
     * when the track has no evidence for it yet (or the attribute is switched off).
     */
    public record Label(String value, Float confidence) {

        static final Label NONE = new Label(Fused.UNDETERMINED, null);

        static Label of(FusedAttribute fused, boolean anyEvidence) {
            return anyEvidence
                    ? new Label(fused.getValue().toString(), fused.getConfidence())
                    : NONE;
        }
    }

    private record Frame(long sequence, long time, int width, int height, byte[] jpeg) {}

    /** A track's evidence so far, as the aggregation folds it (quality-weighted). */
    private static final class Track {
        final int number;
        final BinaryEvidence female = new BinaryEvidence();
        final CategoricalEvidence ageGroups = new CategoricalEvidence();
        final BinaryEvidence masked = new BinaryEvidence();
        boolean anySex;
        boolean anyAge;
        boolean anyMask;

        Track(int number) {
            this.number = number;
        }
    }

    private final class CameraFrames {
        final TreeMap<Long, Frame> frames = new TreeMap<>();
        long frameBytes;

        /** Faces per sequence, labelled when they arrived. */
        final TreeMap<Long, List<Face>> faces = new TreeMap<>();

        /** Faces the inference job found per processed sequence, until they all arrived. */
        final TreeMap<Long, Integer> expected = new TreeMap<>();

        /** Tracks in order of last use, so the least recently seen is dropped first. */
        final LinkedHashMap<String, Track> tracks = new LinkedHashMap<>(16, 0.75f, true);

        int nextTrackNumber = 1;
        long newestComplete = -1;
        long newestSent = -1;

        void frame(Frame frame) {
            newestSent = Math.max(newestSent, frame.sequence());
            if (frames.size() >= MAX_FRAMES || frameBytes + frame.jpeg().length > MAX_FRAME_BYTES) {
                return; // full of frames the pipeline has not finished yet: those go first
            }
            frames.put(frame.sequence(), frame);
            frameBytes += frame.jpeg().length;
        }

        void observation(FaceObservation observation) {
            // Every impression counts for its track's labels, whether or not its frame is kept.
            Face face = face(observation);
            long sequence = observation.getFrameSequence();
            if (frames.containsKey(sequence)) {
                faces.computeIfAbsent(sequence, s -> new ArrayList<>()).add(face);
                complete(sequence);
            }
        }

        void processed(long sequence, int faceCount) {
            if (frames.containsKey(sequence)) {
                expected.put(sequence, faceCount);
                complete(sequence);
            }
        }

        /**
         * A frame is shown once its processed record and all its faces have arrived; the frames
         * before it will never be shown, so they go.
         */
        private void complete(long sequence) {
            Integer count = expected.get(sequence);
            List<Face> found = faces.getOrDefault(sequence, List.of());
            if (count == null || found.size() < count || sequence < newestComplete) {
                return;
            }
            newestComplete = sequence;
            Map<Long, Frame> older = frames.headMap(sequence);
            older.values().forEach(old -> frameBytes -= old.jpeg().length);
            older.clear();
            faces.headMap(sequence).clear();
            expected.headMap(sequence + 1).clear();
        }

        Optional<View> newest(String camera) {
            Frame frame = frames.get(newestComplete);
            if (frame == null) {
                return Optional.empty();
            }
            return Optional.of(
                    new View(
                            camera,
                            frame.sequence(),
                            frame.time(),
                            frame.width(),
                            frame.height(),
                            frame.jpeg(),
                            List.copyOf(faces.getOrDefault(frame.sequence(), List.of()))));
        }

        private Face face(FaceObservation observation) {
            Track track = observation.getTrackId() == null ? null : track(observation.getTrackId());
            Label sex = Label.NONE;
            Label age = Label.NONE;
            Label mask = Label.NONE;
            if (track != null) {
                double weight = ImpressionWeight.of(observation.getQuality());
                AttributeProbabilities p = observation.getAttributes();
                track.anySex |= track.female.add(p.getFemale(), weight);
                track.anyAge |= track.ageGroups.add(p.getAgeGroups(), weight);
                track.anyMask |= track.masked.add(p.getMasked(), weight);
                sex =
                        Label.of(
                                FusionRules.fuseSex(track.female, track.ageGroups, threshold),
                                track.anySex);
                age = Label.of(track.ageGroups.fuse(threshold), track.anyAge);
                mask =
                        Label.of(
                                track.masked.fuse(Fused.MASKED, Fused.UNMASKED, threshold),
                                track.anyMask);
            }
            var box = observation.getBox();
            return new Face(
                    track == null ? 0 : track.number,
                    box.getX(),
                    box.getY(),
                    box.getWidth(),
                    box.getHeight(),
                    observation.getDetectionScore(),
                    sex,
                    age,
                    mask);
        }

        private Track track(String id) {
            Track track = tracks.get(id);
            if (track == null) {
                track = new Track(nextTrackNumber++);
                tracks.put(id, track);
                if (tracks.size() > MAX_TRACKS) {
                    tracks.remove(tracks.keySet().iterator().next());
                }
            }
            return track;
        }
    }
}
