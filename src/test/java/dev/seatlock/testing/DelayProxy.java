package dev.seatlock.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny TCP proxy on the loopback interface that forwards to one upstream address and can add a
 * delay to everything the upstream sends back: a slow network between the application and Redis, in
 * plain Java sockets. It can also be {@linkplain #cut() cut}: the upstream unreachable for this one
 * client while others still reach it.
 *
 * <p>Bounded: it accepts at most {@link #MAX_CONNECTIONS} connections at a time (more are closed at
 * once), uses two daemon threads per connection, and {@link #close()} closes every socket, so no
 * thread outlives it by more than one delay.
 */
public final class DelayProxy implements AutoCloseable {

    public static final int MAX_CONNECTIONS = 64;

    private final InetSocketAddress upstream;
    private final ServerSocket listener;
    private final Thread acceptor;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile long delayMillis;
    private volatile boolean cut;
    private volatile boolean closed;

    private DelayProxy(InetSocketAddress upstream) throws IOException {
        this.upstream = upstream;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor =
                new Thread(this::acceptLoop, "delay-proxy-accept-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A proxy on a free loopback port forwarding to {@code host:port}, with no delay yet. */
    public static DelayProxy to(String host, int port) {
        try {
            return new DelayProxy(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new UncheckedIOException("could not open a proxy port", e);
        }
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** {@code redis://127.0.0.1:<proxy port>}. */
    public String redisUrl() {
        return "redis://127.0.0.1:" + port();
    }

    /**
     * From now on, every chunk the upstream sends is held back this long before it is forwarded.
     */
    public void delay(Duration delay) {
        this.delayMillis = delay.toMillis();
    }

    /**
     * From now on, until {@link #restore()}: every open connection is closed, and every new one
     * closed as soon as it is accepted, as if the upstream could not be reached (the client sees
     * its connections end).
     */
    public void cut() {
        cut = true;
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
    }

    /** Ends a {@link #cut()}: new connections reach the upstream again. */
    public void restore() {
        cut = false;
    }

    /** Connections open right now. */
    public int openConnections() {
        return open.get();
    }

    /** Connections accepted since the start. */
    public int acceptedConnections() {
        return accepted.get();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            accepted.incrementAndGet();
            if (cut || open.get() >= MAX_CONNECTIONS) {
                closeQuietly(client);
                continue;
            }
            Socket server = new Socket();
            try {
                server.connect(upstream, 1000);
            } catch (IOException e) {
                closeQuietly(client);
                closeQuietly(server);
                continue;
            }
            open.incrementAndGet();
            sockets.add(client);
            sockets.add(server);
            AtomicInteger pumps = new AtomicInteger(2);
            Runnable done =
                    () -> {
                        if (pumps.decrementAndGet() == 0) {
                            open.decrementAndGet();
                        }
                        sockets.remove(client);
                        sockets.remove(server);
                        closeQuietly(client);
                        closeQuietly(server);
                    };
            if (cut) {
                // cut() ran while this connection was being opened: it ends at once, like the
                // others
                closeQuietly(client);
                closeQuietly(server);
            }
            start("up", () -> pump(client, server, false), done);
            start("down", () -> pump(server, client, true), done);
        }
    }

    private void start(String direction, Runnable pump, Runnable done) {
        Thread thread =
                new Thread(
                        () -> {
                            try {
                                pump.run();
                            } finally {
                                done.run();
                            }
                        },
                        "delay-proxy-" + port() + "-" + direction);
        thread.setDaemon(true);
        thread.start();
    }

    private void pump(Socket from, Socket to, boolean delayed) {
        byte[] buffer = new byte[8192];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) != -1) {
                long delay = delayMillis;
                if (delayed && delay > 0) {
                    Thread.sleep(delay);
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (SocketException e) {
            // the other side closed: normal end of a connection
        } catch (IOException e) {
            // same
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing anyway
        }
    }
}
