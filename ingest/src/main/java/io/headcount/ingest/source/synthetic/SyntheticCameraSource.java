package io.headcount.ingest.source.synthetic;

import io.headcount.ingest.image.JpegEncoder;
import io.headcount.ingest.source.FrameSource;
import io.headcount.ingest.source.SourceFrame;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A camera that films a scene made up from labelled face crops: people (faces) enter from the left
 * or right edge, walk across along a lane at a constant speed and leave at the other edge; a new
 * person enters a free lane after a pause of up to a second. Optional masks, plain or gradient
 * background. Deterministic: the same options (seed included) give the same frames, byte for byte,
 * and the same ground truth (see {@link GroundTruthWriter}), which it writes as it goes.
 *
 * <p>Frames are stamped {@code start + round(index * 1000 / fps)} ms, as {@code FrameTiming} would.
 */
public final class SyntheticCameraSource implements FrameSource {

    private static final Logger LOG = LoggerFactory.getLogger(SyntheticCameraSource.class);

    /** The ground truth's {@code mask} of a person drawn from the masked faces' manifest. */
    public static final String PREMASKED = "from-manifest";

    /** Lanes wait up to this long before the next person enters. */
    private static final double MAX_PAUSE_SECONDS = 1.0;

    /** A person is judgeable with at least this many frames that show its face well enough. */
    public static final int JUDGEABLE_FRAMES = 3;

    /** A face frame is judgeable with at least this share of its box inside the frame... */
    static final double JUDGEABLE_IN_FRAME = 0.7;

    /** ...and at most this share of its visible box covered by faces drawn over it. */
    static final double JUDGEABLE_COVERED = 0.3;

    private final SyntheticOptions options;
    private final List<LabelledFace> faces;
    private final List<LabelledFace> maskedFaces;
    private final MaskOverlay masks;
    private final BufferedImage background;
    private final Random random;
    private final Person[] lanes;
    private final long[] laneFreeAt;
    private final List<Person> people = new ArrayList<>();
    private final List<Visit> visits = new ArrayList<>();
    private final RealisticScene realistic;
    private final GroundTruthWriter groundTruth;
    private long nextIndex;
    private boolean closed;

    private SyntheticCameraSource(
            SyntheticOptions options,
            List<LabelledFace> faces,
            List<LabelledFace> maskedFaces,
            MaskOverlay masks,
            GroundTruthWriter groundTruth) {
        this.options = options;
        this.faces = faces;
        this.maskedFaces = maskedFaces;
        this.masks = masks;
        this.groundTruth = groundTruth;
        this.random = new Random(options.seed());
        this.background = background(options);
        this.realistic = options.realistic() ? new RealisticScene(options) : null;
        this.lanes = new Person[options.density()];
        this.laneFreeAt = new long[options.density()];
        for (int lane = 0; lane < lanes.length; lane++) {
            laneFreeAt[lane] = pauseFrames(); // not all at once in frame 0
        }
    }

    /**
     * Reads the manifest (and mask templates), and opens the ground-truth file.
     *
     * @throws IOException if one of them cannot be read or written
     */
    public static SyntheticCameraSource open(SyntheticOptions options) throws IOException {
        List<LabelledFace> faces = FaceManifest.read(options.manifest(), options.faceRoot());
        boolean premasked = options.maskedFraction() > 0 && options.maskedFaces() != null;
        List<LabelledFace> maskedFaces =
                premasked ? FaceManifest.readMasked(options.maskedFaces()) : List.of();
        MaskOverlay masks =
                options.maskedFraction() > 0 && !premasked
                        ? MaskOverlay.load(options.maskTemplates())
                        : null;
        GroundTruthWriter writer =
                options.groundTruth() == null ? null : new GroundTruthWriter(options.groundTruth());
        SyntheticCameraSource source =
                new SyntheticCameraSource(options, faces, maskedFaces, masks, writer);
        LOG.info("Opened {} ({} labelled faces)", source.describe(), faces.size());
        return source;
    }

    @Override
    public Optional<SourceFrame> next() {
        return nextFrame().map(this::encode);
    }

    /**
     * A frame of {@link #nextFrame()} as {@link #next()} delivers it (JPEG at the options'
     * quality), for callers that want the ground truth too.
     */
    public SourceFrame encode(SyntheticFrame frame) {
        return new SourceFrame(
                JpegEncoder.encode(
                        frame.image(),
                        realistic != null
                                ? realistic.jpegQuality(frame.index())
                                : options.jpegQuality()),
                options.width(),
                options.height(),
                "synthetic frame " + frame.index(),
                frame.time());
    }

    /** The next frame's pixels and ground truth, or empty after {@code frames} frames. */
    public Optional<SyntheticFrame> nextFrame() {
        if (closed) {
            throw new IllegalStateException("closed: " + describe());
        }
        if (options.frames() > 0 && nextIndex >= options.frames()) {
            return Optional.empty();
        }
        long index = nextIndex++;
        BufferedImage image =
                new BufferedImage(options.width(), options.height(), BufferedImage.TYPE_3BYTE_BGR);
        image.setData(background.getRaster());
        Rectangle frameArea = new Rectangle(0, 0, options.width(), options.height());
        List<FaceBox> boxes = new ArrayList<>();
        Graphics2D g = image.createGraphics();
        try {
            for (int lane = 0; lane < lanes.length; lane++) {
                Person person = lanes[lane];
                if (person != null && outOfView(person, index)) {
                    left(person, index - 1, true);
                    forgetPixelsOfEndless(person);
                    lanes[lane] = null;
                    laneFreeAt[lane] = index + pauseFrames();
                    person = null;
                }
                if (person == null && index >= laneFreeAt[lane]) {
                    person = enter(lane, index);
                    lanes[lane] = person;
                }
            }
            List<Placed> placed = new ArrayList<>();
            for (Person person : lanesByPerson()) {
                placed.add(place(person, index));
            }
            // Simple scene: in order of entering, a later person passes in front of an earlier
            // one. Realistic: the larger (nearer) face in front.
            placed.sort(
                    Comparator.comparingDouble(Placed::depth)
                            .thenComparingInt(p -> p.person().id()));
            List<Rectangle> visibleBoxes = new ArrayList<>();
            for (Placed face : placed) {
                g.drawImage(face.image(), face.box().x, face.box().y, null);
                visibleBoxes.add(face.box().intersection(frameArea));
            }
            for (int i = 0; i < placed.size(); i++) {
                Rectangle visible = visibleBoxes.get(i);
                if (visible.isEmpty()) {
                    continue; // a turned face's square overlaps the frame, the face not yet
                }
                Placed face = placed.get(i);
                boxes.add(
                        new FaceBox(
                                face.person().id(),
                                visible.x,
                                visible.y,
                                visible.width,
                                visible.height));
                visits.get(face.person().id())
                        .seen(
                                index,
                                face.clear()
                                        && judgeablyVisible(
                                                face.box(), visible, visibleBoxes, i + 1));
            }
        } finally {
            g.dispose();
        }
        if (realistic != null) {
            realistic.light(image, index);
        }
        SyntheticFrame frame =
                new SyntheticFrame(index, options.timeOf(index), image, List.copyOf(boxes));
        if (groundTruth != null) {
            groundTruth.frame(frame);
        }
        return Optional.of(frame);
    }

    private List<Person> lanesByPerson() {
        List<Person> present = new ArrayList<>();
        for (Person person : lanes) {
            if (person != null) {
                present.add(person);
            }
        }
        present.sort((a, b) -> Integer.compare(a.id(), b.id()));
        return present;
    }

    private Person enter(int lane, long index) {
        LabelledFace face = faces.get(random.nextInt(faces.size()));
        int size = options.minFace() + random.nextInt(options.maxFace() - options.minFace() + 1);
        int laneHeight = options.height() / lanes.length;
        int laneTop = lane * laneHeight;
        // Within its lane where it fits, else anywhere in the frame (faces then may overlap).
        int y =
                size <= laneHeight
                        ? laneTop + random.nextInt(laneHeight - size + 1)
                        : random.nextInt(options.height() - size + 1);
        double perFrame =
                options.speed()
                        * options.width()
                        / options.framesPerSecond()
                        * (0.7 + 0.6 * random.nextDouble());
        perFrame = Math.max(perFrame, 1.0);
        boolean leftToRight = random.nextBoolean();
        // One step in: the face shows a sliver of itself in its first frame.
        double startX = leftToRight ? -size + perFrame : options.width() - perFrame;
        String mask = null;
        BufferedImage image;
        if (!maskedFaces.isEmpty() && random.nextDouble() < options.maskedFraction()) {
            // A face that already wears a mask, placed on its landmarks (augment's, or a real one).
            face = maskedFaces.get(random.nextInt(maskedFaces.size()));
            image = scaledFace(face, size);
            mask = PREMASKED;
        } else {
            image = scaledFace(face, size);
            if (masks != null && random.nextDouble() < options.maskedFraction()) {
                int template = random.nextInt(masks.size());
                masks.apply(image, template);
                mask = masks.name(template);
            }
        }
        Person person =
                new Person(
                        people.size(),
                        face,
                        mask,
                        image,
                        size,
                        y,
                        startX,
                        leftToRight ? perFrame : -perFrame,
                        index);
        people.add(person);
        RealisticScene.Walk walk =
                realistic == null
                        ? null
                        : realistic.plan(
                                person.id(), image, size, laneTop + laneHeight / 2.0, index);
        visits.add(new Visit(walk == null || walk.poor == null ? null : walk.poor.label()));
        return person;
    }

    /**
     * Whether {@code person} is out of the frame in frame {@code frame} (it has left, or not yet
     * entered). In the realistic scene: its unturned face square, which holds the turned face.
     */
    public boolean outOfView(Person person, long frame) {
        if (visits.get(person.id()).departed) {
            return true;
        }
        Rectangle area = new Rectangle(0, 0, options.width(), options.height());
        Rectangle box =
                realistic != null ? realistic.walk(person.id()).square(frame) : person.boxAt(frame);
        return !box.intersects(area);
    }

    private Placed place(Person person, long index) {
        if (realistic == null) {
            return new Placed(
                    person,
                    person.boxAt(index),
                    person.image(),
                    person.size() >= judgeableSide(options.height()),
                    0);
        }
        RealisticScene.Walk walk = realistic.walk(person.id());
        RealisticScene.Drawn drawn = walk.draw(index);
        return new Placed(person, drawn.box(), drawn.image(), walk.clear(index), walk.size(index));
    }

    /**
     * Whether a face drawn at {@code box}, seen at {@code visible} (clipped to the frame), is shown
     * well enough: mostly inside the frame and not mostly covered by the faces drawn after it
     * ({@code drawn} from index {@code after} on).
     */
    private static boolean judgeablyVisible(
            Rectangle box, Rectangle visible, List<Rectangle> drawn, int after) {
        double area = (double) visible.width * visible.height;
        if (area < JUDGEABLE_IN_FRAME * box.width * box.height) {
            return false;
        }
        double covered = 0; // over-counts where the faces in front overlap each other: strict
        for (int i = after; i < drawn.size(); i++) {
            Rectangle cover = visible.intersection(drawn.get(i));
            if (!cover.isEmpty()) {
                covered += (double) cover.width * cover.height;
            }
        }
        return covered <= JUDGEABLE_COVERED * area;
    }

    /** The smallest face side a judge needs: 1/30 of the frame height, at least 16 px. */
    static int judgeableSide(int frameHeight) {
        return Math.max(16, frameHeight / 30);
    }

    /**
     * An endless scene (the demo, a long-running gateway) keeps of a person who left only what
     * {@link #people()} needs to count them, not their face's pixels: else it would hold every face
     * it ever showed. A finite scene keeps everything for its caller to check.
     */
    private void forgetPixelsOfEndless(Person person) {
        visits.get(person.id()).departed = true;
        if (options.frames() <= 0) {
            people.set(person.id(), person.withoutImage());
            if (realistic != null) {
                realistic.forget(person.id());
            }
        }
    }

    private void left(Person person, long lastFrame, boolean hasLeft) {
        if (groundTruth != null) {
            Visit visit = visits.get(person.id());
            long first = visit.first >= 0 ? visit.first : person.enterFrame();
            long last = visit.last >= 0 ? visit.last : lastFrame;
            groundTruth.person(
                    person,
                    first,
                    last,
                    options.timeOf(first),
                    options.timeOf(last),
                    hasLeft,
                    visit);
        }
    }

    /** Whether {@code person} (who entered) was shown well enough to judge, so far. */
    public boolean judgeable(Person person) {
        return visits.get(person.id()).judgeable();
    }

    /**
     * Why a person of the realistic scene is never judgeable by design ({@code small}, {@code
     * turned}, {@code blurred}); null for the others.
     */
    public String poor(Person person) {
        return visits.get(person.id()).poor;
    }

    /** A face as drawn into one frame; the faces are drawn by ascending depth. */
    private record Placed(
            Person person, Rectangle box, BufferedImage image, boolean clear, double depth) {}

    /** What the camera saw of one person: its first and last visible frame, its clear frames. */
    static final class Visit {
        final String poor;
        long first = -1;
        long last = -1;
        int clearFrames;
        boolean departed;

        Visit(String poor) {
            this.poor = poor;
        }

        void seen(long frame, boolean clear) {
            if (first < 0) {
                first = frame;
            }
            last = frame;
            clearFrames += clear ? 1 : 0;
        }

        boolean judgeable() {
            return clearFrames >= JUDGEABLE_FRAMES;
        }
    }

    private long pauseFrames() {
        return (long) (random.nextDouble() * MAX_PAUSE_SECONDS * options.framesPerSecond());
    }

    /** The face crop scaled to {@code size} square (bilinear), as pasted into frames. */
    public static BufferedImage scaledFace(LabelledFace face, int size) {
        BufferedImage original;
        try {
            original = ImageIO.read(face.file().toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read face " + face.file(), e);
        }
        if (original == null) {
            throw new UncheckedIOException(new IOException("not an image: " + face.file()));
        }
        BufferedImage scaled = new BufferedImage(size, size, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = scaled.createGraphics();
        try {
            g.setRenderingHint(
                    RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(original, 0, 0, size, size, null);
        } finally {
            g.dispose();
        }
        return scaled;
    }

    private static BufferedImage background(SyntheticOptions options) {
        BufferedImage image =
                new BufferedImage(options.width(), options.height(), BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        try {
            if (SyntheticOptions.GRADIENT.equals(options.background())) {
                // A wall fading into a floor: faces on a background that is not one flat colour.
                g.setPaint(
                        new GradientPaint(
                                0,
                                0,
                                new Color(182, 190, 201),
                                0,
                                options.height(),
                                new Color(72, 64, 58)));
            } else {
                g.setColor(new Color(128, 128, 128));
            }
            g.fillRect(0, 0, options.width(), options.height());
        } finally {
            g.dispose();
        }
        return image;
    }

    /**
     * Everyone who entered so far, in order of entering (id = index); in an endless scene those who
     * left have no {@link Person#image()}.
     */
    public List<Person> people() {
        return List.copyOf(people);
    }

    public SyntheticOptions options() {
        return options;
    }

    @Override
    public boolean replayable() {
        return true;
    }

    @Override
    public long skipped() {
        return 0;
    }

    @Override
    public OptionalLong totalFrames() {
        return options.frames() > 0 ? OptionalLong.of(options.frames()) : OptionalLong.empty();
    }

    @Override
    public String describe() {
        return "synthetic camera "
                + options.width()
                + "x"
                + options.height()
                + " at "
                + options.framesPerSecond()
                + " fps ("
                + (options.frames() > 0 ? options.frames() + " frames" : "no end")
                + ", "
                + options.density()
                + " people at once, seed "
                + options.seed()
                + (options.maskedFraction() > 0 ? ", masked " + options.maskedFraction() : "")
                + ")";
    }

    /** Writes the people still in view to the ground truth and closes it. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (groundTruth != null) {
            for (Person person : lanesByPerson()) {
                left(person, nextIndex - 1, false);
            }
            groundTruth.close();
        }
    }
}
