package dev.seatlock.booking;

import dev.seatlock.infrastructure.persistence.BookingRepository;
import dev.seatlock.infrastructure.persistence.HoldRepository;
import dev.seatlock.lock.LeaseLostException;
import dev.seatlock.lock.LockLease;
import dev.seatlock.lock.LockService;
import dev.seatlock.lock.cdi.TransactionLeaseVerifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;

/**
 * Writes a sale, in one transaction, only while the hold still owns its seats. Three guards, each
 * enough on its own against a different failure:
 * <ol>
 *   <li>the hold's lease is checked in Redis now and again just before commit (lease expired);</li>
 *   <li>each seat's fencing token must be newer than the last one written (holder paused past its
 *       lease, Redis restarted and forgot);</li>
 *   <li>a unique constraint allows one standing booking per seat (anything else).</li>
 * </ol>
 */
@ApplicationScoped
public class BookingLedger {

    private final HoldRepository holds;
    private final BookingRepository bookings;
    private final SeatFences fences;
    private final LockService locks;
    private final TransactionLeaseVerifier leaseVerifier;

    @Inject
    public BookingLedger(HoldRepository holds, BookingRepository bookings, SeatFences fences, LockService locks,
                         TransactionLeaseVerifier leaseVerifier) {
        this.holds = holds;
        this.bookings = bookings;
        this.fences = fences;
        this.locks = locks;
        this.leaseVerifier = leaseVerifier;
    }

    /** For CDI's proxy. */
    protected BookingLedger() {
        this(null, null, null, null, null);
    }

    /**
     * @throws LeaseLostException          the hold's lease is gone
     * @throws StaleFencingTokenException  a newer holder has written one of the seats
     * @throws HoldAlreadyConfirmedException the hold was confirmed meanwhile
     */
    @Transactional
    public Booking record(String holdId, List<Passenger> passengers, PaymentAuthorization payment) {
        SeatHold hold = holds.find(holdId).orElseThrow(() -> new NotFoundException("hold", holdId));
        if (hold.status() != HoldStatus.ACTIVE) {
            throw new HoldAlreadyConfirmedException("Hold " + holdId + " is " + hold.status().name().toLowerCase());
        }
        LockLease lease = hold.lease();
        if (!locks.isHeld(lease)) {
            throw new LeaseLostException(lease.keys(), "the hold expired before the booking was written");
        }
        leaseVerifier.guard(lease);
        hold.fencingTokens().forEach(fences::advance);
        Booking booking = new Booking(Identifiers.bookingReference(), hold, passengers, payment.amount().amount(),
                payment.amount().currency(), payment.cardLast4(), payment.id(), Instant.now());
        hold.markConfirmed();
        bookings.add(booking);
        return booking;
    }
}
