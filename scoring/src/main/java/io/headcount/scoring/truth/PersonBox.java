package io.headcount.scoring.truth;

/** One person's face box inside a {@link TruthFrame}. */
public record PersonBox(String person, Rect box) {}
