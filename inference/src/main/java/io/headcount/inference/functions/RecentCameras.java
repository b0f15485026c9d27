package io.headcount.inference.functions;

import java.util.LinkedHashMap;
import java.util.Map;

/** A per-camera map of the decoding thread's that forgets its least recently used camera. */
final class RecentCameras {

    /** Far more cameras than one subtask serves; bounds the memory a forged camera id can take. */
    static final int MAX_CAMERAS = 65_536;

    private RecentCameras() {}

    /** An access-ordered map of at most {@link #MAX_CAMERAS} cameras. Not thread-safe. */
    static <V> Map<String, V> map() {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > MAX_CAMERAS;
            }
        };
    }
}
