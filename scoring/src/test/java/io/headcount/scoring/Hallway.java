package io.headcount.scoring;

import static io.headcount.scoring.Fixtures.CAMERA;
import static io.headcount.scoring.Fixtures.T0;
import static io.headcount.scoring.Fixtures.cell;
import static io.headcount.scoring.Fixtures.observations;
import static io.headcount.scoring.Fixtures.person;
import static io.headcount.scoring.Fixtures.suppressed;
import static io.headcount.scoring.Fixtures.track;
import static io.headcount.scoring.Fixtures.window;

import io.headcount.schemas.FaceObservation;
import io.headcount.scoring.produced.ProducedRecords;
import io.headcount.scoring.truth.GroundTruth;
import io.headcount.scoring.truth.Rect;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A hand-made run with one of each fault (numbers worked out in ScorerTest):
 *
 * <pre>
 * person  frames  sex     age    masked  box             tracks
 * P1      0..9    female  20-29  no      (100,100,50,50) T1 (0..4), T2 (5..9): fragmented
 * P2      0..9    male    30-39  yes     (400,100,50,50) T3 (0..9)
 * P3      20..29  female  40-49  yes     (100,300,50,50) T5 (20..29, box 5 px right: IoU 0.818)
 * P4      40..49  male    50-59  no      (600,300,50,50) none: missed
 * -       20..29                         (700,50,40,40)  T4: a false visitor
 * </pre>
 *
 * Windows of 3 s from T0: [0,3 s) emitted with 5 visitors, female 3, male 1, undetermined 1, the
 * masked cell suppressed; [3 s,6 s) emitted with 0 visitors and no cells. A track from another
 * camera must be ignored.
 */
public final class Hallway {

    public static final Rect P1_BOX = new Rect(100, 100, 50, 50);
    public static final Rect P2_BOX = new Rect(400, 100, 50, 50);
    public static final Rect P3_BOX = new Rect(100, 300, 50, 50);
    public static final Rect P4_BOX = new Rect(600, 300, 50, 50);

    private Hallway() {}

    public static GroundTruth truth() {
        return new GroundTruth(
                CAMERA,
                List.of(
                        person("P1", 0, 9, "female", "20-29", false, P1_BOX),
                        person("P2", 0, 9, "male", "30-39", true, P2_BOX),
                        person("P3", 20, 29, "female", "40-49", true, P3_BOX),
                        person("P4", 40, 49, "male", "50-59", false, P4_BOX)),
                List.of());
    }

    /** The same persons, with what mask the masked ones wear: P2 an N95, P3 a surgical mask. */
    public static GroundTruth truthWithMaskTypes() {
        GroundTruth truth = truth();
        return new GroundTruth(
                truth.camera(),
                truth.persons().stream()
                        .map(
                                person ->
                                        switch (person.id()) {
                                            case "P2" -> person.withMaskType("n95");
                                            case "P3" -> person.withMaskType("surgical");
                                            default -> person;
                                        })
                        .toList(),
                truth.annotatedFrames());
    }

    public static ProducedRecords produced() {
        List<FaceObservation> observations = new ArrayList<>();
        // T1: 4 of 5 impressions say female (0.9), the last says male (0.2).
        observations.addAll(observations("T1", 0, 4, P1_BOX, 0.9f, 0.9f, 0.9f, 0.9f, 0.2f));
        // T2: 0.6 (female), 0.4 (male), 0.6, 0.4 and one not judged.
        observations.addAll(observations("T2", 5, 9, P1_BOX, 0.6f, 0.4f, 0.6f, 0.4f, null));
        // T3 on a man: every impression says female.
        observations.addAll(observations("T3", 0, 9, P2_BOX, 0.7f));
        observations.addAll(observations("T4", 20, 29, new Rect(700, 50, 40, 40), 0.1f));
        observations.addAll(observations("T5", 20, 29, new Rect(105, 300, 50, 50), 0.8f));
        var otherCamera = track("X1", 0, 9, "male", null, null);
        otherCamera.setCamera("cam-2");
        return new ProducedRecords(
                observations,
                List.of(
                        track("T1", 0, 4, "female", "20-29", "unmasked"),
                        track("T2", 5, 9, "undetermined", "30-39", "unmasked"),
                        track("T3", 0, 9, "female", "undetermined", "masked"),
                        track("T4", 20, 29, "male", "20-29", "unmasked"),
                        track("T5", 20, 29, "female", "40-49", "undetermined"),
                        otherCamera),
                List.of(
                        window(
                                T0,
                                T0.plusSeconds(3),
                                5,
                                Map.of(
                                        "female", cell(3),
                                        "male", cell(1),
                                        "undetermined", cell(1)),
                                Map.of("masked", suppressed(), "unmasked", cell(3))),
                        window(T0.plusSeconds(3), T0.plusSeconds(6), 0, Map.of(), Map.of())));
    }
}
