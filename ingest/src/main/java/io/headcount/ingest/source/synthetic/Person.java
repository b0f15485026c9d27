package io.headcount.ingest.source.synthetic;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;

/**
 * One person of the synthetic scene: a labelled face that walks along a lane at a constant speed,
 * from one side of the frame to the other.
 *
 * @param id 0, 1, 2... in order of entering
 * @param face the face crop and its labels
 * @param mask name of the mask template drawn over the face; null if unmasked
 * @param image the face as pasted: scaled to {@code size} square, with its mask
 * @param size side of the face box in pixels
 * @param y top of the face box
 * @param startX left of the face box at {@code enterFrame} (may be outside the frame)
 * @param pixelsPerFrame horizontal speed, negative for right to left
 * @param enterFrame first frame in which the face is visible
 */
public record Person(
        int id,
        LabelledFace face,
        String mask,
        BufferedImage image,
        int size,
        int y,
        double startX,
        double pixelsPerFrame,
        long enterFrame) {

    /** The face box in frame {@code frame}, not clipped to the frame. */
    public Rectangle boxAt(long frame) {
        int x = (int) Math.round(startX + pixelsPerFrame * (frame - enterFrame));
        return new Rectangle(x, y, size, size);
    }

    /** The same person without the face's pixels (null image), for one who has left. */
    public Person withoutImage() {
        return new Person(id, face, mask, null, size, y, startX, pixelsPerFrame, enterFrame);
    }

    public boolean masked() {
        return mask != null;
    }
}
