package dev.seatlock.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * HTTPS in the tests without switching certificate checks off: the client trusts exactly the
 * certificate of the server under test, read from that server's keystore (the one Liberty created,
 * or one the test made with the JDK's keytool, as an operator would), and checks the host name as
 * usual (the certificates name localhost).
 */
public final class TestTls {

    private TestTls() {}

    /**
     * Makes a PKCS12 keystore with a self-signed certificate for localhost and 127.0.0.1, with
     * {@code keytool}, as an operator makes one for production.
     */
    public static Path selfSignedKeystore(Path file, String password) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.deleteIfExists(file);
            Process keytool =
                    new ProcessBuilder(
                                    Path.of(System.getProperty("java.home"), "bin", "keytool")
                                            .toString(),
                                    "-genkeypair",
                                    "-alias",
                                    "seatlock",
                                    "-keyalg",
                                    "RSA",
                                    "-keysize",
                                    "2048",
                                    "-validity",
                                    "2",
                                    "-dname",
                                    "CN=localhost, O=SeatLock tests",
                                    "-ext",
                                    "SAN=dns:localhost,ip:127.0.0.1",
                                    "-storetype",
                                    "PKCS12",
                                    "-keystore",
                                    file.toString(),
                                    "-storepass",
                                    password)
                            .redirectErrorStream(true)
                            .start();
            String output = new String(keytool.getInputStream().readAllBytes());
            if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The keystore Liberty created at the first start of the test server {@code serverName}. */
    public static Path libertyKeystore(String serverName) {
        return Path.of(System.getProperty("it.wlp", "target/liberty/wlp"))
                .resolve("usr/servers")
                .resolve(serverName)
                .resolve("resources/security/key.p12");
    }

    /**
     * The password of that keystore: the random {@code keystore_password} that Liberty's {@code
     * server create} wrote into the server's server.env.
     */
    public static String libertyKeystorePassword(String serverName) {
        Path env =
                Path.of(System.getProperty("it.wlp", "target/liberty/wlp"))
                        .resolve("usr/servers")
                        .resolve(serverName)
                        .resolve("server.env");
        try {
            return Files.readAllLines(env).stream()
                    .filter(line -> line.startsWith("keystore_password="))
                    .map(line -> line.substring("keystore_password=".length()).strip())
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no keystore_password in " + env));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + env, e);
        }
    }

    /** Waits up to {@code timeout} for a keystore file that a starting server is still writing. */
    public static Path await(Path keystore, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.isRegularFile(keystore) && System.nanoTime() < deadline) {
            Sleep.quietly(Duration.ofMillis(200));
        }
        return keystore;
    }

    /** An SSL context that trusts the certificates of this PKCS12 keystore, and no other. */
    public static SSLContext trusting(Path keystore, String password) {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            for (String alias : List.copyOf(java.util.Collections.list(store.aliases()))) {
                trusted.setCertificateEntry(alias, store.getCertificate(alias));
            }
            TrustManagerFactory factory =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read keystore " + keystore, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot trust keystore " + keystore, e);
        }
    }

    /** An HTTP/1.1 client that trusts this keystore's certificates and follows no redirect. */
    public static HttpClient client(Path keystore, String password) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .sslContext(trusting(keystore, password))
                .build();
    }
}
