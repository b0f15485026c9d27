package io.headcount.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.ConfigurationFactory;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.junit.jupiter.api.Test;

/**
 * The CLI's logging configuration ({@code log4j2.xml}) as a user without {@code
 * HEADCOUNT_LOG_LEVEL} sees it: the product's own lines at INFO, the third-party notices seen in a
 * demo run filtered, a third-party warning a user can act on kept, and no colour codes. The unnamed
 * admin client that Flink's Kafka sink leaves open is quiet; the product's named ones are not.
 */
class LogConfigTest {

    @Test
    void thirdPartyNoiseIsFilteredAndTheProductsOwnLinesAndActionableWarningsStay()
            throws Exception {
        String printed =
                logThroughTheCliConfig(
                        context -> {
                            context.getLogger("io.headcount.app.DemoCommand")
                                    .info("Open http://127.0.0.1:8080");
                            context.getLogger("io.headcount.app.DemoCommand")
                                    .debug("a debugging detail");
                            context.getLogger("org.apache.kafka.clients.NetworkClient")
                                    .warn(
                                            "[Consumer clientId=c] The metadata response from the cluster"
                                                    + " reported a recoverable issue with correlation id 7 :"
                                                    + " {tracks=UNKNOWN_TOPIC_OR_PARTITION}");
                            context.getLogger("org.apache.kafka.clients.NetworkClient")
                                    .warn(
                                            "Attempting to close NetworkClient that has already been closed.");
                            context.getLogger("org.apache.kafka.clients.NetworkClient")
                                    .warn(
                                            "Connection to node -1 (localhost/127.0.0.1:9092) could not be"
                                                    + " established. Node may not be available.");
                            context.getLogger("org.apache.kafka.clients.NetworkClient")
                                    .warn(
                                            "[AdminClient clientId=adminclient-2] Connection to node -1"
                                                    + " (localhost/127.0.0.1:9092) could not be"
                                                    + " established. Node may not be available.");
                            context.getLogger("org.apache.kafka.clients.NetworkClient")
                                    .warn(
                                            "[AdminClient clientId=headcount-topics] Connection to node"
                                                    + " -1 (localhost/127.0.0.1:9092) could not be"
                                                    + " established. Node may not be available.");
                            context.getLogger(
                                            "org.apache.kafka.streams.processor.internals.StateDirectory")
                                    .warn(
                                            "Using an OS temp directory in the state.dir property ...");
                            context.getLogger("LogFutureTimestampLogger")
                                    .warn(
                                            "[UnifiedLog partition=audience-stats-0] LogSegment(...)"
                                                    + " contains future timestamp(s), making it"
                                                    + " ineligible to be deleted");
                            context.getLogger("org.apache.kafka.controller.QuorumController")
                                    .warn(
                                            "Performing controller activation. The metadata log appears to be empty.");
                            context.getLogger(
                                            "org.apache.flink.runtime.security.token.DefaultDelegationTokenManager")
                                    .warn("No tokens obtained so skipping notifications");
                            context.getLogger("org.apache.flink.runtime.webmonitor.WebMonitorUtils")
                                    .warn("Log file environment variable 'log.file' is not set.");
                            context.getLogger("org.apache.flink.runtime.metrics.util.MetricUtils")
                                    .warn(
                                            "The operator name Source: frames-source -> ... exceeded the 80"
                                                    + " characters length limit and was truncated.");
                            context.getLogger(
                                            "org.apache.flink.runtime.rpc.RpcEndpoint$MainThreadExecutor")
                                    .warn(
                                            "The scheduled executor service is shutdown and ignores the"
                                                    + " command org.apache.flink.util.concurrent.FutureUtils$$Lambda@31eb459c");
                            context.getLogger("org.apache.pekko.actor.CoordinatedShutdown")
                                    .warn(
                                            "Could not addJvmShutdownHook, due to: Shutdown in progress");
                            context.getLogger("org.apache.flink.runtime.jobmaster.JobMaster")
                                    .warn("Job inference failed: task restarting");
                            context.getLogger("org.apache.kafka.clients.consumer.internals.Fetcher")
                                    .info("a routine Kafka notice");
                        });

        assertThat(printed.lines())
                .hasSize(4)
                .anySatisfy(line -> assertThat(line).contains("INFO  DemoCommand - Open http"))
                .anySatisfy(
                        line ->
                                assertThat(line)
                                        .contains("NetworkClient - Connection to node -1")
                                        .contains("could not be established"))
                .anySatisfy(
                        line ->
                                assertThat(line)
                                        .contains("clientId=headcount-topics")
                                        .contains("could not be established"))
                .anySatisfy(line -> assertThat(line).contains("Job inference failed"));
        assertThat(printed).doesNotContain("\u001b");
    }

    private static String logThroughTheCliConfig(java.util.function.Consumer<LoggerContext> logs)
            throws Exception {
        URL config = LogConfigTest.class.getResource("/log4j2.xml");
        assertThat(config).as("the CLI's log4j2.xml on the class path").isNotNull();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        LoggerContext context = new LoggerContext("cli-log-config-test");
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            Configuration configuration =
                    ConfigurationFactory.getInstance()
                            .getConfiguration(context, ConfigurationSource.fromUri(config.toURI()));
            context.start(configuration);
            logs.accept(context);
        } finally {
            context.stop();
            System.setErr(stderr);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
