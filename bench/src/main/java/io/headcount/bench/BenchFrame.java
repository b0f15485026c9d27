package io.headcount.bench;

import java.time.Instant;

/**
 * One frame the benchmarks run on, as a gateway would send it.
 *
 * @param index frame number, 0 first
 * @param captureTime the synthetic camera's capture time
 * @param width pixels per row
 * @param height rows
 * @param jpeg the encoded frame
 * @param faces faces the synthetic camera drew into it (visible ones, partly cut ones included)
 */
public record BenchFrame(
        long index, Instant captureTime, int width, int height, byte[] jpeg, int faces) {}
