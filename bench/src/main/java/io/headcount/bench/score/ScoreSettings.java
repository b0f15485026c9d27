package io.headcount.bench.score;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code headcount score} run: the scenario and the pipeline's settings.
 *
 * @param scenario what is run through the pipeline, with its ground truth
 * @param window aggregation window
 * @param grace aggregation grace
 * @param timeout give up when the last window has not closed by then
 * @param inferenceOverrides inference options, as {@code --set} of {@code bench}
 * @param observationsOut where to write the produced face boxes per track (CSV, seconds since the
 *     scene's start, as an annotation has them), to check an annotation against; null for none
 */
public record ScoreSettings(
        Scenario scenario,
        Duration window,
        Duration grace,
        Duration timeout,
        Map<String, String> inferenceOverrides,
        Path observationsOut) {

    public ScoreSettings {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(grace, "grace");
        Objects.requireNonNull(timeout, "timeout");
        inferenceOverrides = Map.copyOf(inferenceOverrides);
    }
}
