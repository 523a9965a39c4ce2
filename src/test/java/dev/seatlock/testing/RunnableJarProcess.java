package dev.seatlock.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The runnable server package ({@code target/seatlock.jar}) started as an operator starts it:
 * {@code java -jar seatlock.jar} in a directory of its own, configured by environment variables
 * only. Its console goes to {@code console.log} in that directory; it extracts itself under {@code
 * extract/} there ({@code WLP_JAR_EXTRACT_ROOT}), so that a killed run leaves nothing outside the
 * build directory.
 *
 * <p>{@link #close()} stops it as Ctrl+C does (SIGTERM: the JAR's shutdown hook stops the server
 * and deletes the runtime it extracted, keeping the server's logs) and kills it, and any process it
 * started, if it does not end in time. A JVM shutdown hook kills it if the test JVM ends first.
 */
public final class RunnableJarProcess implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RunnableJarProcess.class.getName());

    private final Process process;
    private final Path dir;
    private final int httpPort;
    private final long startedAt;
    private final Thread killer;

    private RunnableJarProcess(Process process, Path dir, int httpPort) {
        this.process = process;
        this.dir = dir;
        this.httpPort = httpPort;
        this.startedAt = System.nanoTime();
        this.killer = new Thread(this::kill, "runnable-jar-killer");
        Runtime.getRuntime().addShutdownHook(killer);
    }

    /**
     * Starts {@code java -jar jar} in {@code dir} (created) with the test JVM's environment, minus
     * {@code JAVA_TOOL_OPTIONS}, plus {@code environment}; {@code httpPort} is where {@link
     * #awaitReady} looks, so {@code environment} should set {@code HTTP_PORT} to it.
     */
    public static RunnableJarProcess start(
            Path jar,
            Path dir,
            int httpPort,
            Map<String, String> environment,
            List<String> jvmOptions) {
        try {
            Files.createDirectories(dir.resolve("extract"));
            List<String> command = new java.util.ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.add("-jar");
            command.add(jar.toAbsolutePath().toString());
            ProcessBuilder builder =
                    new ProcessBuilder(command)
                            .directory(dir.toFile())
                            .redirectErrorStream(true)
                            .redirectOutput(dir.resolve("console.log").toFile());
            builder.environment().remove("JAVA_TOOL_OPTIONS");
            // As an operator runs it: the production configuration, whatever profile the tests use.
            builder.environment().remove("MP_CONFIG_PROFILE");
            builder.environment()
                    .put(
                            "WLP_JAR_EXTRACT_ROOT",
                            dir.resolve("extract").toAbsolutePath().toString());
            builder.environment().putAll(environment);
            LOG.info(() -> "Starting " + String.join(" ", command) + " in " + dir);
            return new RunnableJarProcess(builder.start(), dir, httpPort);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start java -jar " + jar, e);
        }
    }

    /** {@code http://localhost:<HTTP_PORT>/}. */
    public URL url() {
        try {
            return URI.create("http://localhost:" + httpPort + "/").toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until /health/ready answers 200 and returns how long the start took; fails at once,
     * with the console's tail, if the process ends first.
     */
    public Duration awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "java -jar ended with exit code "
                                + process.exitValue()
                                + " before it was ready; console tail:\n"
                                + consoleTail(60));
            }
            if (status("health/ready") == 200) {
                Duration took = Duration.ofNanos(System.nanoTime() - startedAt);
                LOG.info(
                        () ->
                                "Runnable JAR ready on port "
                                        + httpPort
                                        + " after "
                                        + took.toMillis()
                                        + " ms");
                return took;
            }
            sleep(250);
        }
        throw new IllegalStateException(
                "java -jar was not ready within "
                        + timeout
                        + "; console tail:\n"
                        + consoleTail(60));
    }

    /** HTTP status of GET {@code path} (relative to the root), or -1 when nothing answers. */
    public int status(String path) {
        return LocalHttp.status(httpPort, path);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits until the runtime the JAR extracted ({@code extract/<jar>_<n>/wlp/lib}) is deleted,
     * which the JAR's shutdown hook leaves to a script that runs once the JVM has ended; the
     * server's logs stay.
     *
     * @return whether it was deleted within {@code timeout}
     */
    public boolean awaitExtractedRuntimeDeleted(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (var entries = Files.list(dir.resolve("extract"))) {
                if (entries.noneMatch(extracted -> Files.exists(extracted.resolve("wlp/lib")))) {
                    return true;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            sleep(250);
        }
    }

    /** The last lines of the process's console (stdout and stderr). */
    public String consoleTail(int lines) {
        try {
            List<String> all = Files.readAllLines(dir.resolve("console.log"));
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no console: " + e.getMessage() + ")";
        }
    }

    /**
     * Sends SIGTERM, as Ctrl+C does, and waits up to {@code timeout} for the process to end.
     *
     * @return the exit code, or empty if it did not end in time (it still runs: {@link #close()}
     *     kills it)
     */
    public java.util.OptionalInt stop(Duration timeout) {
        process.destroy();
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return java.util.OptionalInt.of(process.exitValue());
            }
            return java.util.OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.OptionalInt.empty();
        }
    }

    /** Stops the process; kills it and every process it started if it does not end within 60 s. */
    @Override
    public void close() {
        if (process.isAlive() && stop(Duration.ofSeconds(60)).isEmpty()) {
            LOG.warning(
                    () ->
                            "java -jar did not stop within 60 s after SIGTERM: killing it; console tail:\n"
                                    + consoleTail(30));
        }
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException shuttingDown) {
            // the hook kills it again; harmless
        }
    }

    private void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
