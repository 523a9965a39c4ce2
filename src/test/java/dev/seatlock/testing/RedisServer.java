package dev.seatlock.testing;

/**
 * A real Redis for a test: started by {@link RedisServers}, stopped by {@link #close()}.
 *
 * <p>Exists so that lock tests (and, later, Arquillian tests) can crash, freeze and restart the
 * lock store. A restart is on the same port and empty: every key and every loaded script is
 * forgotten, as after a crash of a Redis without persistence.
 *
 * <p>Not every source can be crashed: an external {@code REDIS_URL} cannot. Tests that need it call
 * {@code assumeTrue(server.canCrash())}.
 */
public interface RedisServer extends AutoCloseable {

    /** {@code redis://host:port} of this server. */
    String url();

    String host();

    int port();

    /** Whether {@link #kill()}, {@link #restart()}, {@link #pause()} and {@link #resume()} work. */
    boolean canCrash();

    /** Starts the server if it is not running. Idempotent. */
    void start();

    /** Stops the server gracefully and frees its port; {@link #start()} starts it again empty. */
    void stop();

    /** Kills the server at once (SIGKILL): clients see their connections reset or refused. */
    void kill();

    /** Starts the server again on the same port, empty; kills it first if it is running. */
    void restart();

    /**
     * Freezes the server (SIGSTOP): connections stay open but nothing answers, so clients time out.
     */
    void pause();

    /** Lets a {@linkplain #pause() frozen} server run again. */
    void resume();

    /**
     * Where the server came from: {@code REDIS_URL}, {@code testcontainers}, {@code redis-server}.
     */
    String source();

    @Override
    void close();
}
