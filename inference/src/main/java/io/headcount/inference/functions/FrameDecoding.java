package io.headcount.inference.functions;

import io.headcount.inference.records.DecodedFrame;
import io.headcount.inference.records.FrameInfo;
import io.headcount.inference.records.ModelInputs;
import io.headcount.inference.records.RawRecord;
import io.headcount.schemas.FrameEvent;
import io.headcount.schemas.codec.AvroBytes;
import io.headcount.schemas.codec.AvroCodec;
import io.headcount.schemas.codec.RecordDecodingException;
import io.headcount.vision.frame.BgrImage;
import io.headcount.vision.frame.FrameDecoder;
import io.headcount.vision.frame.FrameRejectedException;
import java.io.Serializable;
import java.nio.ByteBuffer;

/**
 * Decodes a raw {@code frames} record: the Avro {@link FrameEvent}, its key (the camera id), its
 * capture time against the {@link CaptureTimeRule}, its camera's rate against the {@link
 * CameraRateLimit}, then its JPEG, and makes the {@link ModelInputs} its {@link
 * ModelInputPreparation} asks for. Never throws for a bad record: the result says why it was
 * refused. An end of stream passes without JPEG decoding. Not thread-safe: one per thread, {@link
 * #open} before use and {@link #close} after.
 */
public final class FrameDecoding implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * Dead-letter reason of a frame whose record key is not its camera id: the job routes records
     * by key to the subtask that tracks the camera, so such a frame would reach the wrong tracker.
     */
    public static final String KEY_NOT_CAMERA = "KEY_NOT_CAMERA";

    private final long maxPixels;
    private final CaptureTimeRule captureTimes;
    private final CameraRateLimit rateLimit;
    private final ModelInputPreparation preparation;

    private transient AvroCodec<FrameEvent> codec;
    private transient FrameDecoder decoder;
    private transient ModelInputPreparation.Preparer preparer;

    /** With the default {@link CameraRateLimit}. */
    public FrameDecoding(long maxPixels, CaptureTimeRule captureTimes) {
        this(maxPixels, captureTimes, CameraRateLimit.defaults());
    }

    public FrameDecoding(long maxPixels, CaptureTimeRule captureTimes, CameraRateLimit rateLimit) {
        this(maxPixels, captureTimes, rateLimit, ModelInputPreparation.NONE);
    }

    /**
     * Also makes the model inputs {@code preparation} asks for from each decoded frame, so that
     * work is done on the decoding thread too.
     */
    public FrameDecoding(
            long maxPixels,
            CaptureTimeRule captureTimes,
            CameraRateLimit rateLimit,
            ModelInputPreparation preparation) {
        this.maxPixels = maxPixels;
        this.captureTimes = captureTimes;
        this.rateLimit = rateLimit;
        this.preparation = preparation;
    }

    /**
     * Creates the codec and JPEG decoder and opens the model the preparation runs; returns this.
     *
     * @throws io.headcount.vision.onnx.ModelLoadException if that model is missing or altered
     */
    public FrameDecoding open() {
        codec = AvroCodec.of(FrameEvent.class);
        decoder = new FrameDecoder(maxPixels);
        preparer = preparation.open();
        return this;
    }

    /** Releases the preparation's native session. */
    public void close() {
        if (preparer != null) {
            preparer.close();
            preparer = null;
        }
    }

    public DecodeAttempt attempt(RawRecord record) {
        long start = System.nanoTime();
        FrameEvent event;
        try {
            event = codec.decode(record.value());
        } catch (RecordDecodingException e) {
            return DecodeAttempt.refused(record, e.reason().name(), e.getMessage());
        }
        if (!event.getCamera().equals(record.cameraKey())) {
            return DecodeAttempt.refused(
                    record,
                    KEY_NOT_CAMERA,
                    "record key '"
                            + record.cameraKey()
                            + "' is not the frame's camera '"
                            + event.getCamera()
                            + "'");
        }
        var badTime =
                captureTimes.violation(
                        event.getCaptureTime().toEpochMilli(), System.currentTimeMillis());
        if (badTime.isPresent()) {
            return DecodeAttempt.refused(
                    record, badTime.get().reason(), badTime.get().detail(), event.getCamera());
        }
        if (event.getEndOfStream()) {
            return DecodeAttempt.decoded(record, DecodedFrame.endOfStream(FrameInfo.of(event)), -1);
        }
        var flooding = rateLimit.take(event.getCamera(), event.getCaptureTime().toEpochMilli());
        if (flooding.isPresent()) {
            return DecodeAttempt.refused(
                    record, flooding.get().reason(), flooding.get().detail(), event.getCamera());
        }
        try {
            BgrImage image =
                    decoder.decode(bytes(event.getJpeg()), event.getWidth(), event.getHeight());
            return DecodeAttempt.decoded(
                    record,
                    new DecodedFrame(
                            FrameInfo.of(event),
                            image,
                            preparer.prepare(event.getSite(), event.getCamera(), image)),
                    StageMetrics.microsSince(start));
        } catch (FrameRejectedException e) {
            return DecodeAttempt.refused(
                    record, e.reason().name(), e.getMessage(), event.getCamera());
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        if (buffer.hasArray()
                && buffer.arrayOffset() == 0
                && buffer.position() == 0
                && buffer.remaining() == buffer.array().length) {
            return buffer.array();
        }
        return AvroBytes.copyOf(buffer);
    }
}
