package io.headcount.inference.records;

import io.headcount.schemas.FrameEvent;
import java.io.Serializable;

/**
 * What the job keeps of a frame event besides its pixels.
 *
 * @param site site id
 * @param camera camera id (the key downstream)
 * @param gateway gateway that published the frame
 * @param sequence per-camera frame sequence number
 * @param captureTime capture time in epoch milliseconds: the event time
 * @param endOfStream the camera's finite source ended at {@code captureTime}: no image, no faces,
 *     but the camera's clock moved on so downstream windows can close
 * @param width frame width in pixels as the event declares it (checked against the JPEG); 0 if
 *     unknown or an end of stream. Kept after the pixels are dropped: the tracker needs the frame
 *     size to tell a face cut by the frame's edge
 * @param height frame height in pixels; 0 if unknown or an end of stream
 */
public record FrameInfo(
        String site,
        String camera,
        String gateway,
        long sequence,
        long captureTime,
        boolean endOfStream,
        int width,
        int height)
        implements Serializable {

    /** An ordinary frame (not an end of stream) of unknown size. */
    public FrameInfo(String site, String camera, String gateway, long sequence, long captureTime) {
        this(site, camera, gateway, sequence, captureTime, false);
    }

    /** A frame of unknown size. */
    public FrameInfo(
            String site,
            String camera,
            String gateway,
            long sequence,
            long captureTime,
            boolean endOfStream) {
        this(site, camera, gateway, sequence, captureTime, endOfStream, 0, 0);
    }

    public static FrameInfo of(FrameEvent event) {
        return new FrameInfo(
                event.getSite(),
                event.getCamera(),
                event.getGateway(),
                event.getSequence(),
                event.getCaptureTime().toEpochMilli(),
                event.getEndOfStream(),
                event.getWidth(),
                event.getHeight());
    }
}
