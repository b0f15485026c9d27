package io.headcount.vision.quality;

import io.headcount.vision.detect.DetectedFace;
import io.headcount.vision.detect.FaceBox;
import io.headcount.vision.frame.BgrImage;

/**
 * Face size, sharpness and yaw from the frame and the detector's box and landmarks. Pure Java.
 *
 * <p><b>Sharpness</b>: the face box (cut to the frame) is turned grey (ITU-R 601 luma) and
 * resampled to {@value #SHARPNESS_SIDE}x{@value #SHARPNESS_SIDE} by averaging the source pixels
 * under each target pixel, so the figure does not grow with the face's size; the score is the
 * variance of the 4-neighbour Laplacian over the interior. Blur removes the high frequencies the
 * Laplacian responds to, so blurred or heavily compressed faces score low.
 *
 * <p><b>Yaw</b> from the 5 landmarks: with u the unit vector from the image-left eye to the
 * image-right eye (so in-plane roll does not count), c the mean of both eyes and both mouth
 * corners, and w half the mean of the eye distance and the mouth width, {@code yaw = atan2((nose -
 * c)·u, w)} in degrees. Turning the head by θ moves the nose tip sideways by about depth·sinθ while
 * the eye and mouth widths shrink with cosθ; the nose protrudes about half the eye distance, so the
 * ratio is close to tanθ. 0 is frontal, ±90 a profile. The gate reads {@link #estimatedYaw}: this
 * estimate or the one from the eyes alone ({@link #yawFromEyes}), whichever is nearer frontal, as a
 * mask hides the nose and mouth.
 */
public final class FaceQualityEstimator {

    /** Side of the grey square the sharpness is measured on. */
    public static final int SHARPNESS_SIDE = 64;

    public FaceQualityMeasure measure(BgrImage frame, DetectedFace face) {
        return new FaceQualityMeasure(
                face.box().shorterSide(), sharpness(frame, face.box()), estimatedYaw(face));
    }

    /** Variance of the Laplacian of the grey face; 0 for a box without pixels. */
    public static float sharpness(BgrImage frame, FaceBox box) {
        FaceBox clipped = box.clippedTo(frame.width(), frame.height());
        int left = (int) Math.floor(clipped.x());
        int top = (int) Math.floor(clipped.y());
        int right = Math.min(frame.width(), (int) Math.ceil(clipped.x() + clipped.width()));
        int bottom = Math.min(frame.height(), (int) Math.ceil(clipped.y() + clipped.height()));
        if (right - left < 3 || bottom - top < 3) {
            return 0f;
        }
        double[] grey = resampledGrey(frame, left, top, right - left, bottom - top);
        int n = SHARPNESS_SIDE;
        double sum = 0;
        double sumSquares = 0;
        int count = 0;
        for (int y = 1; y < n - 1; y++) {
            for (int x = 1; x < n - 1; x++) {
                int i = y * n + x;
                double laplacian =
                        grey[i - 1] + grey[i + 1] + grey[i - n] + grey[i + n] - 4 * grey[i];
                sum += laplacian;
                sumSquares += laplacian * laplacian;
                count++;
            }
        }
        double mean = sum / count;
        return (float) (sumSquares / count - mean * mean);
    }

    private static double[] resampledGrey(
            BgrImage frame, int left, int top, int width, int height) {
        int n = SHARPNESS_SIDE;
        double[] grey = new double[n * n];
        byte[] pixels = frame.pixels();
        for (int ty = 0; ty < n; ty++) {
            int y0 = top + ty * height / n;
            int y1 = Math.max(y0 + 1, top + (ty + 1) * height / n);
            for (int tx = 0; tx < n; tx++) {
                int x0 = left + tx * width / n;
                int x1 = Math.max(x0 + 1, left + (tx + 1) * width / n);
                double total = 0;
                for (int y = y0; y < y1; y++) {
                    int row = y * frame.width();
                    for (int x = x0; x < x1; x++) {
                        int p = (row + x) * 3;
                        total +=
                                0.114 * (pixels[p] & 0xFF)
                                        + 0.587 * (pixels[p + 1] & 0xFF)
                                        + 0.299 * (pixels[p + 2] & 0xFF);
                    }
                }
                grey[ty * n + tx] = total / ((y1 - y0) * (x1 - x0));
            }
        }
        return grey;
    }

    /**
     * Yaw in degrees from what a mask leaves visible: the eyes and the box. Turning the head by θ
     * moves the eyes' midpoint off the box centre by about depth·sinθ while the eye distance
     * shrinks with cosθ, so their ratio grows with tanθ: {@code yaw = atan((eyes - box centre)·u /
     * (k · eye distance))} with k = {@value #EYE_SHIFT_PER_TAN_YAW}. 0 when the eyes coincide.
     */
    public static float yawFromEyes(DetectedFace face) {
        double eyeDx = face.landmarkX(1) - face.landmarkX(0);
        double eyeDy = face.landmarkY(1) - face.landmarkY(0);
        double eyeDistance = Math.hypot(eyeDx, eyeDy);
        if (eyeDistance < 1e-6) {
            return 0f;
        }
        double ux = eyeDx / eyeDistance;
        double uy = eyeDy / eyeDistance;
        double midX = (face.landmarkX(0) + face.landmarkX(1)) / 2;
        double midY = (face.landmarkY(0) + face.landmarkY(1)) / 2;
        double centreX = face.box().x() + face.box().width() / 2;
        double centreY = face.box().y() + face.box().height() / 2;
        double offset = (midX - centreX) * ux + (midY - centreY) * uy;
        return (float) Math.toDegrees(Math.atan2(offset, EYE_SHIFT_PER_TAN_YAW * eyeDistance));
    }

    /**
     * The eyes' shift off the box centre per unit of tan(yaw), in eye distances: least squares
     * against the 5-landmark yaw on the unmasked {@code rof_neutral_train} faces turned less than
     * 60° (0.60; training data, never an evaluation set).
     */
    static final double EYE_SHIFT_PER_TAN_YAW = 0.6;

    /**
     * The yaw the quality gate reads: of the 5-landmark estimate and the eyes-only one, the one
     * nearer frontal. Under a mask YuNet guesses the nose tip and mouth corners, which can make the
     * 5-landmark estimate turn a face that is not turned; a face really turned shows it in its eyes
     * too, so it is still refused.
     */
    public static float estimatedYaw(DetectedFace face) {
        float fromLandmarks = yaw(face);
        float fromEyes = yawFromEyes(face);
        return Math.abs(fromEyes) < Math.abs(fromLandmarks) ? fromEyes : fromLandmarks;
    }

    /** Estimated yaw in degrees (see the class comment); 0 when the landmarks are degenerate. */
    public static float yaw(DetectedFace face) {
        double eyeDx = face.landmarkX(1) - face.landmarkX(0);
        double eyeDy = face.landmarkY(1) - face.landmarkY(0);
        double eyeDistance = Math.hypot(eyeDx, eyeDy);
        double mouthWidth =
                Math.hypot(
                        face.landmarkX(4) - face.landmarkX(3),
                        face.landmarkY(4) - face.landmarkY(3));
        double halfWidth = (eyeDistance + mouthWidth) / 4;
        if (eyeDistance < 1e-6 || halfWidth < 1e-6) {
            return 0f;
        }
        double ux = eyeDx / eyeDistance;
        double uy = eyeDy / eyeDistance;
        double cx =
                (face.landmarkX(0) + face.landmarkX(1) + face.landmarkX(3) + face.landmarkX(4)) / 4;
        double cy =
                (face.landmarkY(0) + face.landmarkY(1) + face.landmarkY(3) + face.landmarkY(4)) / 4;
        double offset = (face.landmarkX(2) - cx) * ux + (face.landmarkY(2) - cy) * uy;
        return (float) Math.toDegrees(Math.atan2(offset, halfWidth));
    }
}
