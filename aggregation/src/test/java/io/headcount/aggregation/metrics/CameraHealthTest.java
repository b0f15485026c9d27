package io.headcount.aggregation.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each camera's health line and its status word, at given wall-clock times. */
class CameraHealthTest {

    private static final long MINUTE = 60_000;

    /** Silent after 5 min, lagging beyond 30 s, counts over the last 2 min. */
    private static final CameraHealth.Thresholds THRESHOLDS =
            new CameraHealth.Thresholds(5 * MINUTE, 30_000, 2 * MINUTE);

    private static final long NOW = 1_000 * MINUTE;

    @Test
    void aCameraWhoseRecordsArriveSoonAfterCaptureIsOkAndCountsItsRecentFramesAndFaces() {
        CameraHealth health = new CameraHealth(THRESHOLDS);
        // Ten minutes of frames, 1 per second, each arriving 2 s after capture, 1 face each.
        for (long t = NOW - 10 * MINUTE; t < NOW; t += 1_000) {
            health.seen("berlin", "door", t - 2_000, true, false, t);
            health.seen("berlin", "door", t - 2_000, false, false, t);
        }

        CameraHealth.Line line = health.lines(NOW).get(0);

        assertThat(line.site()).isEqualTo("berlin");
        assertThat(line.lastFrameTime()).isEqualTo(NOW - 3_000);
        assertThat(line.lastArrival()).isEqualTo(NOW - 1_000);
        assertThat(line.secondsSinceLastFrame()).isEqualTo(3);
        assertThat(line.lagMillis()).isEqualTo(2_000);
        // Whole minutes of arrival that overlap the last 2 minutes.
        assertThat(line.frames()).isEqualTo(120);
        assertThat(line.faceObservations()).isEqualTo(120);
        assertThat(line.deadLetters()).isEmpty();
        assertThat(line.status()).isEqualTo("ok");
    }

    @Test
    void eachStatusWordAppliesPastItsThresholdTheWorstFirst() {
        CameraHealth health = new CameraHealth(THRESHOLDS);
        // A dead letter 3 min ago is not recent.
        health.deadLettered("ok", "EMPTY", NOW - 3 * MINUTE - 1);
        health.seen("s", "ok", NOW - 1_000, true, false, NOW - 500);
        health.seen("s", "lagging", NOW - 40_000, true, false, NOW - 500);
        health.seen("s", "silent", NOW - 6 * MINUTE, true, false, NOW - 6 * MINUTE);
        health.seen("s", "refused", NOW - 1_000, true, false, NOW - 500);
        health.deadLettered("refused", "NOT_SINGLE_OBJECT", NOW - 400);
        health.deadLettered("refused", "NOT_SINGLE_OBJECT", NOW - 300);
        health.deadLettered("only-garbage", "MALFORMED_BODY", NOW - 300);
        // An end of stream moves the clock but is no frame.
        health.seen("s", "ok", NOW, true, true, NOW);

        Map<String, CameraHealth.Line> lines = byCamera(health.lines(NOW));

        assertThat(lines.get("ok").status()).isEqualTo("ok");
        assertThat(lines.get("ok").frames()).isEqualTo(1);
        assertThat(lines.get("ok").deadLettersSinceStart()).containsEntry("EMPTY", 1L);
        assertThat(lines.get("lagging").status()).isEqualTo("lagging");
        assertThat(lines.get("silent").status()).isEqualTo("silent");
        assertThat(lines.get("refused").status()).isEqualTo("dead-lettering");
        assertThat(lines.get("refused").deadLetters()).containsEntry("NOT_SINGLE_OBJECT", 2L);
        CameraHealth.Line garbage = lines.get("only-garbage");
        assertThat(garbage.status()).isEqualTo("dead-lettering");
        assertThat(garbage.site()).isNull();
        assertThat(garbage.lastFrameTime()).isNull();
        // Ten minutes later, without records, every camera is silent.
        assertThat(health.lines(NOW + 10 * MINUTE))
                .extracting(CameraHealth.Line::status)
                .containsOnly("silent");
    }

    @Test
    void
            theInferenceJobsDeadLettersCountByReasonWithTheNewestReasonAndMakeTheCameraDeadLettering() {
        CameraHealth health = new CameraHealth(THRESHOLDS);
        // Refused 3 min ago: counted since start, not recent. (Calls in order of arrival.)
        health.inferenceDeadLettered(
                "door", "CAMERA_FLOODING", NOW - 3 * MINUTE - 2, NOW - 3 * MINUTE);
        health.seen("berlin", "door", NOW - 1_000, true, false, NOW - 500);
        health.inferenceDeadLettered("door", "CORRUPT_JPEG", NOW - 2_000, NOW - 400);
        health.inferenceDeadLettered("door", "CORRUPT_JPEG", NOW - 1_500, NOW - 300);
        // Notices may arrive out of the job's order: the newest refusal names the last reason.
        health.inferenceDeadLettered("door", "UNKNOWN_SCHEMA", NOW - 5_000, NOW - 200);
        health.inferenceDeadLettered(
                "hall", "CORRUPT_JPEG", NOW - 3 * MINUTE - 2, NOW - 3 * MINUTE);
        health.seen("berlin", "hall", NOW - 1_000, true, false, NOW - 500);

        Map<String, CameraHealth.Line> lines = byCamera(health.lines(NOW));

        CameraHealth.Line door = lines.get("door");
        assertThat(door.inferenceDeadLetters())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("CORRUPT_JPEG", 2L, "UNKNOWN_SCHEMA", 1L));
        assertThat(door.inferenceDeadLettersSinceStart())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("CORRUPT_JPEG", 2L, "UNKNOWN_SCHEMA", 1L, "CAMERA_FLOODING", 1L));
        assertThat(door.lastInferenceDeadLetter()).isEqualTo("CORRUPT_JPEG");
        assertThat(door.lastInferenceDeadLetterAt()).isEqualTo(NOW - 1_500);
        assertThat(door.deadLetters()).as("the aggregation's own").isEmpty();
        assertThat(door.status()).isEqualTo("dead-lettering");
        CameraHealth.Line hall = lines.get("hall");
        assertThat(hall.inferenceDeadLetters()).isEmpty();
        assertThat(hall.lastInferenceDeadLetter()).isEqualTo("CORRUPT_JPEG");
        assertThat(hall.status()).as("its dead letter is not recent").isEqualTo("ok");
        // Every frame of a camera refused: the line holds only the job's dead letters.
        health.inferenceDeadLettered("gate", "CORRUPT_JPEG", NOW - 100, NOW - 50);
        CameraHealth.Line gate = byCamera(health.lines(NOW)).get("gate");
        assertThat(gate.site()).isNull();
        assertThat(gate.status()).isEqualTo("dead-lettering");
    }

    @Test
    void thresholdsMustBePositive() {
        assertThatThrownBy(() -> new CameraHealth.Thresholds(0, 1, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Map<String, CameraHealth.Line> byCamera(List<CameraHealth.Line> lines) {
        return lines.stream()
                .collect(
                        java.util.stream.Collectors.toMap(CameraHealth.Line::camera, line -> line));
    }
}
