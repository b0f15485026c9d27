package io.headcount.core.jpeg;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a JPEG's marker segments without decoding, up to its first scan: whether it is baseline
 * (the gateway's frame contract) and whether it carries an ICC profile (the inference job's decoder
 * takes its fast path only without one). One walk of the segments serves both.
 */
public final class JpegMarkers {

    private static final int SOI = 0xD8;
    private static final int SOF0_BASELINE = 0xC0;
    private static final int SOS = 0xDA;
    private static final int EOI = 0xD9;
    private static final int APP2 = 0xE2;
    private static final byte[] ICC_PROFILE = "ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII);

    private JpegMarkers() {}

    /** Stops a walk at a segment: its marker, and the offset of its 0xFF in the bytes. */
    @FunctionalInterface
    private interface StopAt {
        boolean test(int marker, int offset);
    }

    /**
     * Whether the bytes are a JPEG whose first frame header is SOF0 (baseline DCT), the only kind
     * the frame contract promises. Progressive, lossless and arithmetic-coded JPEGs answer false.
     */
    public static boolean isBaseline(byte[] jpeg) {
        return startsWithSoi(jpeg)
                && walk(jpeg, (marker, offset) -> isStartOfFrame(marker)) == SOF0_BASELINE;
    }

    /**
     * Whether the JPEG may carry an ICC profile: an APP2 {@code ICC_PROFILE} segment before its
     * first scan. True also where the segments cannot be followed (damaged or cut short).
     */
    public static boolean mayHaveIccProfile(byte[] jpeg) {
        int stop =
                walk(
                        jpeg,
                        (marker, offset) ->
                                marker == APP2
                                        && offset + 4 + ICC_PROFILE.length <= jpeg.length
                                        && Arrays.equals(
                                                jpeg,
                                                offset + 4,
                                                offset + 4 + ICC_PROFILE.length,
                                                ICC_PROFILE,
                                                0,
                                                ICC_PROFILE.length));
        return stop == APP2 || stop < 0;
    }

    /**
     * Follows the segments after the start-of-image marker until {@code stop} accepts one, or the
     * first scan (SOS) or the end of image (EOI).
     *
     * @return the marker it stopped at, or -1 where the bytes end or are damaged first
     */
    private static int walk(byte[] jpeg, StopAt stop) {
        int at = 2;
        while (at + 1 < jpeg.length) {
            if ((jpeg[at] & 0xFF) != 0xFF) {
                return -1; // every segment starts with a marker; anything else is damage
            }
            int marker = jpeg[at + 1] & 0xFF;
            if (marker == 0xFF) {
                at++; // fill byte before a marker
                continue;
            }
            if (marker == SOS || marker == EOI || stop.test(marker, at)) {
                return marker;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                at += 2; // markers without a length field
                continue;
            }
            if (at + 3 >= jpeg.length) {
                return -1;
            }
            int length = ((jpeg[at + 2] & 0xFF) << 8) | (jpeg[at + 3] & 0xFF);
            if (length < 2) {
                return -1;
            }
            at += 2 + length;
        }
        return -1;
    }

    private static boolean startsWithSoi(byte[] jpeg) {
        return jpeg.length >= 4 && (jpeg[0] & 0xFF) == 0xFF && (jpeg[1] & 0xFF) == SOI;
    }

    /** SOF0..SOF15, less DHT (C4), JPG (C8) and DAC (CC), which share the range. */
    private static boolean isStartOfFrame(int marker) {
        return marker >= 0xC0
                && marker <= 0xCF
                && marker != 0xC4
                && marker != 0xC8
                && marker != 0xCC;
    }
}
