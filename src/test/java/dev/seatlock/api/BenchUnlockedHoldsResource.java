package dev.seatlock.api;

import dev.seatlock.domain.InvalidRequestException;
import dev.seatlock.domain.flight.Flight;
import dev.seatlock.domain.flight.FlightCatalog;
import dev.seatlock.domain.flight.FlightId;
import dev.seatlock.domain.flight.SeatCode;
import dev.seatlock.domain.flight.SeatId;
import dev.seatlock.domain.hold.BenchUnlockedSeatHolder;
import dev.seatlock.domain.hold.HoldSettings;
import dev.seatlock.domain.hold.SeatHold;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;

/**
 * BENCHMARK ONLY (test scope; never in the production WAR): {@code /api/bench/unlocked-holds}, the
 * same request, validation and answers as {@code POST /api/v1/holds} and {@code DELETE
 * /api/v1/holds/{id}} ({@link HoldsResource} + {@code HoldService}), but taking the hold through
 * {@link BenchUnlockedSeatHolder}, i.e. without the Redis lock. Added to a copy of the WAR by
 * {@code scripts/run-benchmarks.sh} only.
 */
@Path("/bench/unlocked-holds")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class BenchUnlockedHoldsResource {

    private static final java.util.regex.Pattern HOLD_ID =
            java.util.regex.Pattern.compile("[A-Za-z0-9_-]{22}");

    private final BenchUnlockedSeatHolder holder;
    private final FlightCatalog catalog;
    private final RequestValidation validation;
    private final HoldSettings settings;

    @Inject
    public BenchUnlockedHoldsResource(
            BenchUnlockedSeatHolder holder,
            FlightCatalog catalog,
            RequestValidation validation,
            HoldSettings settings) {
        this.holder = holder;
        this.catalog = catalog;
        this.validation = validation;
        this.settings = settings;
    }

    /** For CDI's proxy. */
    protected BenchUnlockedHoldsResource() {
        this(null, null, null, null);
    }

    @POST
    @Idempotent
    @Consumes(MediaType.APPLICATION_JSON)
    public Response hold(
            @Context SecurityContext security,
            @Context UriInfo uriInfo,
            HoldRequest request,
            @jakarta.ws.rs.HeaderParam(IdempotencyFilter.HEADER) String idempotencyKey) {
        validation.body(request);
        List<SeatCode> seatCodes = request.seats().stream().map(SeatCode::new).toList();
        // HoldService.hold's checks, then the unlocked take.
        Duration ttl = settings.ttlFor(request.holdDuration());
        if (seatCodes.isEmpty() || seatCodes.size() > HoldSettings.MAX_SEATS) {
            throw new InvalidRequestException(
                    "seats", "Choose between 1 and " + HoldSettings.MAX_SEATS + " seats");
        }
        if (new HashSet<>(seatCodes).size() != seatCodes.size()) {
            throw new InvalidRequestException("seats", "Each seat can be chosen only once");
        }
        Flight flight = catalog.flight(new FlightId(request.flightId()));
        List<SeatId> seats = seatCodes.stream().map(flight::seat).toList();
        SeatHold hold = holder.take(Partner.owner(security), seats, ttl);
        return Response.created(
                        uriInfo.getBaseUriBuilder()
                                .path("bench/unlocked-holds/{id}")
                                .build(hold.id()))
                .entity(HoldJson.of(hold, catalog.flight(hold.flightId())))
                .build();
    }

    @DELETE
    @Path("/{holdId}")
    public Response release(@Context SecurityContext security, @PathParam("holdId") String holdId) {
        holder.release(
                Partner.owner(security),
                validation.pathParameter(
                        "holdId",
                        holdId,
                        HOLD_ID,
                        "the holdId returned by POST /api/bench/unlocked-holds"));
        return Response.noContent().build();
    }
}
