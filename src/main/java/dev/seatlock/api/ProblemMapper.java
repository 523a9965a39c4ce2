package dev.seatlock.api;

import dev.seatlock.domain.InvalidRequestException;
import dev.seatlock.domain.NotFoundException;
import dev.seatlock.domain.booking.BookingOutcomeUnknownException;
import dev.seatlock.domain.booking.BookingStoreUnavailableException;
import dev.seatlock.domain.hold.HoldAlreadyConfirmedException;
import dev.seatlock.domain.hold.HoldExpiredException;
import dev.seatlock.domain.hold.SeatsUnavailableException;
import dev.seatlock.domain.payment.PaymentAttemptClosedException;
import dev.seatlock.domain.payment.PaymentDeclinedException;
import dev.seatlock.domain.payment.PaymentUnavailableException;
import dev.seatlock.infrastructure.persistence.DatabaseOutages;
import dev.seatlock.lock.LeaseLostException;
import dev.seatlock.lock.LockNotAcquiredException;
import dev.seatlock.lock.LockStoreUnavailableException;
import jakarta.json.bind.JsonbException;
import jakarta.json.stream.JsonParsingException;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.TransactionalException;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.sql.SQLException;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Answers every failure with an RFC 9457 problem and the right status. Unexpected errors are logged
 * with an incident id that the client also gets; no stack trace ever reaches a client.
 */
@Provider
public class ProblemMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class.getName());

    @Context private UriInfo uriInfo;

    @Override
    public Response toResponse(Throwable failure) {
        Problem problem = problemFor(failure);
        if (uriInfo != null) {
            problem = problem.at(uriInfo.getRequestUri().getRawPath());
        }
        Response.ResponseBuilder response = problem.response();
        if (problem.status() == 401) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"seatlock\"");
        }
        if (problem.status() == 503) {
            response.header(HttpHeaders.RETRY_AFTER, "5");
        }
        return response.build();
    }

    static Problem problemFor(Throwable failure) {
        if (failure instanceof InvalidRequestException e) {
            return Problem.of(ProblemType.INVALID_REQUEST, e.getMessage());
        }
        if (failure instanceof NotFoundException e) {
            return Problem.of(ProblemType.NOT_FOUND, e.getMessage());
        }
        if (failure instanceof SeatsUnavailableException e) {
            return Problem.of(ProblemType.SEATS_UNAVAILABLE, e.getMessage())
                    .withSeats(e.seatCodes());
        }
        if (failure instanceof LockNotAcquiredException) {
            return Problem.of(
                    ProblemType.CONFLICT,
                    "Another request for this hold is in progress; try again in a moment");
        }
        if (failure instanceof HoldAlreadyConfirmedException e) {
            return Problem.of(ProblemType.HOLD_CONFIRMED, e.getMessage());
        }
        if (failure instanceof HoldExpiredException e) {
            Problem problem = Problem.of(ProblemType.HOLD_EXPIRED, e.getMessage());
            return e.paymentVoided() ? problem.withPaymentVoided(true) : problem;
        }
        if (failure instanceof PaymentDeclinedException e) {
            return Problem.of(
                    ProblemType.PAYMENT_DECLINED,
                    e.getMessage() + ". The hold stays until it expires");
        }
        if (failure instanceof PaymentUnavailableException e) {
            return Problem.of(ProblemType.PAYMENT_UNAVAILABLE, e.getMessage());
        }
        if (failure instanceof LeaseLostException e) {
            return leaseLost(e);
        }
        if (failure instanceof LockStoreUnavailableException) {
            LOG.log(Level.WARNING, "Lock store unavailable: {0}", failure.getMessage());
            return Problem.of(
                    ProblemType.LOCK_SERVICE_UNAVAILABLE,
                    "Booking is temporarily unavailable (the seat lock service does not answer); nothing was"
                            + " held or charged. Try again in a few seconds");
        }
        if (failure instanceof BookingOutcomeUnknownException) {
            // Neither "booked" nor "nothing booked": the reconciler settles the payment either way.
            return Problem.of(ProblemType.BOOKING_OUTCOME_UNKNOWN, failure.getMessage());
        }
        if (failure instanceof PaymentAttemptClosedException) {
            return Problem.of(ProblemType.CONFLICT, failure.getMessage());
        }
        if (failure instanceof BookingStoreUnavailableException) {
            LOG.log(
                    Level.WARNING,
                    "Database unavailable during checkout: {0}",
                    failure.getMessage());
            return Problem.of(ProblemType.DATABASE_UNAVAILABLE, failure.getMessage())
                    .withPaymentVoided(true);
        }
        if (isDatabaseOutage(failure)) {
            LOG.log(Level.WARNING, "Database unavailable: {0}", failure.getMessage());
            return Problem.of(
                    ProblemType.DATABASE_UNAVAILABLE,
                    "Booking is temporarily unavailable (the database does not answer); nothing was charged. Try again later");
        }
        if (failure instanceof NotAuthorizedException) {
            return Problem.of(
                    ProblemType.UNAUTHENTICATED,
                    "Send your partner API key as 'Authorization: Bearer <key>'");
        }
        if (failure instanceof NotSupportedException) {
            return Problem.of(
                    ProblemType.UNSUPPORTED_MEDIA_TYPE,
                    "This operation takes Content-Type: application/json");
        }
        if (failure instanceof NotAcceptableException) {
            return Problem.of(ProblemType.NOT_ACCEPTABLE, "This API answers application/json");
        }
        if (failure instanceof NotAllowedException) {
            return Problem.of(
                    ProblemType.METHOD_NOT_ALLOWED, "This resource does not support that method");
        }
        if (isMalformedJson(failure)) {
            return Problem.of(
                    ProblemType.MALFORMED_JSON,
                    "The body must be a JSON object with only the documented"
                            + " fields, of the documented types ("
                            + jsonFault(rootCause(failure).getMessage())
                            + ")");
        }
        if (failure instanceof jakarta.ws.rs.NotFoundException) {
            return Problem.of(ProblemType.NOT_FOUND, "No such resource; see /openapi for the API");
        }
        if (failure instanceof WebApplicationException e && e.getResponse().getStatus() < 500) {
            return new Problem(
                    "about:blank",
                    e.getResponse().getStatusInfo().getReasonPhrase(),
                    e.getResponse().getStatus(),
                    "The request could not be processed",
                    null,
                    null,
                    null);
        }
        String incident = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "Unexpected failure, incident " + incident, failure);
        return Problem.of(
                ProblemType.INTERNAL_ERROR,
                "Something went wrong on our side (incident " + incident + ")");
    }

    /**
     * A lock's lease was lost (or could not be verified: Redis restarted, froze or went away) while
     * the request ran, so its transaction was rolled back and nothing was held, booked or charged.
     * The lock interceptor wraps the method's own failure; when that already told the buyer what
     * happened (a hold that expired during payment, with the payment voided; an outcome not known
     * yet), that is the answer.
     */
    private static Problem leaseLost(LeaseLostException e) {
        for (Throwable cause = e.getCause();
                cause != null && cause != cause.getCause();
                cause = cause.getCause()) {
            Throwable told = cause;
            if (TOLD_THE_BUYER.stream().anyMatch(type -> type.isInstance(told))) {
                return problemFor(told);
            }
        }
        LOG.log(Level.WARNING, "Lease lost during a request, nothing written: {0}", e.getMessage());
        return Problem.of(
                ProblemType.LOCK_SERVICE_UNAVAILABLE,
                "Booking is temporarily unavailable (the seat lock was lost while the request ran); nothing was"
                        + " held or charged. Try again in a few seconds");
    }

    /**
     * The method's own answers about the hold and the money: they win over a generic "lease lost".
     */
    private static final java.util.List<Class<? extends RuntimeException>> TOLD_THE_BUYER =
            java.util.List.of(
                    HoldExpiredException.class,
                    BookingOutcomeUnknownException.class,
                    BookingStoreUnavailableException.class,
                    PaymentAttemptClosedException.class,
                    SeatsUnavailableException.class,
                    HoldAlreadyConfirmedException.class,
                    PaymentDeclinedException.class,
                    PaymentUnavailableException.class);

    private static boolean isMalformedJson(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonbException
                    || cause instanceof JsonParsingException
                    || cause instanceof jakarta.json.JsonException
                    || cause instanceof ProcessingException
                    || cause instanceof BadRequestException) {
                return true;
            }
        }
        return false;
    }

    private static boolean isDatabaseOutage(Throwable failure) {
        if (!(failure instanceof PersistenceException
                || failure instanceof TransactionalException
                || failure instanceof SQLException)) {
            return false;
        }
        return DatabaseOutages.causedBy(failure) || failure instanceof TransactionalException;
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    /** The parser's complaint, with Java class names replaced by what the client sent. */
    private static String jsonFault(String message) {
        java.util.regex.Matcher unknown = UNKNOWN_PROPERTY.matcher(message == null ? "" : message);
        if (unknown.find()) {
            return "unknown field '" + unknown.group(1) + "'";
        }
        return firstLine(message)
                .replaceAll("(class |interface )?(java|jakarta|dev)\\.[\\w.$]+", "value");
    }

    private static final java.util.regex.Pattern UNKNOWN_PROPERTY =
            java.util.regex.Pattern.compile("Json property (\\S{1,40}) can not be mapped");

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable body";
        }
        String line = message.lines().findFirst().orElse("");
        return line.length() > 160 ? line.substring(0, 160) + "…" : line;
    }
}
