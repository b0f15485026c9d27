package io.headcount.inference.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headcount.core.kafka.KafkaClientSecurity;
import io.headcount.core.kafka.KafkaSecurityException;
import io.headcount.inference.settings.JobOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job's Kafka clients take TLS/SASL from its own options. */
class KafkaConnectorsSecurityTest {

    @TempDir Path dir;

    @Test
    void plainByDefault() {
        assertThat(KafkaConnectors.securityProperties(JobOptions.defaults())).isEmpty();
    }

    @Test
    void securityOptionsBecomeClientProperties() throws Exception {
        Path password = Files.writeString(dir.resolve("password"), "pw\n");
        JobOptions options =
                JobOptions.fromMap(
                        Map.of(
                                KafkaClientSecurity.PROTOCOL, "SASL_PLAINTEXT",
                                KafkaClientSecurity.SASL_MECHANISM, "SCRAM-SHA-256",
                                KafkaClientSecurity.SASL_USERNAME, "inference",
                                KafkaClientSecurity.SASL_PASSWORD_FILE, password.toString()));

        Map<String, String> properties = KafkaConnectors.securityProperties(options);

        assertThat(properties)
                .containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-256");
        assertThat(properties.get("sasl.jaas.config"))
                .contains("username=\"inference\"", "password=\"pw\"");
        // The options (logged at start) name the file, never the password.
        assertThat(options.toString()).contains(password.toString()).doesNotContain("\"pw\"");
        // The sources and sinks build with them.
        assertThat(KafkaConnectors.framesSource(options)).isNotNull();
        assertThat(KafkaConnectors.resultsSink(options)).isNotNull();
    }

    @Test
    void aPasswordAsSuchIsNoOption() {
        assertThatThrownBy(
                        () ->
                                JobOptions.fromMap(
                                        Map.of(KafkaClientSecurity.SASL_PASSWORD, "secret")))
                .hasMessageContaining("unknown inference option");
    }

    @Test
    void anUnknownMechanismStopsTheJobBeforeItStarts() {
        JobOptions options =
                JobOptions.fromMap(
                        Map.of(
                                KafkaClientSecurity.PROTOCOL, "SASL_SSL",
                                KafkaClientSecurity.SASL_MECHANISM, "KERBEROS"));

        assertThatThrownBy(() -> KafkaConnectors.framesSource(options))
                .isInstanceOf(KafkaSecurityException.class)
                .hasMessageContaining("KERBEROS");
    }
}
