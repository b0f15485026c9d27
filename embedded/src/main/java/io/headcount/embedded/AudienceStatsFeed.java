package io.headcount.embedded;

import io.headcount.schemas.AudienceStats;
import io.headcount.schemas.topics.Topic;
import io.headcount.schemas.topics.Topics;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the committed {@code audience-stats} records from the beginning on a background thread
 * and hands each to a listener, as windows close. Keeps every record the listener has handled for
 * {@link #received()}.
 */
public final class AudienceStatsFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AudienceStatsFeed.class);

    private final CommittedFeed<String, AudienceStats> feed;
    private final List<AudienceStats> received = new CopyOnWriteArrayList<>();

    public AudienceStatsFeed(String bootstrapServers, Consumer<AudienceStats> listener) {
        Topic<String, AudienceStats> topic = Topics.AUDIENCE_STATS;
        this.feed =
                CommittedFeed.of(
                                bootstrapServers,
                                "headcount-stats-feed",
                                topic.keySerde().deserializer(),
                                topic.valueSerde().deserializer())
                        .topics(List.of(topic.name()))
                        .threadName("audience-stats-feed")
                        .onFailure(e -> LOG.error("Reading {} failed", topic.name(), e))
                        .start(
                                records -> {
                                    for (ConsumerRecord<String, AudienceStats> record : records) {
                                        // Listener first: a caller that waits on received()
                                        // then sees windows the listener has handled (printed).
                                        listener.accept(record.value());
                                        received.add(record.value());
                                    }
                                });
    }

    public List<AudienceStats> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() throws InterruptedException {
        feed.close();
    }
}
