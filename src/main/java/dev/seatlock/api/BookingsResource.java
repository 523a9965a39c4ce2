package dev.seatlock.api;

import dev.seatlock.domain.booking.BookingService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Bookings of the calling partner. */
@Path("/v1/bookings")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class BookingsResource {

    private static final java.util.regex.Pattern REFERENCE =
            java.util.regex.Pattern.compile("[A-Z0-9]{8}");

    private final BookingService bookings;
    private final RequestValidation validation;

    @Inject
    public BookingsResource(BookingService bookings, RequestValidation validation) {
        this.bookings = bookings;
        this.validation = validation;
    }

    /** For CDI's proxy. */
    protected BookingsResource() {
        this(null, null);
    }

    @GET
    @Path("/{reference}")
    @Operation(summary = "A booking of yours")
    @APIResponse(responseCode = "404", description = "No such booking of yours")
    public BookingJson booking(
            @Context SecurityContext security, @PathParam("reference") String reference) {
        return BookingJson.of(bookings.find(Partner.owner(security), reference(reference)));
    }

    @DELETE
    @Path("/{reference}")
    @Operation(summary = "Cancel a booking; its seats go back on sale")
    @APIResponse(responseCode = "204", description = "Cancelled")
    @APIResponse(responseCode = "404", description = "No such booking of yours")
    public Response cancel(
            @Context SecurityContext security, @PathParam("reference") String reference) {
        bookings.cancel(Partner.owner(security), reference(reference));
        return Response.noContent().build();
    }

    private String reference(String reference) {
        return validation.pathParameter(
                "reference",
                reference,
                REFERENCE,
                "the 8-character booking reference, e.g. K7QM2XPA");
    }
}
