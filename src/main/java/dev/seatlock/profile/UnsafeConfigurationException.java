package dev.seatlock.profile;

/**
 * The configuration breaks a rule this server refuses to start without (README "Running in
 * production"). Its message names the setting and the rule, never a secret value; it has no stack
 * trace, because the message is the whole story and the server log should show it as one line.
 */
public class UnsafeConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UnsafeConfigurationException(String message) {
        super(message, null, false, false);
    }
}
