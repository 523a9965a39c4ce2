package dev.seatlock.api;

import dev.seatlock.domain.booking.Booking;
import dev.seatlock.domain.booking.Passenger;
import dev.seatlock.domain.checkout.CheckoutService;
import dev.seatlock.domain.checkout.ConfirmationAttempt;
import dev.seatlock.domain.flight.FlightCatalog;
import dev.seatlock.domain.flight.FlightId;
import dev.seatlock.domain.flight.SeatCode;
import dev.seatlock.domain.hold.HoldKey;
import dev.seatlock.domain.hold.HoldService;
import dev.seatlock.domain.hold.SeatHold;
import dev.seatlock.domain.payment.PaymentCard;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Seat holds: take, look at, give up, and confirm with a payment. */
@Path("/v1/holds")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class HoldsResource {

    /** 128 random bits, base64url. */
    private static final java.util.regex.Pattern HOLD_ID =
            java.util.regex.Pattern.compile("[A-Za-z0-9_-]{22}");

    private final HoldService holds;
    private final CheckoutService checkout;
    private final FlightCatalog catalog;
    private final RequestValidation validation;

    @Inject
    public HoldsResource(
            HoldService holds,
            CheckoutService checkout,
            FlightCatalog catalog,
            RequestValidation validation) {
        this.holds = holds;
        this.checkout = checkout;
        this.catalog = catalog;
        this.validation = validation;
    }

    /** For CDI's proxy. */
    protected HoldsResource() {
        this(null, null, null, null);
    }

    @POST
    @Idempotent
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Hold seats of one flight, all or none, until the hold expires")
    @APIResponse(responseCode = "201", description = "Held; Location names the hold")
    @APIResponse(
            responseCode = "400",
            description = "Invalid flight id, seat code, or number of seats")
    @APIResponse(responseCode = "404", description = "No such flight")
    @APIResponse(
            responseCode = "409",
            description = "Some seats are held or sold; the problem lists them")
    @APIResponse(
            responseCode = "503",
            description = "The lock service is unavailable; nothing was held")
    public Response hold(
            @Context SecurityContext security,
            @Context UriInfo uriInfo,
            HoldRequest request,
            @Parameter(description = "Optional; a retry with the same key returns the first result")
                    @jakarta.ws.rs.HeaderParam(IdempotencyFilter.HEADER)
                    String idempotencyKey) {
        validation.body(request);
        List<SeatCode> seats = request.seats().stream().map(SeatCode::new).toList();
        SeatHold hold =
                holds.hold(
                        Partner.owner(security),
                        new FlightId(request.flightId()),
                        seats,
                        request.holdDuration());
        return Response.created(uriInfo.getBaseUriBuilder().path("v1/holds/{id}").build(hold.id()))
                .entity(HoldJson.of(hold, catalog.flight(hold.flightId())))
                .build();
    }

    @GET
    @Path("/{holdId}")
    @Operation(summary = "A hold of yours; 410 once it has expired or was released")
    @APIResponse(responseCode = "404", description = "No such hold of yours")
    @APIResponse(responseCode = "410", description = "Expired or released")
    public HoldJson hold(@Context SecurityContext security, @PathParam("holdId") String holdId) {
        SeatHold hold = holds.activeHold(Partner.owner(security), holdId(holdId));
        return HoldJson.of(hold, catalog.flight(hold.flightId()));
    }

    @DELETE
    @Path("/{holdId}")
    @Operation(summary = "Give the seats back at once")
    @APIResponse(responseCode = "204", description = "Released (or already expired)")
    @APIResponse(responseCode = "404", description = "No such hold of yours")
    public Response release(@Context SecurityContext security, @PathParam("holdId") String holdId) {
        holds.release(Partner.owner(security), new HoldKey(holdId(holdId)));
        return Response.noContent().build();
    }

    @POST
    @Idempotent
    @Path("/{holdId}/confirmation")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Pay for the hold and book its seats")
    @APIResponse(responseCode = "201", description = "Booked; Location names the booking")
    @APIResponse(
            responseCode = "400",
            description = "Passengers do not match the seats, or the card is invalid")
    @APIResponse(
            responseCode = "402",
            description = "Card declined; the hold stays until it expires")
    @APIResponse(responseCode = "404", description = "No such hold of yours")
    @APIResponse(
            responseCode = "409",
            description = "Already confirmed, or a confirmation is in progress")
    @APIResponse(responseCode = "410", description = "The hold expired; nothing was charged")
    @APIResponse(
            responseCode = "503",
            description =
                    "Lock service, database or payment unavailable; nothing was charged."
                            + " Type booking-outcome-unknown: whether the booking was made is not known yet; retry with the same"
                            + " Idempotency-Key (nothing is charged without a booking)")
    public Response confirm(
            @Context SecurityContext security,
            @Context UriInfo uriInfo,
            @PathParam("holdId") String holdId,
            ConfirmationRequest request,
            @jakarta.ws.rs.HeaderParam(IdempotencyFilter.HEADER) String idempotencyKey) {
        validation.body(request);
        List<Passenger> passengers =
                request.passengers().stream()
                        .map(
                                p ->
                                        new Passenger(
                                                new SeatCode(p.seat()),
                                                p.firstName(),
                                                p.lastName()))
                        .toList();
        ConfirmationRequest.PaymentInput payment = request.payment();
        PaymentCard card =
                new PaymentCard(
                        payment.cardNumber(),
                        PaymentCard.expiryOf(payment.expiry()),
                        payment.cvc(),
                        payment.holder());
        // A retry with the same Idempotency-Key is the same attempt: it reuses the attempt's
        // payment.
        ConfirmationAttempt attempt =
                idempotencyKey == null
                        ? ConfirmationAttempt.unique()
                        : ConfirmationAttempt.of(idempotencyKey);
        Booking booking =
                checkout.confirm(
                        Partner.owner(security),
                        new HoldKey(holdId(holdId)),
                        passengers,
                        card,
                        attempt);
        return Response.created(
                        uriInfo.getBaseUriBuilder()
                                .path("v1/bookings/{ref}")
                                .build(booking.reference()))
                .entity(BookingJson.of(booking))
                .build();
    }

    private String holdId(String holdId) {
        return validation.pathParameter(
                "holdId", holdId, HOLD_ID, "the holdId returned by POST /api/v1/holds");
    }
}
