package io.headcount.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * A {@code headcount} command that runs until stopped (broker, infer, aggregate), run in this JVM
 * on a thread of its own as {@code bin/headcount} would run it, its output kept for the test.
 * Interrupting the thread is how an embedding caller stops such a command.
 */
final class CommandThread implements AutoCloseable {

    private static final Duration STOP_WAIT = Duration.ofSeconds(60);

    private final String name;
    private final StringWriter output = new StringWriter();
    private final Thread thread;
    private volatile Integer exitCode;

    private CommandThread(String... args) {
        this.name = args[0];
        PrintWriter writer = new PrintWriter(output, true);
        CommandLine command = new CommandLine(new Headcount()).setOut(writer).setErr(writer);
        thread = new Thread(() -> exitCode = command.execute(args), "headcount-" + name);
    }

    static CommandThread start(String... args) {
        CommandThread command = new CommandThread(args);
        command.thread.start();
        return command;
    }

    /**
     * Waits until the output has a match of {@code regex}; returns its first group (or the whole
     * match). Fails if the command ends or {@code timeout} passes first.
     */
    String awaitOutput(String regex, Duration timeout) throws InterruptedException {
        Pattern pattern = Pattern.compile(regex, Pattern.MULTILINE);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Matcher matcher = pattern.matcher(output());
            if (matcher.find()) {
                return matcher.groupCount() > 0 ? matcher.group(1) : matcher.group();
            }
            if (!thread.isAlive()) {
                throw new AssertionError(
                        name
                                + " ended (exit "
                                + exitCode
                                + ") before printing /"
                                + regex
                                + "/:\n"
                                + output());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        name
                                + " did not print /"
                                + regex
                                + "/ within "
                                + timeout
                                + ":\n"
                                + output());
            }
            Thread.sleep(100);
        }
    }

    boolean isRunning() {
        return thread.isAlive();
    }

    String output() {
        return output.toString(); // a StringWriter is thread-safe
    }

    /** Stops the command as an embedding caller does (an interrupt) and waits for it to end. */
    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join(TimeUnit.SECONDS.toMillis(STOP_WAIT.toSeconds()));
        if (thread.isAlive()) {
            throw new AssertionError(name + " did not stop within " + STOP_WAIT);
        }
    }

    @Override
    public String toString() {
        return name + ":\n" + output();
    }
}
