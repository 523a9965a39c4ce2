package dev.seatlock.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The repository's HAProxy configuration ({@code deploy/haproxy/haproxy.cfg}) run as a local {@code
 * haproxy} process in front of test servers: the file as an operator would start it, its
 * environment variables set to the test's ports (a free loopback port for the balancer, one for its
 * statistics page). Exists so that tests go through the real balancer (sticky cookie, health
 * checks, websockets) and can read which server HAProxy counts UP or DOWN and how many requests
 * each one got.
 *
 * <p>Needs Debian's {@code haproxy} ({@link #binary()}; {@code .ci/run} installs it).
 */
public final class HaproxyBalancer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(HaproxyBalancer.class.getName());
    private static final HttpClient HTTP =
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(2))
                    .build();

    /**
     * The backend of the browser checkout: the one with the health checks (the API backend tracks
     * it).
     */
    public static final String WEB = "seatlock_web";

    /** The backend of {@code /api/}. */
    public static final String API = "seatlock_api";

    /**
     * HAProxy's stickiness cookie and the value that names each server (the {@code cookie} of its
     * line).
     */
    public static final String COOKIE = "SEATLOCK_SERVER";

    private final Process process;
    private final int port;
    private final int statsPort;
    private final Path log;
    private final Thread shutdownHook;

    private HaproxyBalancer(Process process, int port, int statsPort, Path log) {
        this.process = process;
        this.port = port;
        this.statsPort = statsPort;
        this.log = log;
        this.shutdownHook = new Thread(process::destroyForcibly, "haproxy-" + port + "-stopper");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** {@code haproxy} from /usr/sbin or the PATH, if installed. */
    public static Optional<Path> binary() {
        List<Path> candidates =
                new java.util.ArrayList<>(
                        List.of(Path.of("/usr/sbin/haproxy"), Path.of("/usr/local/sbin/haproxy")));
        for (String dir :
                System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty()) {
                candidates.add(Path.of(dir, "haproxy"));
            }
        }
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }

    /**
     * Starts {@code haproxy} with {@code config} in front of the servers on these loopback HTTP
     * ports ({@code SEATLOCK_SERVER_1}, {@code _2}, ...), and waits until it listens and counts
     * every server UP.
     */
    public static HaproxyBalancer start(Path binary, Path config, int... serverPorts) {
        int port = RedisServers.freePort();
        int statsPort = RedisServers.freePort();
        Path log = Path.of("target", "haproxy-" + port + ".log").toAbsolutePath();
        ProcessBuilder builder =
                new ProcessBuilder(
                                binary.toString(), "-db", "-f", config.toAbsolutePath().toString())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
        Map<String, String> environment = builder.environment();
        environment.put("SEATLOCK_LB_BIND", "127.0.0.1:" + port);
        environment.put("SEATLOCK_LB_STATS", "127.0.0.1:" + statsPort);
        for (int i = 0; i < serverPorts.length; i++) {
            environment.put("SEATLOCK_SERVER_" + (i + 1), "127.0.0.1:" + serverPorts[i]);
        }
        HaproxyBalancer balancer;
        try {
            Files.createDirectories(log.getParent());
            balancer = new HaproxyBalancer(builder.start(), port, statsPort, log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + binary, e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!listening(port) || !listening(statsPort)) {
            if (!balancer.process.isAlive() || System.nanoTime() > deadline) {
                String output = balancer.output();
                balancer.close();
                throw new IllegalStateException(
                        "haproxy did not start on port " + port + ":\n" + output);
            }
            RedisServers.sleep(50);
        }
        for (int i = 1; i <= serverPorts.length; i++) {
            balancer.awaitStatus("seatlock" + i, "UP", Duration.ofSeconds(15));
        }
        LOG.info(
                () ->
                        "haproxy on port "
                                + port
                                + " (statistics on "
                                + statsPort
                                + ") in front of "
                                + Arrays.toString(serverPorts));
        return balancer;
    }

    /** {@code http://127.0.0.1:<port>/}: what browsers and partners call. */
    public URL url() {
        try {
            return URI.create("http://127.0.0.1:" + port + "/").toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The status HAProxy gives server {@code name} (seatlock1, seatlock2, ...) in the web backend:
     * UP, DOWN, ...
     */
    public String status(String name) {
        return stat(WEB, name, "status");
    }

    /**
     * Requests HAProxy has sent to server {@code name} of {@code backend} so far (its {@code
     * stot}).
     */
    public long requests(String backend, String name) {
        return Long.parseLong(stat(backend, name, "stot"));
    }

    /**
     * Waits until {@link #status} is {@code wanted} (not "UP 1/2" nor "DOWN 1/2": HAProxy has
     * decided).
     */
    public void awaitStatus(String name, String wanted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String status = status(name);
        while (!status.equals(wanted)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "haproxy counts "
                                + name
                                + " "
                                + status
                                + ", not "
                                + wanted
                                + " after "
                                + timeout
                                + "\n"
                                + statistics());
            }
            RedisServers.sleep(100);
            status = status(name);
        }
    }

    /** The statistics page as CSV (header line first). */
    public String statistics() {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(
                                            URI.create("http://127.0.0.1:" + statsPort + "/;csv"))
                                    .timeout(Duration.ofSeconds(5))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (IOException e) {
            throw new UncheckedIOException("haproxy's statistics page did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String stat(String backend, String server, String column) {
        String[] lines = statistics().split("\n");
        List<String> header = Arrays.asList(lines[0].replaceFirst("^# ", "").split(",", -1));
        int index = header.indexOf(column);
        for (String line : lines) {
            String[] fields = line.split(",", -1);
            if (fields.length > index && fields[0].equals(backend) && fields[1].equals(server)) {
                return fields[index];
            }
        }
        throw new IllegalArgumentException(
                "no server "
                        + backend
                        + "/"
                        + server
                        + " in haproxy's statistics:\n"
                        + String.join("\n", lines));
    }

    /** What haproxy printed (its log goes to stderr): target/haproxy-&lt;port&gt;.log. */
    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook kills it again; harmless
        }
    }

    @Override
    public String toString() {
        return "haproxy on port " + port;
    }
}
