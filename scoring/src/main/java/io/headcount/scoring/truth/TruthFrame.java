package io.headcount.scoring.truth;

import java.time.Instant;
import java.util.List;

/**
 * The boxes of one annotated frame time. An annotated frame without boxes says that nobody was in
 * view, which is itself ground truth (the synthetic camera writes every frame).
 */
public record TruthFrame(Instant time, List<PersonBox> boxes) {

    public TruthFrame {
        boxes = List.copyOf(boxes);
    }
}
