package dev.seatlock.api;

import dev.seatlock.booking.BookingService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Pattern;
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

    static final String REFERENCE = "[A-Z0-9]{8}";

    private final BookingService bookings;

    @Inject
    public BookingsResource(BookingService bookings) {
        this.bookings = bookings;
    }

    /** For CDI's proxy. */
    protected BookingsResource() {
        this(null);
    }

    @GET
    @Path("/{reference}")
    @Operation(summary = "A booking of yours")
    @APIResponse(responseCode = "404", description = "No such booking of yours")
    public BookingJson booking(@Context SecurityContext security,
                               @PathParam("reference") @Pattern(regexp = REFERENCE, message = "is not a booking reference")
                               String reference) {
        return BookingJson.of(bookings.find(Partner.owner(security), reference));
    }

    @DELETE
    @Path("/{reference}")
    @Operation(summary = "Cancel a booking; its seats go back on sale")
    @APIResponse(responseCode = "204", description = "Cancelled")
    @APIResponse(responseCode = "404", description = "No such booking of yours")
    public Response cancel(@Context SecurityContext security,
                           @PathParam("reference") @Pattern(regexp = REFERENCE, message = "is not a booking reference")
                           String reference) {
        bookings.cancel(Partner.owner(security), reference);
        return Response.noContent().build();
    }
}
