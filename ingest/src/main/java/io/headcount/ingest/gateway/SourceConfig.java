package io.headcount.ingest.gateway;

import io.headcount.ingest.source.synthetic.SyntheticOptions;
import java.util.Objects;

/**
 * Where a camera's frames come from.
 *
 * @param type {@code folder}, {@code video}, {@code mjpeg}, {@code rtsp} or {@code synthetic}
 * @param location the folder or file path, or the stream URL; for {@code synthetic}, a description
 * @param synthetic the synthetic camera's scene (its size, rate and start are the camera's); null
 *     for others
 */
public record SourceConfig(String type, String location, SyntheticOptions synthetic) {

    public static final String FOLDER = "folder";
    public static final String VIDEO = "video";
    public static final String MJPEG = "mjpeg";
    public static final String RTSP = "rtsp";
    public static final String SYNTHETIC = "synthetic";

    public SourceConfig {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(location, "location");
    }

    /** Whether the source ends by itself (and can be resumed from a checkpoint) unless looping. */
    public boolean finite() {
        return type.equals(FOLDER) || type.equals(VIDEO) || type.equals(SYNTHETIC);
    }
}
