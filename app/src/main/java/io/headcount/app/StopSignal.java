package io.headcount.app;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C / SIGTERM for a command that runs a service until stopped: the JVM's shutdown hook asks
 * the command's loop to stop ({@link #await}) and holds the JVM until the command has closed what
 * it runs ({@link #close}), so brokers flush their logs and jobs are cancelled, not cut off.
 */
final class StopSignal implements AutoCloseable {

    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread hook;

    private StopSignal(String name, Duration closeTimeout) {
        hook =
                new Thread(
                        () -> {
                            stop.countDown();
                            try {
                                closed.await(closeTimeout.toMillis(), TimeUnit.MILLISECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        name);
    }

    /**
     * Registers the hook; the JVM waits at most {@code closeTimeout} for {@link #close()} once
     * stopped.
     */
    static StopSignal onShutdown(String name, Duration closeTimeout) {
        StopSignal signal = new StopSignal(name, closeTimeout);
        Runtime.getRuntime().addShutdownHook(signal.hook);
        return signal;
    }

    /** Returns once asked to stop. */
    void await() throws InterruptedException {
        stop.await();
    }

    /** True once asked to stop; waits up to {@code timeout} for it. */
    boolean await(Duration timeout) throws InterruptedException {
        return stop.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Everything is closed: lets a stopping JVM exit, or removes the hook if none is stopping. */
    @Override
    public void close() {
        closed.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook has run or runs now, and has been counted down
        }
    }
}
