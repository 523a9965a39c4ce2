package dev.seatlock.domain;

/**
 * Input that breaks a rule of the domain (a seat the aircraft does not have, too many seats). 400.
 */
public class InvalidRequestException extends RuntimeException {

    private final String field;

    public InvalidRequestException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The request field at fault, as the client named it. */
    public String field() {
        return field;
    }
}
