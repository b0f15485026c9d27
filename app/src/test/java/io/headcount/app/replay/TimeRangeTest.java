package io.headcount.app.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeRangeTest {

    private static final Instant FROM = Instant.parse("2026-11-27T10:00:00Z");

    @Test
    void isHalfOpen() {
        TimeRange range = new TimeRange(FROM, FROM.plusSeconds(60));
        assertThat(range.contains(FROM)).isTrue();
        assertThat(range.contains(FROM.plusSeconds(60))).isFalse();
        assertThat(range.covers(FROM.plusSeconds(50), FROM.plusSeconds(60))).isTrue();
        assertThat(range.covers(FROM.plusSeconds(55), FROM.plusSeconds(65))).isFalse();
    }

    @Test
    void refusesAnEmptyRangeAndEndsOffWindowBoundaries() {
        assertThatThrownBy(() -> new TimeRange(FROM, FROM))
                .isInstanceOf(IllegalArgumentException.class);
        new TimeRange(FROM, FROM.plusSeconds(120)).requireAlignedTo(Duration.ofMinutes(1));
        assertThatThrownBy(
                        () ->
                                new TimeRange(FROM.plusSeconds(30), FROM.plusSeconds(120))
                                        .requireAlignedTo(Duration.ofMinutes(1)))
                .hasMessageContaining("window boundaries");
    }

    @Test
    void shadowTopicsCarryTheModelSetAndRefuseNamesKafkaWouldNot() {
        ShadowTopics topics = ShadowTopics.of("candidate-2026.12");
        assertThat(topics.audienceStats().name())
                .isEqualTo("audience-stats.shadow.candidate-2026.12");
        assertThat(topics.names())
                .contains(
                        "face-observations.shadow.candidate-2026.12",
                        "frames-processed.shadow.candidate-2026.12",
                        "tracks.shadow.candidate-2026.12",
                        "frames.dlq.shadow.candidate-2026.12",
                        "face-observations.shadow.candidate-2026.12.dlq");
        assertThatThrownBy(() -> ShadowTopics.of("new model/v2"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
