package dev.seatlock.web;

import dev.seatlock.domain.InvalidRequestException;
import dev.seatlock.domain.NotFoundException;
import dev.seatlock.domain.booking.Booking;
import dev.seatlock.domain.booking.BookingOutcomeUnknownException;
import dev.seatlock.domain.booking.BookingStoreUnavailableException;
import dev.seatlock.domain.booking.Passenger;
import dev.seatlock.domain.checkout.CheckoutService;
import dev.seatlock.domain.checkout.ConfirmationAttempt;
import dev.seatlock.domain.flight.Flight;
import dev.seatlock.domain.flight.FlightCatalog;
import dev.seatlock.domain.flight.SeatCode;
import dev.seatlock.domain.flight.SeatId;
import dev.seatlock.domain.hold.HoldAlreadyConfirmedException;
import dev.seatlock.domain.hold.HoldExpiredException;
import dev.seatlock.domain.hold.HoldKey;
import dev.seatlock.domain.hold.HoldService;
import dev.seatlock.domain.hold.HoldStatus;
import dev.seatlock.domain.hold.SeatHold;
import dev.seatlock.domain.hold.SeatsUnavailableException;
import dev.seatlock.domain.payment.PaymentAttemptClosedException;
import dev.seatlock.domain.payment.PaymentCard;
import dev.seatlock.domain.payment.PaymentDeclinedException;
import dev.seatlock.domain.payment.PaymentUnavailableException;
import dev.seatlock.lock.LeaseLostException;
import dev.seatlock.lock.LockNotAcquiredException;
import dev.seatlock.lock.LockStoreUnavailableException;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * checkout.xhtml: the held seats, a name for each, the card, and Pay or Cancel hold. The hold is
 * the one in the buyer's session; the page never takes a hold id from the request.
 */
@Named
@ViewScoped
public class CheckoutPage implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(CheckoutPage.class.getName());

    /** What the page shows. */
    public enum State {
        ACTIVE,
        EXPIRED,
        NONE
    }

    private final HoldService holds;
    private final CheckoutService checkout;
    private final FlightCatalog catalog;
    private final BuyerSession buyer;

    private State state = State.NONE;
    private String holdId;
    private String flightId;
    private FlightCard flight;
    private long expiresAtMillis;
    private String total;
    private final List<PassengerForm> passengers = new ArrayList<>();
    private final CardForm card = new CardForm();

    /**
     * Kept across Pay clicks: a retry after an unknown outcome is the same attempt, and cannot pay
     * twice.
     */
    private ConfirmationAttempt attempt = ConfirmationAttempt.unique();

    @Inject
    public CheckoutPage(
            HoldService holds,
            CheckoutService checkout,
            FlightCatalog catalog,
            BuyerSession buyer) {
        this.holds = holds;
        this.checkout = checkout;
        this.catalog = catalog;
        this.buyer = buyer;
    }

    /** For CDI's proxy. */
    protected CheckoutPage() {
        this(null, null, null, null);
    }

    @PostConstruct
    void load() {
        flightId = buyer.flightOfHold().orElse(null);
        holdId = buyer.holdId().orElse(null);
        if (holdId == null) {
            return;
        }
        try {
            SeatHold hold = holds.activeHold(buyer.owner(), holdId);
            if (hold.status() != HoldStatus.ACTIVE) {
                return;
            }
            Flight flightOfHold = catalog.flight(hold.flightId());
            flight = FlightCard.of(flightOfHold, 0);
            expiresAtMillis = hold.expiresAt().toEpochMilli();
            for (SeatId seat : hold.seats()) {
                passengers.add(
                        new PassengerForm(
                                seat.seat().value(),
                                flightOfHold.layout().cabinOf(seat.seat()).label()));
            }
            total =
                    Prices.format(
                            flightOfHold.priceOf(hold.seats()).amount(), flightOfHold.currency());
            state = State.ACTIVE;
        } catch (HoldExpiredException e) {
            state = State.EXPIRED;
        } catch (NotFoundException e) {
            state = State.NONE;
        } catch (LockStoreUnavailableException e) {
            state = State.NONE;
            Pages.error(Unavailable.BOOKING);
        }
    }

    public String pay() {
        if (state != State.ACTIVE || !holdId.equals(buyer.holdId().orElse(null))) {
            state = State.EXPIRED;
            return null;
        }
        PaymentCard paymentCard;
        List<Passenger> named;
        try {
            named =
                    passengers.stream()
                            .map(
                                    p ->
                                            new Passenger(
                                                    new SeatCode(p.getSeat()),
                                                    p.getFirstName(),
                                                    p.getLastName()))
                            .toList();
            paymentCard = card.toCard();
        } catch (InvalidRequestException e) {
            String field = CardForm.fieldOf(e);
            Pages.fieldError(field == null ? null : "checkout:" + field, e.getMessage());
            return null;
        } finally {
            card.forget();
        }
        try {
            Booking booking =
                    checkout.confirm(
                            buyer.owner(), new HoldKey(holdId), named, paymentCard, attempt);
            buyer.booked(booking.reference());
            return "confirmation?faces-redirect=true";
        } catch (RuntimeException failure) {
            return refused(toldCause(failure));
        }
    }

    /** The page's answer to a refused payment; anything unforeseen goes on to the error page. */
    private String refused(RuntimeException failure) {
        if (failure instanceof BookingOutcomeUnknownException) {
            Pages.error(
                    "We could not confirm whether your booking went through: our database stopped answering while"
                            + " it was written. Press Pay again in a moment to find out. You will not be charged twice, nor for"
                            + " seats you did not get.");
        } else if (failure instanceof BookingStoreUnavailableException) {
            attempt = ConfirmationAttempt.unique();
            Pages.error(
                    "Booking is temporarily unavailable and nothing was booked or charged. Your seats are still"
                            + " held — please try again in a moment.");
        } else if (failure instanceof PaymentAttemptClosedException) {
            attempt = ConfirmationAttempt.unique();
            Pages.error(
                    "That payment attempt was cancelled and nothing was charged. Please press Pay again.");
        } else if (failure instanceof PaymentDeclinedException) {
            // A new card is a new attempt: the declined one must not be replayed.
            attempt = ConfirmationAttempt.unique();
            Pages.error(
                    "Your card was declined and nothing was charged. Your seats stay held until the timer runs out"
                            + " — try another card.");
        } else if (failure instanceof PaymentUnavailableException) {
            attempt = ConfirmationAttempt.unique();
            Pages.error(
                    "The payment service did not answer and nothing was charged. Your seats are still held — please"
                            + " try again.");
        } else if (failure instanceof HoldExpiredException) {
            state = State.EXPIRED;
            buyer.holdEnded();
            Pages.error(
                    "Your hold expired before the payment went through, and nothing was charged.");
        } else if (failure instanceof HoldAlreadyConfirmedException) {
            return "confirmation?faces-redirect=true";
        } else if (failure instanceof LockNotAcquiredException) {
            Pages.error("Your payment is already being processed — please wait a moment.");
        } else if (failure instanceof SeatsUnavailableException e) {
            state = State.EXPIRED;
            buyer.holdEnded();
            Pages.error(SeatMapPage.takenMessage(e.seatCodes()) + " Nothing was charged.");
        } else if (failure instanceof InvalidRequestException) {
            Pages.error(failure.getMessage());
        } else if (failure instanceof NotFoundException) {
            state = State.NONE;
        } else if (failure instanceof LockStoreUnavailableException) {
            LOG.log(
                    Level.WARNING,
                    "Checkout refused: lock store unavailable ({0})",
                    failure.getMessage());
            Pages.error(Unavailable.BOOKING);
        } else {
            throw failure;
        }
        return null;
    }

    /**
     * A lost lease wraps the checkout's own answer (the lock interceptor says why the call failed);
     * that answer, when there is one, is what the buyer is told.
     */
    private static RuntimeException toldCause(RuntimeException failure) {
        if (failure instanceof LeaseLostException) {
            for (Throwable cause = failure.getCause();
                    cause != null && cause != cause.getCause();
                    cause = cause.getCause()) {
                if (cause instanceof RuntimeException told
                        && !(told instanceof LeaseLostException)
                        && told.getClass()
                                .getPackageName()
                                .equals(HoldExpiredException.class.getPackageName())) {
                    return told;
                }
            }
        }
        return failure;
    }

    public String cancelHold() {
        if (holdId != null && holdId.equals(buyer.holdId().orElse(null))) {
            try {
                holds.release(buyer.owner(), new HoldKey(holdId));
                buyer.holdEnded();
                Pages.info(
                        "Your hold was released; seats " + getSeatList() + " are for sale again.");
            } catch (LockStoreUnavailableException e) {
                Pages.error(Unavailable.BOOKING);
                return null;
            } catch (RuntimeException e) {
                buyer.holdEnded();
            }
        }
        Pages.keepMessages();
        return seatMapOutcome();
    }

    /** Where "choose seats again" goes: this flight's seat map, or the flight list. */
    public String seatMapOutcome() {
        return flightId == null
                ? "flights?faces-redirect=true"
                : "seat-map?faces-redirect=true&flight=" + flightId;
    }

    /** "Seat 20A is" or "Seats 20A, 20B are", for the countdown sentence. */
    public String getHeldPhrase() {
        return passengers.size() == 1
                ? "Seat " + getSeatList() + " is"
                : "Seats " + getSeatList() + " are";
    }

    public String getSeatList() {
        return String.join(", ", passengers.stream().map(PassengerForm::getSeat).toList());
    }

    public State getState() {
        return state;
    }

    public FlightCard getFlight() {
        return flight;
    }

    public long getExpiresAtMillis() {
        return expiresAtMillis;
    }

    public long getServerNowMillis() {
        return Instant.now().toEpochMilli();
    }

    /**
     * The time left when the page is rendered, as m:ss, for the countdown before its script runs.
     */
    public String getTimeLeft() {
        long seconds = Math.max(0, (expiresAtMillis - System.currentTimeMillis() + 999) / 1000);
        return seconds / 60 + ":" + String.format("%02d", seconds % 60);
    }

    public String getTotal() {
        return total;
    }

    public List<PassengerForm> getPassengers() {
        return passengers;
    }

    public CardForm getCard() {
        return card;
    }
}
