package dev.seatlock.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * Redis deployments made of local processes, for the topology tests: a primary with one replica and
 * three Sentinels, or a Redis Cluster of three primaries ({@code redis-cli --cluster create}). Each
 * node is a {@code redis-server} (or {@code redis-sentinel}) on a free loopback port, without
 * persistence, killed on {@link #close()}. {@link #binaries()} tells whether the machine has what
 * it takes.
 */
public final class RedisTopologies implements AutoCloseable {

    private final Path dir;
    private final List<Node> nodes = new ArrayList<>();

    /** One process of the deployment. */
    public static final class Node {
        private final String role;
        private final int port;
        private Process process;

        Node(String role, int port, Process process) {
            this.role = role;
            this.port = port;
            this.process = process;
        }

        public String role() {
            return role;
        }

        public int port() {
            return port;
        }

        public HostAndPort address() {
            return new HostAndPort("127.0.0.1", port);
        }

        /** SIGKILL: the node is gone at once, as in a crash. */
        public void kill() {
            if (process != null) {
                process.destroyForcibly();
                try {
                    process.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                process = null;
            }
        }
    }

    private RedisTopologies() {
        try {
            this.dir = Files.createTempDirectory("seatlock-redis-topology-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** redis-server, redis-sentinel and redis-cli on this machine, or why not. */
    public static Optional<String> missingBinaries() {
        for (String binary : List.of("redis-server", "redis-sentinel", "redis-cli")) {
            if (which(binary).isEmpty()) {
                return Optional.of(
                        binary
                                + " is not on the PATH (apt-get install redis-server redis-sentinel)");
            }
        }
        return Optional.empty();
    }

    /**
     * A primary, one replica of it, and three Sentinels monitoring it as {@code masterName} (quorum
     * 2).
     */
    public static RedisTopologies sentinel(String masterName) {
        RedisTopologies t = new RedisTopologies();
        try {
            Node primary = t.server("primary");
            t.server("replica", "--replicaof", "127.0.0.1", Integer.toString(primary.port));
            for (int i = 0; i < 3; i++) {
                int port = RedisServers.freePort();
                Path conf = t.dir.resolve("sentinel-" + port + ".conf");
                Files.writeString(
                        conf,
                        String.join(
                                "\n",
                                "port " + port,
                                "bind 127.0.0.1",
                                "dir " + t.dir,
                                "sentinel monitor "
                                        + masterName
                                        + " 127.0.0.1 "
                                        + primary.port
                                        + " 2",
                                "sentinel down-after-milliseconds " + masterName + " 1000",
                                "sentinel failover-timeout " + masterName + " 4000",
                                "sentinel parallel-syncs " + masterName + " 1",
                                ""));
                t.start(
                        "sentinel",
                        port,
                        List.of(which("redis-sentinel").orElseThrow().toString(), conf.toString()));
            }
            t.awaitReplication(primary);
            return t;
        } catch (IOException | RuntimeException e) {
            t.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** Three primaries with all 16384 slots, no replicas. */
    public static RedisTopologies cluster() {
        RedisTopologies t = new RedisTopologies();
        try {
            List<String> addresses = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int port = RedisServers.freePort();
                t.start(
                        "cluster-primary",
                        port,
                        List.of(
                                which("redis-server").orElseThrow().toString(),
                                "--port",
                                Integer.toString(port),
                                "--bind",
                                "127.0.0.1",
                                "--save",
                                "",
                                "--appendonly",
                                "no",
                                "--dir",
                                t.dir.toString(),
                                "--cluster-enabled",
                                "yes",
                                "--cluster-config-file",
                                "nodes-" + port + ".conf",
                                "--cluster-node-timeout",
                                "2000"));
                addresses.add("127.0.0.1:" + port);
            }
            List<String> create =
                    new ArrayList<>(
                            List.of(
                                    which("redis-cli").orElseThrow().toString(),
                                    "--cluster",
                                    "create"));
            create.addAll(addresses);
            create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            run(create);
            for (Node node : t.nodes) {
                t.awaitClusterOk(node);
            }
            return t;
        } catch (RuntimeException e) {
            t.close();
            throw e;
        }
    }

    public List<Node> nodes(String role) {
        return nodes.stream().filter(n -> n.role.equals(role)).toList();
    }

    public List<HostAndPort> addresses(String role) {
        return nodes(role).stream().map(Node::address).toList();
    }

    @Override
    public void close() {
        for (Node node : nodes) {
            node.kill();
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temporary files only
        }
    }

    private Node server(String role, String... extra) throws IOException {
        int port = RedisServers.freePort();
        List<String> command =
                new ArrayList<>(
                        List.of(
                                which("redis-server").orElseThrow().toString(),
                                "--port",
                                Integer.toString(port),
                                "--bind",
                                "127.0.0.1",
                                "--save",
                                "",
                                "--appendonly",
                                "no",
                                "--dir",
                                dir.toString()));
        command.addAll(List.of(extra));
        return start(role, port, command);
    }

    private Node start(String role, int port, List<String> command) {
        try {
            Process process =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(dir.resolve(role + "-" + port + ".log").toFile())
                            .start();
            Node node = new Node(role, port, process);
            nodes.add(node);
            RedisServers.awaitPing("127.0.0.1", port, process);
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + command, e);
        }
    }

    private void awaitReplication(Node primary) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        try (Jedis jedis =
                new Jedis(primary.address(), DefaultJedisClientConfig.builder().build())) {
            while (System.nanoTime() < deadline) {
                String info = jedis.info("replication");
                if (info.contains("connected_slaves:1") && info.contains("state=online")) {
                    return;
                }
                RedisServers.sleep(100);
            }
        }
        throw new IllegalStateException("the replica did not connect to the primary within 20 s");
    }

    private void awaitClusterOk(Node node) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        try (Jedis jedis = new Jedis(node.address(), DefaultJedisClientConfig.builder().build())) {
            while (System.nanoTime() < deadline) {
                if (jedis.clusterInfo().contains("cluster_state:ok")) {
                    return;
                }
                RedisServers.sleep(100);
            }
        }
        throw new IllegalStateException("cluster node " + node.port + " not ok within 20 s");
    }

    private static void run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Optional<Path> which(String binary) {
        for (String d :
                System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(d, binary);
            if (!d.isEmpty() && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        Path usrBin = Path.of("/usr/bin", binary);
        return Files.isExecutable(usrBin) ? Optional.of(usrBin) : Optional.empty();
    }
}
