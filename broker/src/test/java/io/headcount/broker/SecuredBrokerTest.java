package io.headcount.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headcount.schemas.topics.Topic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The SASL_SSL broker: every mechanism logs in over TLS, and ACLs decide the rest. */
class SecuredBrokerTest {

    private static final String TOPIC = "secured";

    private static EmbeddedKafkaBroker kafka;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka =
                EmbeddedKafkaBroker.builder()
                        .security(BrokerSecurity.saslSsl("writer", "reader", "intruder"))
                        .start();
        kafka.createTopics(List.of(new Topic<>(TOPIC, Serdes.String(), Serdes.String(), Map.of())));
        try (Admin admin = Admin.create(kafka.adminConfig())) {
            admin.createAcls(
                            List.of(
                                    allow("writer", ResourceType.TOPIC, TOPIC, AclOperation.WRITE),
                                    allow("reader", ResourceType.TOPIC, TOPIC, AclOperation.READ),
                                    allow("reader", ResourceType.GROUP, "g", AclOperation.READ)))
                    .all()
                    .get();
        }
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void everyMechanismWritesWithItsGrantAndTheReaderReadsIt() throws Exception {
        for (String mechanism : BrokerSecurity.MECHANISMS) {
            try (KafkaProducer<String, String> producer =
                    producer(kafka.clientProperties("writer", mechanism))) {
                producer.send(new ProducerRecord<>(TOPIC, mechanism, "hello")).get();
            }
        }

        Map<String, Object> config = new HashMap<>(kafka.clientProperties("reader"));
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "g");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> keys = new java.util.ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (keys.size() < 3 && System.nanoTime() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
                records.forEach(record -> keys.add(record.key()));
            }
        }
        assertThat(keys).containsExactlyInAnyOrderElementsOf(BrokerSecurity.MECHANISMS);
    }

    @Test
    void aUserWithoutAGrantIsRefused() {
        try (KafkaProducer<String, String> producer =
                producer(kafka.clientProperties("intruder"))) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(TOPIC, "k", "v")).get())
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void theReaderCannotWriteNorUseAnotherGroup() {
        try (KafkaProducer<String, String> producer = producer(kafka.clientProperties("reader"))) {
            // Without WRITE on any topic, even the idempotent producer's id is refused (cluster).
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(TOPIC, "k", "v")).get())
                    .hasCauseInstanceOf(AuthorizationException.class);
        }
        Map<String, Object> config = new HashMap<>(kafka.clientProperties("reader"));
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "someone-elses");
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10)))
                    .isInstanceOf(GroupAuthorizationException.class);
        }
    }

    @Test
    void aWrongPasswordFailsAuthentication() throws Exception {
        Map<String, String> options = new HashMap<>(kafka.clientOptions("writer"));
        Path wrong = Files.createTempFile("wrong", ".password");
        try {
            Files.writeString(wrong, "not-the-password");
            options.put(
                    io.headcount.core.kafka.KafkaClientSecurity.SASL_PASSWORD_FILE,
                    wrong.toString());
            Map<String, String> properties =
                    io.headcount.core.kafka.KafkaClientSecurity.from(options, name -> null)
                            .clientProperties();
            try (KafkaProducer<String, String> producer = producer(properties)) {
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>(TOPIC, "k", "v")).get())
                        .hasCauseInstanceOf(SaslAuthenticationException.class);
            }
        } finally {
            Files.deleteIfExists(wrong);
        }
    }

    private static KafkaProducer<String, String> producer(Map<String, String> security) {
        Map<String, Object> config = new HashMap<>(security);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static AclBinding allow(
            String user, ResourceType type, String name, AclOperation operation) {
        return new AclBinding(
                new ResourcePattern(type, name, PatternType.LITERAL),
                new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW));
    }
}
