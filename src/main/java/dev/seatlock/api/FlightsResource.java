package dev.seatlock.api;

import dev.seatlock.domain.flight.FlightCatalog;
import dev.seatlock.domain.flight.FlightId;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Flights for sale and their seat maps. */
@Path("/v1/flights")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class FlightsResource {

    private final FlightCatalog catalog;

    @Inject
    public FlightsResource(FlightCatalog catalog) {
        this.catalog = catalog;
    }

    /** For CDI's proxy. */
    protected FlightsResource() {
        this(null);
    }

    @GET
    @Operation(summary = "Flights for sale, with the number of seats that can still be held")
    public List<FlightJson> flights() {
        return catalog.flights().stream().map(FlightJson::of).toList();
    }

    @GET
    @Path("/{flightId}/seats")
    @Operation(summary = "The seat map: every seat with cabin, price and AVAILABLE/HELD/SOLD")
    @APIResponse(responseCode = "200", description = "The seat map")
    @APIResponse(responseCode = "404", description = "No such flight")
    public SeatMapJson seats(@PathParam("flightId") String flightId) {
        return SeatMapJson.of(catalog.seatMap(new FlightId(flightId)));
    }
}
