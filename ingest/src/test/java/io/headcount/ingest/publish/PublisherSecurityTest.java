package io.headcount.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headcount.core.kafka.KafkaClientSecurity;
import io.headcount.core.kafka.KafkaSecurityException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway's producer takes TLS/SASL from the kafka.* security options among its settings. */
class PublisherSecurityTest {

    @TempDir Path dir;

    @Test
    void securityOptionsBecomeProducerPropertiesAndAreNotPassedOnRaw() throws Exception {
        Path password = Files.writeString(dir.resolve("gw.password"), "gw-secret\n");
        PublisherSettings settings =
                PublisherSettings.of("broker:9093", "gw-1")
                        .withOverrides(
                                Map.of(
                                        KafkaClientSecurity.PROTOCOL,
                                        "SASL_PLAINTEXT",
                                        KafkaClientSecurity.SASL_MECHANISM,
                                        "SCRAM-SHA-512",
                                        KafkaClientSecurity.SASL_USERNAME,
                                        "gateway",
                                        KafkaClientSecurity.SASL_PASSWORD_FILE,
                                        password.toString(),
                                        "linger.ms",
                                        "7"));

        Map<String, Object> config = settings.producerConfig();

        assertThat(config)
                .containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("linger.ms", "7")
                .doesNotContainKeys(
                        KafkaClientSecurity.PROTOCOL, KafkaClientSecurity.SASL_PASSWORD_FILE);
        assertThat((String) config.get("sasl.jaas.config"))
                .contains("username=\"gateway\"", "password=\"gw-secret\"");
    }

    @Test
    void rawSecurityPropertiesStillWin() {
        PublisherSettings settings =
                PublisherSettings.of("broker:9093", "gw-1")
                        .withOverrides(Map.of("security.protocol", "SSL"));

        assertThat(settings.producerConfig()).containsEntry("security.protocol", "SSL");
    }

    @Test
    void aBadSecuritySettingStopsThePublisherBeforeItConnects() {
        PublisherSettings settings =
                PublisherSettings.of("broker:9093", "gw-1")
                        .withOverrides(Map.of(KafkaClientSecurity.PROTOCOL, "SASL_SSL"));

        assertThatThrownBy(settings::producerConfig)
                .isInstanceOf(KafkaSecurityException.class)
                .hasMessageContaining("kafka.sasl.mechanism");
    }
}
