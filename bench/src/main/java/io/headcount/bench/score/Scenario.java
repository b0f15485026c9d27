package io.headcount.bench.score;

/**
 * What {@code headcount score} runs the pipeline over: a synthetic scene whose truth the camera
 * writes ({@link SyntheticScenario}), or footage with a user's annotation ({@link
 * FootageScenario}).
 */
public sealed interface Scenario permits SyntheticScenario, FootageScenario {}
