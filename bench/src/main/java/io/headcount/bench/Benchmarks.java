package io.headcount.bench;

/**
 * Runs the JMH benchmarks of the hot path: {@code java -cp <bench classpath>
 * io.headcount.bench.Benchmarks [JMH options]}, e.g. {@code HotPath -p width=640 -p height=360}.
 * Same options as JMH's own main class.
 */
public final class Benchmarks {

    private Benchmarks() {}

    public static void main(String[] args) throws Exception {
        org.openjdk.jmh.Main.main(args);
    }
}
