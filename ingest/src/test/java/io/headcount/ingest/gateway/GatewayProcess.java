package io.headcount.ingest.gateway;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A gateway in a process of its own, for tests that kill it: {@code GatewayProcess cameras.yaml}.
 */
public final class GatewayProcess {

    private GatewayProcess() {}

    public static void main(String[] args) throws Exception {
        Gateway gateway =
                Gateway.start(
                        GatewayConfigLoader.load(Path.of(args[0])), new SimpleMeterRegistry());
        while (!gateway.awaitFinished(Duration.ofSeconds(1))) {
            // runs until the test kills it
        }
        gateway.close();
    }
}
