package io.headcount.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Samples the process's resident memory (heap, native ONNX Runtime buffers, Kafka, RocksDB: all of
 * it) from {@code /proc/self/status} on a daemon thread. The peaks of the first and second half of
 * a sustained run show whether memory stays bounded: a leak makes the second peak climb.
 */
public final class MemorySampler implements AutoCloseable {

    private static final Path STATUS = Path.of("/proc/self/status");

    private final Samples residentMb = new Samples();
    private final Thread thread;
    private volatile boolean running = true;

    private MemorySampler(long periodMillis) {
        thread =
                new Thread(
                        () -> {
                            while (running) {
                                long kb = statusKb("VmRSS:");
                                if (kb > 0) {
                                    residentMb.add(kb / 1024.0);
                                }
                                try {
                                    Thread.sleep(periodMillis);
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                        },
                        "memory-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    public static MemorySampler start(long periodMillis) {
        return new MemorySampler(periodMillis);
    }

    /** The process's peak resident memory so far (the kernel's high-water mark), MB. */
    public static double peakResidentMb() {
        return statusKb("VmHWM:") / 1024.0;
    }

    /** Whether this system reports process memory (Linux). */
    public static boolean supported() {
        return Files.isReadable(STATUS);
    }

    /** The samples taken so far, in order; a copy. */
    public synchronized double[] samplesMb() {
        double[] values = new double[residentMb.count()];
        for (int i = 0; i < values.length; i++) {
            values[i] = residentMb.get(i);
        }
        return values;
    }

    /** The highest sample among {@code samples[from, to)}, or NaN when empty. */
    public static double peak(double[] samples, int from, int to) {
        double peak = Double.NaN;
        for (int i = from; i < to; i++) {
            peak = Double.isNaN(peak) ? samples[i] : Math.max(peak, samples[i]);
        }
        return peak;
    }

    private static long statusKb(String field) {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
