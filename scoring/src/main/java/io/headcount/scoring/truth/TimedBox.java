package io.headcount.scoring.truth;

import java.time.Instant;
import java.util.Objects;

/** Where one person's face was at one frame time. */
public record TimedBox(Instant time, Rect box) {

    public TimedBox {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(box, "box");
    }
}
