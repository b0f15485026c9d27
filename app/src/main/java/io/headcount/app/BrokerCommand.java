package io.headcount.app;

import io.headcount.broker.EmbeddedKafkaBroker;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code headcount broker --data DIR}: a local single-node Kafka broker for trying the services
 * apart on one machine without Docker. It is the broker of the embedded mode ({@link
 * EmbeddedKafkaBroker}) with a data folder of the user's, so topics and records survive a restart.
 */
@Command(
        name = "broker",
        header = "Runs a local single-node Kafka broker whose data survive restarts.",
        footer = {"", "Example:", "  bin/headcount broker --data .headcount/local/kafka"},
        mixinStandardHelpOptions = true,
        description = {
            "Runs a single-node Kafka broker (KRaft, broker and controller in one process)",
            "that keeps its topics and records in --data: started again with the same",
            "folder, it goes on where it stopped. Creates the product's topics (as the",
            "topics command does) unless --no-topics, prints the address for",
            "--bootstrap-servers, and runs until Ctrl-C / SIGTERM. For one machine: it",
            "listens on localhost only, in plain text, without security."
        })
final class BrokerCommand implements Callable<Integer> {

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration TOPICS_TIMEOUT = Duration.ofSeconds(30);

    @Option(
            names = "--data",
            required = true,
            paramLabel = "DIR",
            description = "The broker's data folder; created if missing, kept on exit.")
    Path data;

    @Option(
            names = "--port",
            paramLabel = "N",
            defaultValue = "9092",
            description =
                    "Client port on localhost; 0 = any free port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--partitions",
            paramLabel = "N",
            defaultValue = "1",
            description =
                    "Partitions of each topic created; cameras are keyed to partitions (default:"
                            + " ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--no-topics", description = "Do not create the product's topics.")
    boolean noTopics;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (Files.exists(data) && !Files.isDirectory(data)) {
            err.println("--data: not a folder: " + data.toAbsolutePath());
            return 2;
        }
        Files.createDirectories(data);
        boolean restart = Files.exists(data.resolve("meta.properties"));
        try (StopSignal stop = StopSignal.onShutdown("broker-shutdown", CLOSE_TIMEOUT)) {
            EmbeddedKafkaBroker started;
            try {
                started =
                        EmbeddedKafkaBroker.builder()
                                .port(port)
                                .logDir(data)
                                .defaultPartitions(partitions)
                                .start();
            } catch (IllegalArgumentException e) {
                err.println(e.getMessage());
                return 2;
            } catch (RuntimeException e) {
                err.println("Could not start the broker: " + rootMessage(e));
                return 1;
            }
            try (EmbeddedKafkaBroker broker = started) {
                if (!noTopics) {
                    TopicsCommand.create(
                            broker.adminConfig(), partitions, (short) 1, TOPICS_TIMEOUT, out);
                }
                out.printf(
                        "Kafka broker at %s (%s data in %s); use --bootstrap-servers %s."
                                + " Ctrl-C stops it.%n",
                        broker.bootstrapServers(),
                        restart ? "kept" : "new",
                        broker.logDir(),
                        broker.bootstrapServers());
                out.flush();
                stop.await();
                out.println("Stopping the broker ...");
                out.flush();
            }
            out.printf("Broker stopped; its data stay in %s.%n", data.toAbsolutePath());
            out.flush();
            return 0;
        }
    }

    /** Kafka wraps the reason (a locked data folder, a port taken meanwhile) in several layers. */
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root == e ? e.getMessage() : e.getMessage() + ": " + root.getMessage();
    }
}
