package io.headcount.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientSecurityTest {

    @TempDir Path dir;

    @Test
    void nothingSetMeansPlaintextWithoutAnyProperty() {
        KafkaClientSecurity security = KafkaClientSecurity.from(Map.of(), name -> null);

        assertThat(security.enabled()).isFalse();
        assertThat(security.clientProperties()).isEmpty();
        assertThat(security).hasToString("PLAINTEXT");
    }

    @Test
    void saslSslWithScramReadsThePasswordFileAndTheTruststore() throws Exception {
        Path password = Files.writeString(dir.resolve("password"), "s3cr\"et\\x\n");
        Path truststore = Files.writeString(dir.resolve("truststore.p12"), "not parsed here");
        Path trustPassword = Files.writeString(dir.resolve("trust.password"), "changeit\r\n");
        Map<String, String> env = new HashMap<>();
        env.put("HEADCOUNT_KAFKA_SECURITY_PROTOCOL", "sasl_ssl");
        env.put("HEADCOUNT_KAFKA_SASL_MECHANISM", "scram-sha-512");
        env.put("HEADCOUNT_KAFKA_SASL_USERNAME", "gateway");
        env.put("HEADCOUNT_KAFKA_SASL_PASSWORD_FILE", password.toString());
        env.put("HEADCOUNT_KAFKA_SSL_TRUSTSTORE_LOCATION", truststore.toString());
        env.put("HEADCOUNT_KAFKA_SSL_TRUSTSTORE_PASSWORD_FILE", trustPassword.toString());

        KafkaClientSecurity security = KafkaClientSecurity.from(Map.of(), env::get);

        assertThat(security.clientProperties())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry(
                        "sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required"
                                + " username=\"gateway\" password=\"s3cr\\\"et\\\\x\";")
                .containsEntry("ssl.truststore.location", truststore.toAbsolutePath().toString())
                .containsEntry("ssl.truststore.type", "PKCS12")
                .containsEntry("ssl.truststore.password", "changeit");
        assertThat(security.toString())
                .contains("SASL_SSL", "SCRAM-SHA-512", "gateway")
                .doesNotContain("s3cr", "changeit");
    }

    @Test
    void optionsWinOverTheEnvironment() {
        Map<String, String> env =
                Map.of(
                        "HEADCOUNT_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                        "HEADCOUNT_KAFKA_SASL_MECHANISM", "PLAIN",
                        "HEADCOUNT_KAFKA_SASL_USERNAME", "from-env",
                        "HEADCOUNT_KAFKA_SASL_PASSWORD", "env-password");

        KafkaClientSecurity security =
                KafkaClientSecurity.from(
                        Map.of(KafkaClientSecurity.SASL_USERNAME, "from-options"), env::get);

        assertThat(security.clientProperties().get("sasl.jaas.config"))
                .startsWith("org.apache.kafka.common.security.plain.PlainLoginModule required")
                .contains("username=\"from-options\"", "password=\"env-password\"");
        assertThat(security.clientProperties()).doesNotContainKey("ssl.truststore.location");
    }

    @Test
    void anUnknownMechanismIsRefusedWithTheKnownOnes() {
        Map<String, String> options =
                Map.of(
                        KafkaClientSecurity.PROTOCOL, "SASL_SSL",
                        KafkaClientSecurity.SASL_MECHANISM, "GSSAPI",
                        KafkaClientSecurity.SASL_USERNAME, "u",
                        KafkaClientSecurity.SASL_PASSWORD, "p");

        assertThatThrownBy(() -> KafkaClientSecurity.from(options, name -> null))
                .isInstanceOf(KafkaSecurityException.class)
                .hasMessageContaining("GSSAPI")
                .hasMessageContaining("HEADCOUNT_KAFKA_SASL_MECHANISM")
                .hasMessageContaining("[PLAIN, SCRAM-SHA-256, SCRAM-SHA-512]");
    }

    @Test
    void anUnknownProtocolIsRefused() {
        assertThatThrownBy(
                        () ->
                                KafkaClientSecurity.from(
                                        Map.of(KafkaClientSecurity.PROTOCOL, "TLS"), n -> null))
                .isInstanceOf(KafkaSecurityException.class)
                .hasMessageContaining("TLS")
                .hasMessageContaining("SASL_SSL");
    }

    @Test
    void aMissingPasswordFileIsNamed() {
        Path missing = dir.resolve("no-such-password");
        Map<String, String> options =
                Map.of(
                        KafkaClientSecurity.PROTOCOL, "SASL_PLAINTEXT",
                        KafkaClientSecurity.SASL_MECHANISM, "SCRAM-SHA-256",
                        KafkaClientSecurity.SASL_USERNAME, "u",
                        KafkaClientSecurity.SASL_PASSWORD_FILE, missing.toString());

        assertThatThrownBy(() -> KafkaClientSecurity.from(options, name -> null))
                .isInstanceOf(KafkaSecurityException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("kafka.sasl.password-file");
    }

    @Test
    void anEmptyPasswordFileIsRefused() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        Map<String, String> options =
                Map.of(
                        KafkaClientSecurity.PROTOCOL, "SASL_PLAINTEXT",
                        KafkaClientSecurity.SASL_MECHANISM, "PLAIN",
                        KafkaClientSecurity.SASL_USERNAME, "u",
                        KafkaClientSecurity.SASL_PASSWORD_FILE, empty.toString());

        assertThatThrownBy(() -> KafkaClientSecurity.from(options, name -> null))
                .isInstanceOf(KafkaSecurityException.class)
                .hasMessageContaining("empty file");
    }

    @Test
    void saslWithoutAPasswordOrUserIsRefused() {
        Map<String, String> noPassword =
                Map.of(
                        KafkaClientSecurity.PROTOCOL, "SASL_SSL",
                        KafkaClientSecurity.SASL_MECHANISM, "PLAIN",
                        KafkaClientSecurity.SASL_USERNAME, "u");
        Map<String, String> noUser =
                Map.of(
                        KafkaClientSecurity.PROTOCOL, "SASL_SSL",
                        KafkaClientSecurity.SASL_MECHANISM, "PLAIN");

        assertThatThrownBy(() -> KafkaClientSecurity.from(noPassword, name -> null))
                .hasMessageContaining("HEADCOUNT_KAFKA_SASL_PASSWORD");
        assertThatThrownBy(() -> KafkaClientSecurity.from(noUser, name -> null))
                .hasMessageContaining("kafka.sasl.username");
    }

    @Test
    void aPasswordAndAPasswordFileTogetherAreRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("p"), "p");
        Map<String, String> options =
                Map.of(
                        KafkaClientSecurity.PROTOCOL, "SASL_SSL",
                        KafkaClientSecurity.SASL_MECHANISM, "PLAIN",
                        KafkaClientSecurity.SASL_USERNAME, "u",
                        KafkaClientSecurity.SASL_PASSWORD, "p",
                        KafkaClientSecurity.SASL_PASSWORD_FILE, file.toString());

        assertThatThrownBy(() -> KafkaClientSecurity.from(options, name -> null))
                .hasMessageContaining("set only one");
    }

    @Test
    void saslSettingsWithoutAProtocolAreAMistake() {
        assertThatThrownBy(
                        () ->
                                KafkaClientSecurity.from(
                                        Map.of(KafkaClientSecurity.SASL_MECHANISM, "PLAIN"),
                                        name -> null))
                .hasMessageContaining("set the protocol too");
    }

    @Test
    void anUnreadableTruststoreIsNamed() {
        Map<String, String> options =
                Map.of(
                        KafkaClientSecurity.PROTOCOL,
                        "SSL",
                        KafkaClientSecurity.TRUSTSTORE_LOCATION,
                        dir.resolve("x.jks").toString());

        assertThatThrownBy(() -> KafkaClientSecurity.from(options, name -> null))
                .hasMessageContaining("x.jks")
                .hasMessageContaining("cannot be read");
    }

    @Test
    void endpointIdentificationCanBeSwitchedOff() {
        Map<String, String> options =
                Map.of(
                        KafkaClientSecurity.PROTOCOL, "SSL",
                        KafkaClientSecurity.ENDPOINT_IDENTIFICATION, "none");

        assertThat(KafkaClientSecurity.from(options, name -> null).clientProperties())
                .containsEntry("security.protocol", "SSL")
                .containsEntry("ssl.endpoint.identification.algorithm", "");
    }

    @Test
    void secretsAreNotOptionKeys() {
        assertThat(KafkaClientSecurity.OPTION_KEYS)
                .contains(KafkaClientSecurity.SASL_PASSWORD_FILE)
                .doesNotContainAnyElementsOf(KafkaClientSecurity.SECRET_KEYS);
    }
}
