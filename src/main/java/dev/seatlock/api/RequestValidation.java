package dev.seatlock.api;

import dev.seatlock.domain.InvalidRequestException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.Comparator;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks request bodies and path parameters before anything else runs, and reports every fault in
 * the client's own field names. Done here rather than by the JAX-RS runtime's automatic validation,
 * whose error format cannot be replaced by an RFC 9457 problem.
 */
@ApplicationScoped
public class RequestValidation {

    private final Validator validator;

    @Inject
    public RequestValidation(Validator validator) {
        this.validator = validator;
    }

    /** For CDI's proxy. */
    protected RequestValidation() {
        this(null);
    }

    /** The body, if present and valid. */
    public <T> T body(T body) {
        if (body == null) {
            throw new InvalidRequestException("body", "A JSON body is required");
        }
        Set<ConstraintViolation<T>> violations = validator.validate(body);
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(
                    null,
                    violations.stream()
                            .sorted(
                                    Comparator.comparing(
                                            violation -> violation.getPropertyPath().toString()))
                            .map(violation -> fieldOf(violation) + " " + violation.getMessage())
                            .distinct()
                            .collect(Collectors.joining("; ")));
        }
        return body;
    }

    /** The path parameter, if it has the expected shape. */
    public String pathParameter(String name, String value, Pattern shape, String example) {
        if (value == null || value.length() > 64 || !shape.matcher(value).matches()) {
            throw new InvalidRequestException(name, name + " must look like " + example);
        }
        return value;
    }

    private static String fieldOf(ConstraintViolation<?> violation) {
        // "seats[0].<list element>" -> "seats[0]"
        return violation.getPropertyPath().toString().replace(".<list element>", "");
    }
}
