package dev.seatlock.lock.redis;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import redis.embedded.RedisServer;

/**
 * A throw-away Redis on 127.0.0.1 for a developer who configured none: the {@code redis-server} on
 * the PATH if there is one, else the binary shipped in {@code
 * com.github.codemonstur:embedded-redis}. It keeps nothing on disk ({@code --save '' --appendonly
 * no}) and listens on 6379 when that port is free, else on a free port. Never used when a Redis URL
 * is configured.
 */
public final class LocalRedis implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LocalRedis.class.getName());
    private static final String LOOPBACK = "127.0.0.1";
    private static final int DEFAULT_PORT = 6379;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final int port;
    private final String source;
    private final Process process;
    private final RedisServer embedded;
    private final Path logFile;

    private LocalRedis(
            int port, String source, Process process, RedisServer embedded, Path logFile) {
        this.port = port;
        this.source = source;
        this.process = process;
        this.embedded = embedded;
        this.logFile = logFile;
    }

    /** Starts a Redis from the PATH, else the embedded artifact; returns once it answers PING. */
    public static LocalRedis start() {
        int port = choosePort();
        Optional<Path> onPath = findOnPath("redis-server");
        if (onPath.isPresent()) {
            return startProcess(onPath.get(), port);
        }
        return startEmbeddedArtifact(port);
    }

    /** {@code redis-server} as a child process of this JVM. */
    static LocalRedis startProcess(Path executable, int port) {
        Path log = null;
        try {
            log = Files.createTempFile("seatlock-redis-" + port + "-", ".log");
            Process process =
                    new ProcessBuilder(
                                    List.of(
                                            executable.toString(),
                                            "--port",
                                            String.valueOf(port),
                                            "--bind",
                                            LOOPBACK,
                                            "--save",
                                            "",
                                            "--appendonly",
                                            "no",
                                            "--daemonize",
                                            "no",
                                            "--dir",
                                            log.getParent().toString()))
                            .redirectErrorStream(true)
                            .redirectOutput(log.toFile())
                            .start();
            LocalRedis redis =
                    new LocalRedis(
                            port, "redis-server from the PATH: " + executable, process, null, log);
            redis.awaitPing();
            return redis;
        } catch (IOException e) {
            throw new IllegalStateException(
                    "Could not start " + executable + " on port " + port + tail(log), e);
        }
    }

    /**
     * The Redis binary shipped in {@code embedded-redis} (6.2), for machines without {@code
     * redis-server}.
     */
    static LocalRedis startEmbeddedArtifact(int port) {
        try {
            RedisServer server =
                    RedisServer.newRedisServer()
                            .port(port)
                            .bind(LOOPBACK)
                            .setting("save \"\"")
                            .setting("appendonly no")
                            .build();
            server.start();
            LocalRedis redis =
                    new LocalRedis(port, "embedded-redis artifact (Redis 6.2)", null, server, null);
            redis.awaitPing();
            return redis;
        } catch (IOException e) {
            throw new IllegalStateException(
                    "Could not start the embedded Redis on port " + port, e);
        }
    }

    public String host() {
        return LOOPBACK;
    }

    public int port() {
        return port;
    }

    /** Which Redis this is, for the log. */
    public String source() {
        return source;
    }

    public boolean isAlive() {
        return process != null ? process.isAlive() : embedded.isActive();
    }

    @Override
    public void close() {
        try {
            if (process != null) {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } else {
                embedded.stop();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (process != null) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not stop the embedded Redis on port " + port, e);
        } finally {
            if (logFile != null) {
                try {
                    Files.deleteIfExists(logFile);
                } catch (IOException e) {
                    LOG.log(Level.FINE, "Could not delete " + logFile, e);
                }
            }
        }
    }

    private void awaitPing() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException(
                        "redis-server exited with "
                                + process.exitValue()
                                + " on port "
                                + port
                                + tail(logFile));
            }
            if (answersPing()) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException(
                        "Interrupted while starting Redis on port " + port, e);
            }
        }
        close();
        throw new IllegalStateException(
                "Redis on port "
                        + port
                        + " did not answer PING within "
                        + START_TIMEOUT
                        + tail(logFile));
    }

    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LOOPBACK, port), 200);
            socket.setSoTimeout(500);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] answer = new byte[7];
            int read = socket.getInputStream().read(answer);
            return read > 0
                    && new String(answer, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    static int choosePort() {
        if (isFree(DEFAULT_PORT)) {
            return DEFAULT_PORT;
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port for the embedded Redis", e);
        }
    }

    static boolean isFree(int port) {
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress(LOOPBACK, port), 200);
            return false; // something answers there
        } catch (IOException expected) {
            // nothing listening on the loopback address; can we bind it?
        }
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(LOOPBACK))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static Optional<Path> findOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static String tail(Path log) {
        if (log == null) {
            return "";
        }
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "; its output ends with:\n"
                    + String.join(
                            "\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }
}
