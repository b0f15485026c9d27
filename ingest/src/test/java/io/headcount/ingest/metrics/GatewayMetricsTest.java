package io.headcount.ingest.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class GatewayMetricsTest {

    @Test
    void aStartedCameraHasItsAlertedCountersAtZero() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        GatewayMetrics metrics = new GatewayMetrics(registry);

        metrics.cameraStarted("cam-1");

        for (String name :
                new String[] {GatewayMetrics.SENT, GatewayMetrics.FAILED, GatewayMetrics.DROPPED}) {
            assertThat(registry.find(name).tag(GatewayMetrics.CAMERA_TAG, "cam-1").counter())
                    .as(name)
                    .isNotNull();
            assertThat(metrics.count(name, "cam-1")).as(name).isZero();
        }
        assertThat(
                        registry.find(GatewayMetrics.FAILED)
                                .tag(GatewayMetrics.REASON_TAG, "InvalidTimestampException")
                                .counter())
                .isNotNull();
    }

    @Test
    void aRefusalAfterTheStartCountsOnTheRegisteredSeries() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        GatewayMetrics metrics = new GatewayMetrics(registry);
        metrics.cameraStarted("cam-1");

        metrics.failed("cam-1", GatewayMetrics.TIMESTAMP_REFUSED);

        assertThat(registry.find(GatewayMetrics.FAILED).counters()).hasSize(1);
        assertThat(metrics.count(GatewayMetrics.FAILED, "cam-1")).isEqualTo(1);
    }
}
