package dev.seatlock.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Gives tests a real Redis, with no setup: {@code REDIS_URL} when set; else a Testcontainers {@code
 * redis:7} container when Docker is available; else a {@code redis-server} process of its own on a
 * free port. Several independent servers can run at once (one per simulated data centre or shard).
 *
 * <p>Use with try-with-resources or {@code @AfterAll}; a JVM shutdown hook kills processes left
 * behind.
 */
public final class RedisServers {

    private static final Logger LOG = Logger.getLogger(RedisServers.class.getName());
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(15);

    private RedisServers() {}

    /** A started Redis from the first available source: REDIS_URL, Docker, a local redis-server. */
    public static RedisServer start() {
        String url = System.getenv("REDIS_URL");
        if (url != null && !url.isBlank()) {
            return new External(url.trim());
        }
        return startCrashable();
    }

    /**
     * A started Redis that this JVM controls, so it can be killed, frozen and restarted: Docker
     * when available, else a local {@code redis-server} process. Ignores {@code REDIS_URL}.
     */
    public static RedisServer startCrashable() {
        if (dockerAvailable()) {
            RedisServer server = new Container();
            server.start();
            return server;
        }
        RedisServer server = new LocalProcess(findRedisServer());
        server.start();
        return server;
    }

    private static boolean dockerAvailable() {
        if (Boolean.getBoolean("seatlock.test.noDocker")) {
            return false;
        }
        try {
            return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }

    private static Path findRedisServer() {
        List<Path> candidates = new ArrayList<>();
        String configured =
                System.getProperty("seatlock.test.redisServer", System.getenv("REDIS_SERVER"));
        if (configured != null && !configured.isBlank()) {
            candidates.add(Path.of(configured));
        }
        for (String dir :
                System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty()) {
                candidates.add(Path.of(dir, "redis-server"));
            }
        }
        candidates.add(Path.of("/usr/bin/redis-server"));
        candidates.add(Path.of("/usr/local/bin/redis-server"));
        for (Path p : candidates) {
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        Path bundled = bundledRedisServer();
        if (bundled != null) {
            return bundled;
        }
        throw new IllegalStateException(
                "The tests need a Redis and found none: REDIS_URL is not set, Docker is "
                        + "not available, and no redis-server is on the PATH. Install one with "
                        + "'sudo apt-get install -y redis-server' (Debian/Ubuntu) or 'brew install redis' (macOS), "
                        + "or point REDIS_URL at a Redis you may flush, or set -Dseatlock.test.redisServer=/path/to/redis-server.");
    }

    /**
     * The Redis 6.2 binary shipped inside the {@code embedded-redis} artifact (a dependency of the
     * WAR), copied out once per JVM: so that the tests need nothing but a JDK and Maven on Linux
     * x86-64. Run as a plain process, it can be killed and restarted like any redis-server.
     */
    private static synchronized Path bundledRedisServer() {
        String os = System.getProperty("os.name", "").toLowerCase();
        String arch = System.getProperty("os.arch", "");
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            return null;
        }
        if (bundledBinary != null) {
            return bundledBinary;
        }
        try (java.io.InputStream binary =
                RedisServers.class
                        .getClassLoader()
                        .getResourceAsStream("redis-server-6.2.6-v5-linux-amd64")) {
            if (binary == null) {
                return null;
            }
            Path copy = Files.createTempFile("seatlock-redis-server-", "");
            Files.copy(binary, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            copy.toFile().setExecutable(true);
            copy.toFile().deleteOnExit();
            LOG.info(
                    () ->
                            "No redis-server on the PATH: using the Redis 6.2 binary from the embedded-redis artifact");
            bundledBinary = copy;
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not copy the bundled redis-server", e);
        }
    }

    private static Path bundledBinary;

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    /** Whether something at host:port answers PING with PONG within the timeout. */
    static boolean answersPing(String host, int port, Duration timeout) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[7];
            int n = in.readNBytes(buf, 0, 7);
            return n >= 5 && new String(buf, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    static void awaitPing(String host, int port, Process process) {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException(
                        "redis-server on port " + port + " exited with " + process.exitValue());
            }
            if (answersPing(host, port, Duration.ofMillis(200))) {
                return;
            }
            sleep(20);
        }
        throw new IllegalStateException(
                "Redis on " + host + ":" + port + " did not answer PING within " + STARTUP_TIMEOUT);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A Redis given by REDIS_URL: used as is, never crashed. */
    private static final class External implements RedisServer {
        private final String url;
        private final URI uri;

        External(String url) {
            this.url = url;
            this.uri = URI.create(url);
        }

        @Override
        public String url() {
            return url;
        }

        @Override
        public String host() {
            return uri.getHost();
        }

        @Override
        public int port() {
            return uri.getPort() == -1 ? 6379 : uri.getPort();
        }

        @Override
        public boolean canCrash() {
            return false;
        }

        @Override
        public void start() {}

        @Override
        public void stop() {}

        @Override
        public void kill() {
            throw unsupported();
        }

        @Override
        public void restart() {
            throw unsupported();
        }

        @Override
        public void pause() {
            throw unsupported();
        }

        @Override
        public void resume() {
            throw unsupported();
        }

        @Override
        public String source() {
            return "REDIS_URL";
        }

        @Override
        public void close() {}

        private UnsupportedOperationException unsupported() {
            return new UnsupportedOperationException(
                    "the Redis at REDIS_URL is not ours to crash; check canCrash()");
        }
    }

    /** A redis-server child process on a port of its own, without persistence. */
    private static final class LocalProcess implements RedisServer {
        private final Path executable;
        private final int port;
        private Process process;
        private Thread shutdownHook;

        LocalProcess(Path executable) {
            this.executable = executable;
            this.port = freePort();
        }

        @Override
        public String url() {
            return "redis://127.0.0.1:" + port;
        }

        @Override
        public String host() {
            return "127.0.0.1";
        }

        @Override
        public int port() {
            return port;
        }

        @Override
        public boolean canCrash() {
            return true;
        }

        @Override
        public String source() {
            return "redis-server";
        }

        @Override
        public synchronized void start() {
            if (process != null && process.isAlive()) {
                return;
            }
            try {
                Path dir = Files.createTempDirectory("seatlock-redis-" + port + "-");
                ProcessBuilder builder =
                        new ProcessBuilder(
                                        executable.toString(),
                                        "--port",
                                        Integer.toString(port),
                                        "--bind",
                                        "127.0.0.1",
                                        "--save",
                                        "",
                                        "--appendonly",
                                        "no",
                                        "--daemonize",
                                        "no",
                                        "--dir",
                                        dir.toString(),
                                        "--loglevel",
                                        "warning")
                                .redirectErrorStream(true)
                                .redirectOutput(dir.resolve("redis.log").toFile());
                process = builder.start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start " + executable, e);
            }
            if (shutdownHook == null) {
                shutdownHook = new Thread(this::destroyQuietly, "redis-server-" + port + "-killer");
                Runtime.getRuntime().addShutdownHook(shutdownHook);
            }
            awaitPing(host(), port, process);
            LOG.fine(() -> "redis-server started on port " + port);
        }

        @Override
        public synchronized void stop() {
            if (process == null) {
                return;
            }
            resumeQuietly();
            process.destroy(); // SIGTERM: Redis shuts down; with --save '' it writes nothing
            waitFor(process);
            process = null;
        }

        @Override
        public synchronized void kill() {
            if (process == null) {
                return;
            }
            process.destroyForcibly(); // SIGKILL
            waitFor(process);
            process = null;
        }

        @Override
        public synchronized void restart() {
            kill();
            start();
        }

        @Override
        public synchronized void pause() {
            signal("STOP");
        }

        @Override
        public synchronized void resume() {
            signal("CONT");
        }

        @Override
        public synchronized void close() {
            kill();
            if (shutdownHook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook runs anyway
                }
                shutdownHook = null;
            }
        }

        private void signal(String name) {
            if (process == null || !process.isAlive()) {
                throw new IllegalStateException("redis-server on port " + port + " is not running");
            }
            try {
                Process kill =
                        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                                .start();
                if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                    throw new IllegalStateException(
                            "kill -" + name + " " + process.pid() + " failed");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }

        private void resumeQuietly() {
            try {
                if (process != null && process.isAlive()) {
                    signal("CONT");
                }
            } catch (RuntimeException ignored) {
                // best effort before stopping
            }
        }

        private void destroyQuietly() {
            Process p = process;
            if (p != null) {
                p.destroyForcibly();
            }
        }

        private static void waitFor(Process p) {
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * A {@code redis:7} container with a fixed host port, so that a restarted container answers on
     * the same port. Kill, pause and restart go through the Docker API. Not exercised on machines
     * without Docker (such as the one this was written on).
     */
    private static final class Container implements RedisServer {
        private final int port = freePort();
        private org.testcontainers.containers.GenericContainer<?> container;

        @Override
        public String url() {
            return "redis://" + host() + ":" + port;
        }

        @Override
        public String host() {
            return container == null ? "localhost" : container.getHost();
        }

        @Override
        public int port() {
            return port;
        }

        @Override
        public boolean canCrash() {
            return true;
        }

        @Override
        public String source() {
            return "testcontainers";
        }

        @Override
        public synchronized void start() {
            if (container != null && container.isRunning()) {
                return;
            }
            container =
                    new org.testcontainers.containers.GenericContainer<>(
                                    org.testcontainers.utility.DockerImageName.parse("redis:7"))
                            .withCommand("redis-server", "--save", "", "--appendonly", "no")
                            .withExposedPorts(6379)
                            .withCreateContainerCmdModifier(
                                    cmd ->
                                            cmd.getHostConfig()
                                                    .withPortBindings(
                                                            new com.github.dockerjava.api.model
                                                                    .PortBinding(
                                                                    com.github.dockerjava.api.model
                                                                            .Ports.Binding.bindPort(
                                                                            port),
                                                                    new com.github.dockerjava.api
                                                                            .model.ExposedPort(
                                                                            6379))));
            container.start();
            awaitPing(host(), port, null);
        }

        @Override
        public synchronized void stop() {
            kill();
        }

        @Override
        public synchronized void kill() {
            if (container != null && container.isRunning()) {
                docker().killContainerCmd(container.getContainerId()).exec();
            }
        }

        @Override
        public synchronized void restart() {
            if (container == null) {
                start();
                return;
            }
            kill();
            docker().startContainerCmd(container.getContainerId()).exec();
            awaitPing(host(), port, null);
        }

        @Override
        public synchronized void pause() {
            docker().pauseContainerCmd(container.getContainerId()).exec();
        }

        @Override
        public synchronized void resume() {
            docker().unpauseContainerCmd(container.getContainerId()).exec();
        }

        @Override
        public synchronized void close() {
            if (container != null) {
                container.stop();
                container = null;
            }
        }

        private static com.github.dockerjava.api.DockerClient docker() {
            return org.testcontainers.DockerClientFactory.instance().client();
        }
    }
}
