package dev.seatlock.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * A TCP proxy on the loopback interface in front of PostgreSQL that can lose the reply to one
 * COMMIT: the in-doubt commit of issue 9, where a booking is committed while the application is
 * told the write failed. Unarmed it passes everything through. {@link #arm(String) Armed} with a
 * marker, the first connection that executes a statement containing the marker and then a COMMIT
 * gets that COMMIT delivered to PostgreSQL, and from then on nothing back; once PostgreSQL has
 * answered (or after {@link #REPLY_WAIT}) both sockets of that connection are closed. The client
 * sees a broken connection (SQLState class 08), the database has the row.
 *
 * <p>It reads the client's stream message by message (frontend protocol 3: startup packets without
 * a type byte, then {@code type + int32 length + payload}), so a statement split over two reads, or
 * several messages pipelined in one write, are seen as the driver meant them. A statement counts as
 * executed when it is bound ({@code Bind} of an unnamed or named statement from an earlier {@code
 * Parse}) or sent as a simple {@code Query}; the COMMIT's batch is forwarded up to and including
 * its {@code Sync}, which makes PostgreSQL run it and answer. BEGIN and ROLLBACK forget a marker
 * seen before them.
 *
 * <p>Bounded like {@link DelayProxy}: at most {@link #MAX_CONNECTIONS} connections at a time, two
 * daemon threads per connection, and {@link #close()} closes every socket. A connection whose
 * traffic it cannot frame (TLS after an accepted SSLRequest, a message over {@link
 * #MAX_MESSAGE_BYTES}) is passed through and never cut.
 */
public final class CommitCuttingProxy implements AutoCloseable {

    public static final int MAX_CONNECTIONS = 64;

    /**
     * Longest message it buffers to look into; a longer one turns the connection into a plain pipe.
     */
    public static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    /**
     * How long a cut waits for PostgreSQL's (discarded) answer to the COMMIT before closing anyway.
     */
    public static final Duration REPLY_WAIT = Duration.ofSeconds(5);

    private static final int SSL_REQUEST = 80877103;
    private static final int GSSENC_REQUEST = 80877104;
    private static final Pattern BEGIN =
            Pattern.compile("(?is)\\s*(BEGIN|START\\s+TRANSACTION)\\b.*");
    private static final Pattern COMMIT =
            Pattern.compile("(?is)\\s*(COMMIT|END)(\\s+(WORK|TRANSACTION))?\\s*;?\\s*");
    private static final Pattern ROLLBACK =
            Pattern.compile("(?is)\\s*(ROLLBACK|ABORT)(\\s+(WORK|TRANSACTION))?\\s*;?\\s*");

    private final InetSocketAddress upstream;
    private final ServerSocket listener;
    private final Thread acceptor;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicReference<Arming> armed = new AtomicReference<>();
    private final AtomicReference<Arming> lastArming = new AtomicReference<>();
    private final AtomicInteger cuts = new AtomicInteger();
    private volatile boolean closed;

    private CommitCuttingProxy(InetSocketAddress upstream) throws IOException {
        this.upstream = upstream;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor =
                new Thread(
                        this::acceptLoop, "commit-cutting-proxy-accept-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A proxy on a free loopback port forwarding to {@code host:port}, unarmed. */
    public static CommitCuttingProxy to(String host, int port) {
        try {
            return new CommitCuttingProxy(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new UncheckedIOException("could not open a proxy port", e);
        }
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** {@code jdbc:postgresql://127.0.0.1:<proxy port>/<database>}. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    /**
     * Cuts the next connection that executes a statement containing {@code marker}
     * (case-insensitive, in the SQL text, not in bound parameters) and then a COMMIT; fires once,
     * then disarms itself. Replaces an earlier arming that has not fired.
     */
    public void arm(String marker) {
        if (marker == null || marker.isBlank()) {
            throw new IllegalArgumentException("marker must not be blank");
        }
        Arming arming = new Arming(marker.toLowerCase(Locale.ROOT));
        lastArming.set(arming);
        armed.set(arming);
    }

    /** Forgets an arming that has not fired yet. */
    public void disarm() {
        armed.set(null);
    }

    public boolean isArmed() {
        return armed.get() != null;
    }

    /** How many COMMITs it has cut since the start. */
    public int cuts() {
        return cuts.get();
    }

    /**
     * Waits until the latest {@link #arm(String) arming} has fired and its connection is closed.
     *
     * @return false if that did not happen within {@code timeout}
     * @throws IllegalStateException if it was never armed
     */
    public boolean awaitCut(Duration timeout) throws InterruptedException {
        Arming arming = lastArming.get();
        if (arming == null) {
            throw new IllegalStateException("never armed");
        }
        return arming.cutDone.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Closes every connection now (the proxy keeps accepting new ones). */
    public void cutAll() {
        for (Connection connection : connections) {
            connection.closeSockets();
        }
    }

    /** Connections open right now. */
    public int openConnections() {
        return connections.size();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (connections.size() >= MAX_CONNECTIONS) {
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
            Connection connection = new Connection(client, server);
            connections.add(connection);
            if (closed) {
                connection.closeSockets();
            }
            start(connection, "up", () -> clientToServer(connection));
            start(connection, "down", () -> serverToClient(connection));
        }
    }

    private void start(Connection connection, String direction, Runnable pump) {
        Thread thread =
                new Thread(
                        () -> {
                            try {
                                pump.run();
                            } finally {
                                connection.answered
                                        .countDown(); // wakes a cut waiting for an answer that will
                                // not come
                                connection.closeSockets();
                                connections.remove(connection);
                            }
                        },
                        "commit-cutting-proxy-" + port() + "-" + direction);
        thread.setDaemon(true);
        thread.start();
    }

    private void clientToServer(Connection c) {
        byte[] buffer = new byte[8192];
        Framer framer = new Framer(true);
        try {
            InputStream in = c.client.getInputStream();
            OutputStream out = c.server.getOutputStream();
            int n;
            while ((n = in.read(buffer)) != -1) {
                if (c.opaque) {
                    out.write(buffer, 0, n);
                    out.flush();
                    continue;
                }
                List<byte[]> messages;
                try {
                    messages = framer.feed(buffer, 0, n);
                } catch (UnframeableException e) {
                    c.opaque = true;
                    out.write(e.unframed);
                    out.flush();
                    continue;
                }
                ByteArrayOutputStream batch = new ByteArrayOutputStream(n);
                for (byte[] message : messages) {
                    boolean batchComplete = inspect(c, message);
                    batch.write(message);
                    if (batchComplete) {
                        // The COMMIT up to its Sync: PostgreSQL runs it and answers; the answer is
                        // dropped.
                        out.write(batch.toByteArray());
                        out.flush();
                        cut(c);
                        return;
                    }
                }
                out.write(batch.toByteArray());
                out.flush();
            }
        } catch (IOException e) {
            // either side closed: normal end of a connection
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Updates the connection's state for one client message, before it is forwarded.
     *
     * @return true if this message completes the batch of a COMMIT that is to be cut
     */
    private boolean inspect(Connection c, byte[] message) {
        byte type = message[0];
        if (c.startupPhase) {
            int code = readInt(message, 4);
            if (code == SSL_REQUEST || code == GSSENC_REQUEST) {
                c.pendingOneByteAnswers
                        .incrementAndGet(); // PostgreSQL answers 'N', 'S' or 'G', untyped
            } else {
                c.startupPhase = false;
            }
            return false;
        }
        switch (type) {
            case 'P' -> {
                int nameEnd = cStringEnd(message, 5);
                String name = cString(message, 5, nameEnd);
                String sql = cString(message, nameEnd + 1, cStringEnd(message, nameEnd + 1));
                c.statements.put(name, sql);
            }
            case 'B' -> {
                int portalEnd = cStringEnd(message, 5);
                String name = cString(message, portalEnd + 1, cStringEnd(message, portalEnd + 1));
                String sql = c.statements.get(name);
                if (sql != null) {
                    executed(c, sql);
                }
            }
            case 'C' -> {
                if (message.length > 5 && message[5] == 'S') {
                    c.statements.remove(cString(message, 6, cStringEnd(message, 6)));
                }
            }
            case 'Q' -> {
                executed(c, cString(message, 5, cStringEnd(message, 5)));
                return c.cutting != null;
            }
            case 'S' -> {
                return c.cutting != null;
            }
            default -> {
                // Execute, Describe, Flush, Terminate, copy data, ...: nothing to learn
            }
        }
        return false;
    }

    private void executed(Connection c, String sql) {
        if (c.cutting != null) {
            return;
        }
        Arming arming = armed.get();
        if (arming != null && sql.toLowerCase(Locale.ROOT).contains(arming.marker)) {
            c.markedBy = arming;
        }
        if (BEGIN.matcher(sql).matches() || ROLLBACK.matcher(sql).matches()) {
            c.markedBy = null;
        } else if (COMMIT.matcher(sql).matches()) {
            Arming marked = c.markedBy;
            c.markedBy = null;
            if (marked != null && armed.compareAndSet(marked, null)) {
                c.cutting = marked;
                c.silenced =
                        true; // set before the COMMIT is written: none of its answer gets through
            }
        }
    }

    private void cut(Connection c) throws InterruptedException {
        try {
            c.answered.await(REPLY_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            c.closeSockets();
            cuts.incrementAndGet();
            c.cutting.cutDone.countDown();
        }
    }

    private void serverToClient(Connection c) {
        byte[] buffer = new byte[8192];
        Framer framer = new Framer(false);
        boolean framing = true;
        try {
            InputStream in = c.server.getInputStream();
            OutputStream out = c.client.getOutputStream();
            int n;
            while ((n = in.read(buffer)) != -1) {
                int offset = 0;
                // Answers to SSLRequest / GSSENCRequest are one untyped byte; 'S' or 'G' means
                // encryption follows.
                while (framing && offset < n && c.pendingOneByteAnswers.get() > 0) {
                    c.pendingOneByteAnswers.decrementAndGet();
                    if (buffer[offset] != 'N') {
                        c.opaque = true;
                        framing = false;
                    }
                    offset++;
                }
                if (framing && offset < n) {
                    try {
                        for (byte[] message : framer.feed(buffer, offset, n - offset)) {
                            if (message[0] == 'Z' && c.silenced) {
                                c.answered
                                        .countDown(); // ReadyForQuery after the cut COMMIT: it has
                                // run
                            }
                        }
                    } catch (UnframeableException e) {
                        framing = false;
                    }
                }
                if (!c.silenced) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            }
        } catch (IOException e) {
            // either side closed: normal end of a connection
        }
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        cutAll();
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int readInt(byte[] bytes, int offset) {
        return ((bytes[offset] & 0xff) << 24)
                | ((bytes[offset + 1] & 0xff) << 16)
                | ((bytes[offset + 2] & 0xff) << 8)
                | (bytes[offset + 3] & 0xff);
    }

    private static int cStringEnd(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return bytes.length;
    }

    private static String cString(byte[] bytes, int from, int end) {
        return from >= end ? "" : new String(bytes, from, end - from, StandardCharsets.UTF_8);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing anyway
        }
    }

    /**
     * One {@link #arm(String)}: its marker (lower case) and the latch {@link #awaitCut} waits on.
     */
    private static final class Arming {
        final String marker;
        final CountDownLatch cutDone = new CountDownLatch(1);

        Arming(String marker) {
            this.marker = marker;
        }
    }

    /** One proxied connection and what the proxy knows of its session. */
    private static final class Connection {
        final Socket client;
        final Socket server;
        final AtomicInteger pendingOneByteAnswers = new AtomicInteger();
        final CountDownLatch answered = new CountDownLatch(1);

        /**
         * Statement name ("" = unnamed) to SQL text, from Parse; read by Bind. Client thread only.
         */
        final Map<String, String> statements = new HashMap<>();

        boolean startupPhase = true;
        Arming markedBy;
        Arming cutting;
        volatile boolean opaque;
        volatile boolean silenced;

        Connection(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void closeSockets() {
            closeQuietly(client);
            closeQuietly(server);
        }
    }

    /**
     * Splits one direction of the stream into whole messages, keeping an incomplete one for the
     * next read. On the client side it starts with untyped startup packets (int32 length + int32
     * code) and switches to typed messages after the first packet that is not an SSLRequest or
     * GSSENCRequest.
     */
    private static final class Framer {
        private boolean untyped;
        private byte[] held = new byte[0];

        Framer(boolean startsWithStartupPacket) {
            this.untyped = startsWithStartupPacket;
        }

        List<byte[]> feed(byte[] chunk, int offset, int length) throws UnframeableException {
            byte[] data = Arrays.copyOf(held, held.length + length);
            System.arraycopy(chunk, offset, data, held.length, length);
            List<byte[]> messages = new ArrayList<>();
            int pos = 0;
            while (true) {
                int header = untyped ? 4 : 5;
                if (data.length - pos < header) {
                    break;
                }
                int declared = readInt(data, untyped ? pos : pos + 1);
                int total = untyped ? declared : declared + 1;
                if (declared < (untyped ? 8 : 4) || declared > MAX_MESSAGE_BYTES) {
                    throw new UnframeableException(
                            Arrays.copyOfRange(data, pos, data.length), messages);
                }
                if (data.length - pos < total) {
                    break;
                }
                byte[] message = Arrays.copyOfRange(data, pos, pos + total);
                if (untyped) {
                    int code = readInt(message, 4);
                    untyped = code == SSL_REQUEST || code == GSSENC_REQUEST;
                }
                messages.add(message);
                pos += total;
            }
            held = Arrays.copyOfRange(data, pos, data.length);
            return messages;
        }
    }

    /** Bytes that are not PostgreSQL messages (TLS, or a corrupt length): forwarded as they are. */
    private static final class UnframeableException extends Exception {
        final byte[] unframed;

        UnframeableException(byte[] rest, List<byte[]> framedBefore) {
            super(null, null, false, false);
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            framedBefore.forEach(all::writeBytes);
            all.writeBytes(rest);
            this.unframed = all.toByteArray();
        }
    }
}
