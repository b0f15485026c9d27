package io.headcount.schemas.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.schemas.DeadLetter;
import io.headcount.schemas.DeadLetters;
import io.headcount.schemas.Fixtures;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void registryNamesEveryTopicOfTheDesignWithItsDeadLetterTopic() {
        assertThat(Topics.all())
                .extracting(Topic::name)
                .containsExactly(
                        "frames", "frames.dlq",
                        "face-observations", "face-observations.dlq",
                        "frames-processed", "frames-processed.dlq",
                        "tracks", "tracks.dlq",
                        "audience-stats", "audience-stats.dlq",
                        "dead-lettered-frames", "dead-lettered-frames.dlq");
    }

    @Test
    void framesArePersonalDataAndExpireAfterADayByDefault() {
        assertThat(Topics.FRAMES.config())
                .containsEntry("retention.ms", Long.toString(Duration.ofHours(24).toMillis()));
        assertThat(Topics.deadLettersOf("frames").config().get("retention.ms"))
                .as("a frame's dead letter holds the frame, so it must not outlive it")
                .isEqualTo(Topics.FRAMES.config().get("retention.ms"));
    }

    @Test
    void theBrokerRefusesFramesStampedTooFarBackToBeReadBeforeRetentionDeletesThem() {
        long maxAge = Long.parseLong(Topics.FRAMES.config().get("message.timestamp.before.max.ms"));
        long retention = Long.parseLong(Topics.FRAMES.config().get("retention.ms"));
        assertThat(retention - maxAge).isEqualTo(Duration.ofHours(1).toMillis());
    }

    @Test
    void deadLetterTopicsCarryDeadLetterRecords() {
        Topic<byte[], DeadLetter> dlq = Topics.deadLettersOf("face-observations");
        DeadLetter letter = Fixtures.deadLetter();
        byte[] bytes = dlq.valueSerde().serializer().serialize(dlq.name(), letter);

        assertThat(dlq.valueSerde().deserializer().deserialize(dlq.name(), bytes))
                .isEqualTo(letter);
    }

    @Test
    void aDeadLetteredFrameNoticeKeepsWhereAndWhyButNotTheFramesBytes() {
        DeadLetter letter = Fixtures.deadLetter();
        DeadLetter notice = DeadLetters.withoutValue(letter);
        Topic<String, DeadLetter> topic = Topics.DEAD_LETTERED_FRAMES;
        byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), notice);
        DeadLetter read = topic.valueSerde().deserializer().deserialize(topic.name(), bytes);

        assertThat(read.getValue()).isNull();
        assertThat(read.getReason()).isEqualTo(letter.getReason());
        assertThat(read.getStage()).isEqualTo(letter.getStage());
        assertThat(read.getKey()).isEqualTo(letter.getKey());
        assertThat(read.getSourceOffset()).isEqualTo(letter.getSourceOffset());
        assertThat(letter.getValue()).as("the original is left as it was").isNotNull();
        assertThat(topic.config().get("retention.ms"))
                .isEqualTo(Long.toString(Duration.ofDays(7).toMillis()));
    }

    @Test
    void topicsAreImmutableAndOverridesMakeCopies() {
        Topic<String, ?> frames = Topics.FRAMES.withConfig(Map.of("retention.ms", "3600000"));

        assertThat(frames.config()).containsEntry("retention.ms", "3600000");
        assertThat(Topics.FRAMES.config()).containsEntry("retention.ms", "86400000");
        assertThat(Topics.FRAMES.renamed("frames-shadow").name()).isEqualTo("frames-shadow");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> Topics.FRAMES.config().put("x", "y"))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
