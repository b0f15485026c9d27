package io.headcount.bench;

import java.util.Arrays;

/** Durations (or any values) collected during a run, with their mean and percentiles. */
public final class Samples {

    private double[] values = new double[64];
    private int count;

    public synchronized void add(double value) {
        if (count == values.length) {
            values = Arrays.copyOf(values, 2 * count);
        }
        values[count++] = value;
    }

    /** A new set of this one's values and {@code other}'s. */
    public Samples plus(Samples other) {
        Samples sum = new Samples();
        for (Samples part : new Samples[] {this, other}) {
            for (int i = 0; i < part.count(); i++) {
                sum.add(part.get(i));
            }
        }
        return sum;
    }

    public synchronized int count() {
        return count;
    }

    /** The {@code index}-th value added. */
    public synchronized double get(int index) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException(index);
        }
        return values[index];
    }

    public synchronized double mean() {
        if (count == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += values[i];
        }
        return sum / count;
    }

    /** The value at quantile {@code q} in 0..1 (nearest rank); NaN when empty. */
    public synchronized double percentile(double q) {
        if (count == 0) {
            return Double.NaN;
        }
        double[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * count) - 1;
        return sorted[Math.max(0, Math.min(count - 1, rank))];
    }

    public synchronized double sum() {
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += values[i];
        }
        return sum;
    }
}
