package io.headcount.ingest.image;

/** Reads JPEG markers without decoding: enough to tell a baseline JPEG from a progressive one. */
public final class JpegMarkers {

    private static final int SOI = 0xD8;
    private static final int SOF0_BASELINE = 0xC0;
    private static final int SOS = 0xDA;

    private JpegMarkers() {}

    /**
     * Whether the bytes are a JPEG whose first frame header is SOF0 (baseline DCT), the only kind
     * the frame contract promises. Progressive, lossless and arithmetic-coded JPEGs answer false.
     */
    public static boolean isBaseline(byte[] jpeg) {
        if (jpeg.length < 4 || (jpeg[0] & 0xFF) != 0xFF || (jpeg[1] & 0xFF) != SOI) {
            return false;
        }
        int i = 2;
        while (i + 1 < jpeg.length) {
            if ((jpeg[i] & 0xFF) != 0xFF) {
                return false; // every segment starts with a marker; anything else is damage
            }
            int marker = jpeg[i + 1] & 0xFF;
            if (marker == 0xFF) {
                i++; // fill byte before a marker
                continue;
            }
            if (isStartOfFrame(marker)) {
                return marker == SOF0_BASELINE;
            }
            if (marker == SOS || i + 3 >= jpeg.length) {
                return false; // scan data before any frame header
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                i += 2; // markers without a length field
                continue;
            }
            int length = ((jpeg[i + 2] & 0xFF) << 8) | (jpeg[i + 3] & 0xFF);
            i += 2 + length;
        }
        return false;
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
