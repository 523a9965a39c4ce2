package dev.seatlock.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of the test's own, created with {@code initdb} in a temporary directory on a
 * free port, which the test may stop and start again (a database outage) and which is deleted
 * afterwards. Needs Debian's {@code postgresql} package ({@code
 * /usr/lib/postgresql/<version>/bin}); see {@link #binaries()} to skip without it. As root it runs
 * the server as the {@code postgres} user.
 *
 * <p>Database {@code seatlock}, user and password {@code seatlock}.
 */
public final class ThrowawayPostgres implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ThrowawayPostgres.class.getName());

    private final Path bin;
    private final Path dir;
    private final int port;
    private final boolean asPostgresUser;

    private ThrowawayPostgres(Path bin, Path dir, int port, boolean asPostgresUser) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /** The newest {@code /usr/lib/postgresql/<version>/bin} with initdb and pg_ctl, if any. */
    public static Optional<Path> binaries() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(
                            b ->
                                    Files.isExecutable(b.resolve("initdb"))
                                            && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(
                            Comparator.comparing(
                                    b -> versionOf(b.getParent().getFileName().toString())));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Integer versionOf(String name) {
        try {
            return Integer.parseInt(name.replaceAll("\\D.*", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** initdb, start, and create the {@code seatlock} database and user, on {@code port}. */
    public static ThrowawayPostgres start(Path bin, int port) {
        boolean root = "root".equals(System.getProperty("user.name"));
        try {
            Path dir = Files.createTempDirectory("seatlock-pg-");
            ThrowawayPostgres pg = new ThrowawayPostgres(bin, dir, port, root);
            if (root) {
                pg.run("chown", "postgres", dir.toString());
            }
            pg.runAs(
                    bin.resolve("initdb").toString(),
                    "-D",
                    dir.resolve("data").toString(),
                    "-A",
                    "trust",
                    "-U",
                    "postgres",
                    "--no-sync");
            pg.start();
            pg.runAs(
                    bin.resolve("psql").toString(),
                    "-h",
                    "127.0.0.1",
                    "-p",
                    Integer.toString(port),
                    "-U",
                    "postgres",
                    "-qc",
                    "CREATE ROLE seatlock LOGIN PASSWORD 'seatlock'");
            pg.runAs(
                    bin.resolve("psql").toString(),
                    "-h",
                    "127.0.0.1",
                    "-p",
                    Integer.toString(port),
                    "-U",
                    "postgres",
                    "-qc",
                    "CREATE DATABASE seatlock OWNER seatlock");
            LOG.info(() -> "Throw-away PostgreSQL on port " + port + " in " + dir);
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/seatlock";
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), "seatlock", "seatlock");
    }

    /** Starts the server (again), waiting until it accepts connections. */
    public void start() {
        runAs(
                bin.resolve("pg_ctl").toString(),
                "-D",
                dir.resolve("data").toString(),
                "-l",
                dir.resolve("log").toString(),
                "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off",
                "-w",
                "start");
    }

    /** Stops the server at once, as an outage: open connections are cut, transactions roll back. */
    public void stop() {
        runAs(
                bin.resolve("pg_ctl").toString(),
                "-D",
                dir.resolve("data").toString(),
                "-m",
                "fast",
                "-w",
                "stop");
    }

    @Override
    public void close() {
        try {
            runAs(
                    bin.resolve("pg_ctl").toString(),
                    "-D",
                    dir.resolve("data").toString(),
                    "-m",
                    "immediate",
                    "-w",
                    "stop");
        } catch (RuntimeException alreadyStopped) {
            // fine
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warning("Could not delete " + dir + ": " + e.getMessage());
        }
    }

    private void runAs(String... command) {
        if (!asPostgresUser) {
            run(command);
            return;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        wrapped.addAll(List.of(command));
        run(wrapped.toArray(String[]::new));
    }

    private void run(String... command) {
        try {
            Path output = Files.createTempFile("seatlock-pg-cmd-", ".log");
            Process process =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(output.toFile())
                            .directory(Path.of("/tmp").toFile())
                            .start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", command));
            }
            String log = Files.readString(output);
            Files.deleteIfExists(output);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(
                        String.join(" ", command)
                                + " exited with "
                                + process.exitValue()
                                + ": "
                                + log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
