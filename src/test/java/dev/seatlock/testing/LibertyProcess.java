package dev.seatlock.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One more Open Liberty server running the built WAR, started by the test with {@code bin/server
 * start}: for tests that need several servers at once (Arquillian manages only one). Its directory
 * is a copy of the test server laid out by the liberty-maven-plugin ({@code it.server.name}:
 * server.xml, JDBC drivers, and the test profile's {@code
 * configDropins/overrides/test-profile.xml}), plus {@code bootstrap.properties} (ports, database),
 * {@code server.env} (Redis and application settings) and a configDropins override that deploys the
 * WAR ({@code it.war}). {@link #createInProduction} leaves the test profile out: the server then
 * runs as a production start does (README "Running in production").
 */
public final class LibertyProcess implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LibertyProcess.class.getName());
    private static final HttpClient HTTP =
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(2))
                    .build();

    private final Path wlp;
    private final String name;
    private final int httpPort;
    private Thread shutdownHook;

    private LibertyProcess(Path wlp, String name, int httpPort) {
        this.wlp = wlp;
        this.name = name;
        this.httpPort = httpPort;
    }

    /** The test servers' profile file (src/test/liberty/configDropins/overrides). */
    private static final String TEST_PROFILE = "configDropins/overrides/test-profile.xml";

    /**
     * Lays out server {@code name} (replacing an old one) in the test profile with these ports,
     * database (Liberty variables {@code db.kind}, {@code db.url}, ...) and environment (e.g.
     * {@code REDIS_URL}).
     */
    public static LibertyProcess create(
            String name,
            int httpPort,
            int httpsPort,
            Map<String, String> variables,
            Map<String, String> environment) {
        return create(name, httpPort, httpsPort, variables, environment, true);
    }

    /**
     * As {@link #create}, but in no profile: production, as the WAR on a plain Liberty runs (no
     * demo keys, no embedded Redis, /metrics behind a login, no OpenAPI).
     */
    public static LibertyProcess createInProduction(
            String name,
            int httpPort,
            int httpsPort,
            Map<String, String> variables,
            Map<String, String> environment) {
        return create(name, httpPort, httpsPort, variables, environment, false);
    }

    private static LibertyProcess create(
            String name,
            int httpPort,
            int httpsPort,
            Map<String, String> variables,
            Map<String, String> environment,
            boolean testProfile) {
        Path wlp = Path.of(System.getProperty("it.wlp", "target/liberty/wlp")).toAbsolutePath();
        String war = System.getProperty("it.war");
        String template = System.getProperty("it.server.name");
        if (war == null || template == null) {
            throw new IllegalStateException(
                    "it.war and it.server.name are not set: run through failsafe (mvn verify)");
        }
        Path from = wlp.resolve("usr/servers").resolve(template);
        Path dir = wlp.resolve("usr/servers").resolve(name);
        try {
            deleteTree(dir);
            Files.createDirectories(dir.resolve("configDropins/overrides"));
            Files.copy(from.resolve("server.xml"), dir.resolve("server.xml"));
            copyTree(from.resolve("jdbc"), dir.resolve("jdbc"));
            if (testProfile) {
                Files.copy(from.resolve(TEST_PROFILE), dir.resolve(TEST_PROFILE));
            }
            Map<String, String> bootstrap = new LinkedHashMap<>();
            bootstrap.put("http.port", Integer.toString(httpPort));
            bootstrap.put("https.port", Integer.toString(httpsPort));
            bootstrap.putAll(variables);
            Files.writeString(
                    dir.resolve("bootstrap.properties"),
                    bootstrap.entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue().replace("\\", "\\\\"))
                            .collect(Collectors.joining("\n", "", "\n")));
            // These servers are reached over plain HTTP (directly, or through a balancer without
            // TLS): no redirect to HTTPS and no Secure cookie, unless the test says otherwise.
            Map<String, String> env = new LinkedHashMap<>(environment);
            env.putIfAbsent("SEATLOCK_WEB_HTTPS_REDIRECT", "false");
            env.putIfAbsent("SEATLOCK_WEB_SECURE_COOKIE", "false");
            Files.writeString(
                    dir.resolve("server.env"),
                    env.entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining("\n", "", "\n")));
            // Small heap: up to three Liberty JVMs share the test machine.
            Files.writeString(dir.resolve("jvm.options"), "-Xmx384m\n-Xss512k\n");
            Files.writeString(
                    dir.resolve("configDropins/overrides/seatlock-app.xml"),
                    """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <server>
                        <webApplication id="seatlock" name="seatlock" location="%s"/>
                    </server>
                    """
                            .formatted(Path.of(war).toAbsolutePath()));
        } catch (IOException e) {
            throw new UncheckedIOException("could not lay out server " + name, e);
        }
        return new LibertyProcess(wlp, name, httpPort);
    }

    public String name() {
        return name;
    }

    public int httpPort() {
        return httpPort;
    }

    /** {@code http://localhost:<port>/}, the application's root. */
    public java.net.URL url() {
        try {
            return URI.create("http://localhost:" + httpPort + "/").toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Starts the server and waits until /health/ready answers 200. A JVM shutdown hook stops it if
     * the test JVM ends without {@link #close()}.
     */
    public void start(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (shutdownHook == null) {
            shutdownHook = new Thread(() -> command("stop"), "liberty-" + name + "-stopper");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        command("start");
        while (System.nanoTime() < deadline) {
            if (status("health/ready") == 200) {
                LOG.info(() -> "Liberty " + name + " ready on port " + httpPort);
                return;
            }
            sleep(500);
        }
        throw new IllegalStateException(
                "Liberty "
                        + name
                        + " was not ready within "
                        + timeout
                        + "; log tail:\n"
                        + logTail(40));
    }

    /**
     * Starts the server without waiting for readiness: for a test of a server that must refuse to
     * start. {@link #close()} stops it.
     */
    public void startWithoutWaiting() {
        if (shutdownHook == null) {
            shutdownHook = new Thread(() -> command("stop"), "liberty-" + name + "-stopper");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        command("start");
    }

    /**
     * Waits until a line of messages.log contains {@code text}; that line, or empty after {@code
     * timeout}.
     */
    public Optional<String> awaitLogLine(String text, Duration timeout) {
        Path log = wlp.resolve("usr/servers").resolve(name).resolve("logs/messages.log");
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            try {
                if (Files.exists(log)) {
                    Optional<String> line =
                            Files.readAllLines(log).stream()
                                    .filter(l -> l.contains(text))
                                    .findFirst();
                    if (line.isPresent()) {
                        return line;
                    }
                }
            } catch (IOException e) {
                // being written: try again
            }
            sleep(250);
        } while (System.nanoTime() < deadline);
        return Optional.empty();
    }

    /** All of messages.log, empty when there is none yet. */
    public String log() {
        try {
            return Files.readString(
                    wlp.resolve("usr/servers").resolve(name).resolve("logs/messages.log"));
        } catch (IOException e) {
            return "";
        }
    }

    /** HTTP status of GET {@code path} (relative to the root), or -1 when nothing answers. */
    public int status(String path) {
        return LocalHttp.status(httpPort, path);
    }

    /** The body of GET {@code path}, e.g. {@code metrics?scope=application}. */
    public String get(String path) {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(
                                            URI.create("http://localhost:" + httpPort + "/" + path))
                                    .timeout(Duration.ofSeconds(10))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Kills the server's JVM with SIGKILL, as a crash would: no shutdown hook, no request finished,
     * nothing flushed. {@link #start} starts it again.
     */
    public void kill() {
        Path pidFile = wlp.resolve("usr/servers/.pid").resolve(name + ".pid");
        try {
            String pid = Files.readString(pidFile).strip();
            Process kill = new ProcessBuilder("kill", "-9", pid).redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -9 " + pid + " failed for server " + name);
            }
            ProcessHandle.of(Long.parseLong(pid)).ifPresent(process -> process.onExit().join());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "could not kill server " + name + " (pid file " + pidFile + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The last lines of the server's messages.log. */
    public String logTail(int lines) {
        Path log = wlp.resolve("usr/servers").resolve(name).resolve("logs/messages.log");
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        command("stop");
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook stops it again; harmless
            }
            shutdownHook = null;
        }
    }

    private void command(String action) {
        List<String> command =
                new ArrayList<>(List.of(wlp.resolve("bin/server").toString(), action, name));
        try {
            ProcessBuilder builder =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().remove("JAVA_TOOL_OPTIONS");
            Process process = builder.start();
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(
                        "server " + action + " " + name + " did not finish in 180 s");
            }
            if (process.exitValue() != 0 && !(action.equals("stop") && process.exitValue() == 1)) {
                LOG.warning(
                        () ->
                                "server "
                                        + action
                                        + " "
                                        + name
                                        + " exited with "
                                        + process.exitValue()
                                        + "\n"
                                        + logTail(30));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
