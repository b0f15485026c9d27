package io.headcount.training.features;

import io.headcount.vision.detect.DetectedFace;
import io.headcount.vision.detect.FaceBox;
import io.headcount.vision.frame.BgrImage;
import java.util.Arrays;

/**
 * An image centred on a grey canvas with {@code padding} times its width and height added on each
 * side, exactly as {@code headcount eval} does, so YuNet sees a tight face crop as a face in a
 * scene; and the way back from canvas to image coordinates.
 */
public record Canvas(BgrImage canvas, int dx, int dy) {

    static final int GREY = 128;

    public static Canvas of(BgrImage image, float padding) {
        int dx = Math.round(padding * image.width());
        int dy = Math.round(padding * image.height());
        if (dx == 0 && dy == 0) {
            return new Canvas(image, 0, 0);
        }
        int width = image.width() + 2 * dx;
        byte[] pixels = new byte[width * (image.height() + 2 * dy) * 3];
        Arrays.fill(pixels, (byte) GREY);
        for (int row = 0; row < image.height(); row++) {
            System.arraycopy(
                    image.pixels(),
                    row * image.width() * 3,
                    pixels,
                    ((row + dy) * width + dx) * 3,
                    image.width() * 3);
        }
        return new Canvas(new BgrImage(width, image.height() + 2 * dy, pixels), dx, dy);
    }

    /** A face found on the canvas in the image's coordinates. */
    public DetectedFace toImage(DetectedFace face) {
        float[] landmarks = face.landmarks().clone();
        for (int i = 0; i < landmarks.length; i += 2) {
            landmarks[i] -= dx;
            landmarks[i + 1] -= dy;
        }
        FaceBox box = face.box();
        return new DetectedFace(
                new FaceBox(box.x() - dx, box.y() - dy, box.width(), box.height()),
                face.score(),
                landmarks);
    }
}
