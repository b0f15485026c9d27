package io.headcount.ingest.source.synthetic;

import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.ByteLookupTable;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;
import java.awt.image.LookupOp;
import java.awt.image.RescaleOp;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * What the realistic synthetic scene does to its people and frames, on top of the simple scene's
 * crossing faces. Deterministic: its own random numbers come from the options' seed.
 *
 * <p>Per person ({@link Walk}): speed ±50 %, a stop of 1–4 s for a third of them, a face that grows
 * as the person approaches (or shrinks as it walks away, or keeps its size) and moves down the
 * frame as it grows, a head that turns over the visit (yaw and pitch as slow sines around a
 * per-person direction), motion blur along the walk, defocus for some, a brightness of its own; and
 * {@value #POOR_SHARE} of them are never good enough to judge: {@link Poor#SMALL too small}, {@link
 * Poor#TURNED turned too far} for the whole visit, or {@link Poor#BLURRED too blurred}. Per frame:
 * brightness, contrast and gamma of the whole frame, and the JPEG quality, drift over time.
 *
 * <p>Head turns are a <b>2-D imitation</b>, not a 3-D rotation: the frontal crop is drawn as four
 * quadrants, its width squashed by cos(yaw) with the receding half narrower than the near one (a
 * trapezoid-like perspective) and shifted towards the side the head turns to; pitch does the same
 * vertically. No profile ever shows an ear or the far cheek hidden; the crop's own background turns
 * with the face.
 */
final class RealisticScene {

    /** Share of people who are never good enough to judge. */
    static final double POOR_SHARE = 0.12;

    /** Share of people who stop for a while. */
    static final double STOP_SHARE = 0.35;

    /** A face frame is judgeable with at most this yaw and pitch (degrees). */
    static final double JUDGEABLE_YAW = 60;

    static final double JUDGEABLE_PITCH = 35;

    /** ...with a blur (motion or defocus) of at most this share of the face side. */
    static final double JUDGEABLE_BLUR_SHARE = 1.0 / 8;

    /** How much narrower the receding half of a turned face is than the near one. */
    static final double PERSPECTIVE = 0.35;

    /** Exposure of a frame in bright light (seconds); darker frames expose longer. */
    static final double EXPOSURE_SECONDS = 1.0 / 50;

    /** Why a person is never judgeable. */
    enum Poor {
        SMALL,
        TURNED,
        BLURRED;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final SyntheticOptions options;
    private final Random random;
    private final double[] phases = new double[4];
    private final Map<Integer, Walk> walks = new HashMap<>();

    RealisticScene(SyntheticOptions options) {
        this.options = options;
        this.random = new Random(options.seed() * 0x9E3779B97F4A7C15L + 18);
        for (int i = 0; i < phases.length; i++) {
            phases[i] = random.nextDouble() * 2 * Math.PI;
        }
    }

    private int judgeableSide() {
        return SyntheticCameraSource.judgeableSide(options.height());
    }

    /**
     * Plans the visit of a person who enters now; {@code image} is its face at {@code size}, {@code
     * laneCentre} the vertical centre of its lane (the face may stray from it by half a lane, so
     * neighbours pass in front of each other).
     */
    Walk plan(int id, BufferedImage image, int size, double laneCentre, long enterFrame) {
        Poor poor = null;
        if (random.nextDouble() < POOR_SHARE) {
            poor = Poor.values()[random.nextInt(Poor.values().length)];
        }
        double size0 = size;
        double growth;
        double kind = random.nextDouble();
        if (kind < 0.5) {
            growth = 1.2 + 0.4 * random.nextDouble(); // approaching
        } else if (kind < 0.75) {
            growth = 0.7 + 0.2 * random.nextDouble(); // walking away
        } else {
            growth = 1.0;
        }
        if (poor == Poor.SMALL) {
            int side = judgeableSide();
            size0 = Math.max(8, side * (0.6 + 0.3 * random.nextDouble()));
            growth = 1.0;
        }
        double size1 = Math.min(size0 * growth, options.height() * 0.45);
        double perFrame =
                Math.max(
                        1.0,
                        options.speed()
                                * options.width()
                                / options.framesPerSecond()
                                * (0.5 + random.nextDouble()));
        boolean leftToRight = random.nextBoolean();
        long stopAt = -1;
        long stopFrames = 0;
        if (random.nextDouble() < STOP_SHARE) {
            double crossing = (options.width() + size0) / perFrame;
            stopAt = (long) (crossing * (0.2 + 0.6 * random.nextDouble()));
            stopFrames = (long) ((1 + 3 * random.nextDouble()) * options.framesPerSecond());
        }
        double laneHeight = (double) options.height() / options.density();
        double cy0 = laneCentre + laneHeight * (random.nextDouble() - 0.5);
        cy0 = Math.max(size0 / 2, Math.min(options.height() - size1, cy0));
        double yawBase = -20 + 40 * random.nextDouble();
        double yawSwing = 10 + 45 * random.nextDouble();
        double pitchBase = -10 + 25 * random.nextDouble();
        double pitchSwing = 20 * random.nextDouble();
        if (poor == Poor.TURNED) {
            yawBase = (random.nextBoolean() ? 1 : -1) * (68 + 10 * random.nextDouble());
            yawSwing = 4 * random.nextDouble();
        }
        double defocus = random.nextDouble() < 0.2 ? 1 + 2 * random.nextDouble() : 0;
        if (poor == Poor.BLURRED) {
            defocus = -1; // a share of the face side, set per frame
        }
        Walk walk =
                new Walk(
                        id,
                        image,
                        poor,
                        enterFrame,
                        leftToRight ? 1 : -1,
                        perFrame,
                        stopAt,
                        stopFrames,
                        size0,
                        size1,
                        leftToRight
                                ? -size0 / 2 + perFrame
                                : options.width() + size0 / 2 - perFrame,
                        cy0,
                        yawBase,
                        yawSwing,
                        2 + 4 * random.nextDouble(),
                        random.nextDouble() * 2 * Math.PI,
                        pitchBase,
                        pitchSwing,
                        3 + 4 * random.nextDouble(),
                        random.nextDouble() * 2 * Math.PI,
                        defocus,
                        0.8 + 0.35 * random.nextDouble());
        walks.put(id, walk);
        return walk;
    }

    Walk walk(int id) {
        return walks.get(id);
    }

    /** Drops the walk of a person who has left (its face's pixels with it). */
    void forget(int id) {
        walks.remove(id);
    }

    /** Brightness factor of the whole frame at {@code index} (0.75 to 1.2). */
    double brightness(long index) {
        return 0.975 + 0.225 * Math.sin(2 * Math.PI * seconds(index) / 37 + phases[0]);
    }

    double contrast(long index) {
        return 0.95 - 0.15 * (0.5 + 0.5 * Math.sin(2 * Math.PI * seconds(index) / 23 + phases[1]));
    }

    double gamma(long index) {
        return Math.exp(0.2 * Math.sin(2 * Math.PI * seconds(index) / 61 + phases[2]));
    }

    /** JPEG quality of frame {@code index}: drifts from the options' quality down by 0.35. */
    float jpegQuality(long index) {
        double drop = 0.35 * (0.5 + 0.5 * Math.sin(2 * Math.PI * seconds(index) / 29 + phases[3]));
        return (float) Math.max(0.3, options.jpegQuality() - drop);
    }

    /** Applies the frame's brightness, contrast and gamma to all of it, in place. */
    void light(BufferedImage frame, long index) {
        double brightness = brightness(index);
        double contrast = contrast(index);
        double gamma = gamma(index);
        byte[] table = new byte[256];
        for (int v = 0; v < 256; v++) {
            double x = Math.pow(v / 255.0, gamma);
            x = (contrast * (x - 0.5) + 0.5) * brightness;
            table[v] = (byte) Math.max(0, Math.min(255, Math.round(x * 255)));
        }
        new LookupOp(new ByteLookupTable(0, table), null)
                .filter(frame.getRaster(), frame.getRaster());
    }

    private double seconds(long index) {
        return index / options.framesPerSecond();
    }

    /**
     * One person's planned visit. Positions are closed-form in the frame number, so that {@link
     * #outOfView} needs no state.
     */
    final class Walk {
        final int id;
        final BufferedImage face;
        final Poor poor;
        final long enterFrame;
        final int direction;
        final double perFrame;
        final long stopAt;
        final long stopFrames;
        final double size0;
        final double size1;
        final double cx0;
        final double cy0;
        final double yawBase;
        final double yawSwing;
        final double yawPeriod;
        final double yawPhase;
        final double pitchBase;
        final double pitchSwing;
        final double pitchPeriod;
        final double pitchPhase;
        final double defocus;
        final double gain;

        Walk(
                int id,
                BufferedImage face,
                Poor poor,
                long enterFrame,
                int direction,
                double perFrame,
                long stopAt,
                long stopFrames,
                double size0,
                double size1,
                double cx0,
                double cy0,
                double yawBase,
                double yawSwing,
                double yawPeriod,
                double yawPhase,
                double pitchBase,
                double pitchSwing,
                double pitchPeriod,
                double pitchPhase,
                double defocus,
                double gain) {
            this.id = id;
            this.face = face;
            this.poor = poor;
            this.enterFrame = enterFrame;
            this.direction = direction;
            this.perFrame = perFrame;
            this.stopAt = stopAt;
            this.stopFrames = stopFrames;
            this.size0 = size0;
            this.size1 = size1;
            this.cx0 = cx0;
            this.cy0 = cy0;
            this.yawBase = yawBase;
            this.yawSwing = yawSwing;
            this.yawPeriod = yawPeriod;
            this.yawPhase = yawPhase;
            this.pitchBase = pitchBase;
            this.pitchSwing = pitchSwing;
            this.pitchPeriod = pitchPeriod;
            this.pitchPhase = pitchPhase;
            this.defocus = defocus;
            this.gain = gain;
        }

        /** Frames walked by {@code frame}: the frames since entering less the stop. */
        long walked(long frame) {
            long elapsed = frame - enterFrame;
            if (stopAt < 0 || elapsed <= stopAt) {
                return elapsed;
            }
            return elapsed - Math.min(stopFrames, elapsed - stopAt);
        }

        boolean stopped(long frame) {
            long elapsed = frame - enterFrame;
            return stopAt >= 0 && elapsed > stopAt && elapsed <= stopAt + stopFrames;
        }

        /** Progress across the frame, 0 at entering, 1 at leaving. */
        double progress(long frame) {
            return Math.min(1, walked(frame) * perFrame / (options.width() + size0));
        }

        double size(long frame) {
            return size0 + (size1 - size0) * progress(frame);
        }

        double centreX(long frame) {
            return cx0 + direction * perFrame * walked(frame);
        }

        /** Growing means coming closer: the face moves down by most of its growth. */
        double centreY(long frame) {
            return cy0 + 0.8 * (size(frame) - size0);
        }

        double yaw(long frame) {
            double t = (frame - enterFrame) / options.framesPerSecond();
            double yaw = yawBase + yawSwing * Math.sin(2 * Math.PI * t / yawPeriod + yawPhase);
            return Math.max(-80, Math.min(80, yaw));
        }

        double pitch(long frame) {
            double t = (frame - enterFrame) / options.framesPerSecond();
            double pitch =
                    pitchBase + pitchSwing * Math.sin(2 * Math.PI * t / pitchPeriod + pitchPhase);
            return Math.max(-50, Math.min(50, pitch));
        }

        /** Motion blur length in pixels: the walk during the frame's exposure. */
        double motionBlur(long frame) {
            if (stopped(frame)) {
                return 0;
            }
            double exposure = EXPOSURE_SECONDS / Math.min(1, brightness(frame));
            return perFrame * options.framesPerSecond() * exposure;
        }

        double defocus(long frame) {
            return defocus < 0 ? size(frame) / 5 : defocus;
        }

        /** The unturned face's square: once it is out of the frame, the person has left. */
        Rectangle square(long frame) {
            double s = size(frame);
            return new Rectangle(
                    (int) Math.round(centreX(frame) - s / 2),
                    (int) Math.round(centreY(frame) - s / 2),
                    (int) Math.round(s),
                    (int) Math.round(s));
        }

        /**
         * Whether frame {@code frame} shows this face well enough to judge it (before occlusion and
         * the frame's edge, which the camera checks).
         */
        boolean clear(long frame) {
            double s = size(frame);
            return s >= judgeableSide()
                    && Math.abs(yaw(frame)) <= JUDGEABLE_YAW
                    && Math.abs(pitch(frame)) <= JUDGEABLE_PITCH
                    && Math.max(motionBlur(frame), defocus(frame)) <= s * JUDGEABLE_BLUR_SHARE;
        }

        /** The face as drawn in {@code frame} and where: turned, blurred, lit. */
        Drawn draw(long frame) {
            double s = size(frame);
            double yaw = Math.toRadians(yaw(frame));
            double pitch = Math.toRadians(pitch(frame));
            // Positive yaw: the image's left half recedes (narrower), the face shifts right.
            double half = s / 2;
            int left = side(half * Math.cos(yaw) * (1 - PERSPECTIVE * Math.sin(yaw)));
            int right = side(half * Math.cos(yaw) * (1 + PERSPECTIVE * Math.sin(yaw)));
            int top = side(half * Math.cos(pitch) * (1 - PERSPECTIVE * Math.sin(pitch)));
            int bottom = side(half * Math.cos(pitch) * (1 + PERSPECTIVE * Math.sin(pitch)));
            double noseX = centreX(frame) + 0.18 * s * Math.sin(yaw);
            double noseY = centreY(frame) + 0.12 * s * Math.sin(pitch);
            Rectangle box =
                    new Rectangle(
                            (int) Math.round(noseX) - left,
                            (int) Math.round(noseY) - top,
                            left + right,
                            top + bottom);
            BufferedImage image =
                    new BufferedImage(box.width, box.height, BufferedImage.TYPE_3BYTE_BGR);
            int w = face.getWidth();
            int h = face.getHeight();
            Graphics2D g = image.createGraphics();
            try {
                g.setRenderingHint(
                        RenderingHints.KEY_INTERPOLATION,
                        RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                // Four quadrants of the crop, each squashed to its own width and height.
                g.drawImage(face, 0, 0, left, top, 0, 0, w / 2, h / 2, null);
                g.drawImage(face, left, 0, left + right, top, w / 2, 0, w, h / 2, null);
                g.drawImage(face, 0, top, left, top + bottom, 0, h / 2, w / 2, h, null);
                g.drawImage(face, left, top, left + right, top + bottom, w / 2, h / 2, w, h, null);
            } finally {
                g.dispose();
            }
            image = blur(image, (int) Math.round(motionBlur(frame)), 1);
            int defocusPixels = (int) Math.round(defocus(frame));
            image = blur(blur(image, defocusPixels, 1), 1, defocusPixels);
            image = new RescaleOp((float) gain, 0, null).filter(image, null);
            return new Drawn(box, image);
        }

        private int side(double length) {
            return Math.max(1, (int) Math.round(length));
        }
    }

    /** A box blur of {@code width} x {@code height} pixels (1 x 1: unchanged). */
    static BufferedImage blur(BufferedImage image, int width, int height) {
        width = Math.max(1, Math.min(width, image.getWidth()));
        height = Math.max(1, Math.min(height, image.getHeight()));
        if (width * height == 1) {
            return image;
        }
        float[] weights = new float[width * height];
        Arrays.fill(weights, 1f / weights.length);
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), image.getType());
        return new ConvolveOp(new Kernel(width, height, weights), ConvolveOp.EDGE_NO_OP, null)
                .filter(image, out);
    }

    /** A face as drawn into one frame: its box (not clipped) and pixels. */
    record Drawn(Rectangle box, BufferedImage image) {}
}
