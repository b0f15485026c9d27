package io.headcount.broker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A broker key pair with a self-signed certificate for {@code localhost}, and a trust store holding
 * that certificate, made with the JDK's {@code keytool} when the broker starts. Nothing secret is
 * ever committed: every run makes new keys and random store passwords, written to files next to the
 * stores (as a real deployment's secret files would be).
 *
 * @param keystore the broker's PKCS12 key store
 * @param truststore the clients' PKCS12 trust store
 * @param keystorePassword the key store's (and key's) password
 * @param truststorePassword the trust store's password
 * @param truststorePasswordFile a file holding {@code truststorePassword}
 */
public record SelfSignedTls(
        Path keystore,
        Path truststore,
        String keystorePassword,
        String truststorePassword,
        Path truststorePasswordFile) {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

    /** Makes the stores in {@code dir}. */
    public static SelfSignedTls create(Path dir) {
        Path keystore = dir.resolve("broker.keystore.p12");
        Path certificate = dir.resolve("broker.crt");
        Path truststore = dir.resolve("truststore.p12");
        String keystorePassword = randomSecret();
        String truststorePassword = randomSecret();
        keytool(
                "-genkeypair",
                "-alias",
                "broker",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-validity",
                "2",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                keystorePassword,
                "-keypass",
                keystorePassword);
        keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                "broker",
                "-keystore",
                keystore.toString(),
                "-storepass",
                keystorePassword,
                "-file",
                certificate.toString());
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "broker",
                "-file",
                certificate.toString(),
                "-storetype",
                "PKCS12",
                "-keystore",
                truststore.toString(),
                "-storepass",
                truststorePassword);
        Path passwordFile = dir.resolve("truststore.password");
        writeSecret(passwordFile, truststorePassword);
        return new SelfSignedTls(
                keystore, truststore, keystorePassword, truststorePassword, passwordFile);
    }

    /** 32 random hex digits. */
    public static String randomSecret() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Writes a secret readable by its owner only (where the file system allows). */
    static void writeSecret(Path file, String secret) {
        try {
            Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
            file.toFile().setReadable(false, false);
            file.toFile().setReadable(true, true);
        } catch (IOException e) {
            throw new IllegalStateException("Could not write " + file, e);
        }
    }

    /** keytool from the running JDK; passwords on its command line stay on this machine. */
    private static void keytool(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool " + args[0] + " did not finish");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(
                        "keytool "
                                + args[0]
                                + " failed ("
                                + process.exitValue()
                                + "): "
                                + new String(output, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalStateException(
                    "Could not run keytool to make the broker's TLS certificate", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running keytool", e);
        }
    }
}
