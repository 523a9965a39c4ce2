package dev.seatlock.api.it;

import dev.seatlock.infrastructure.payment.SimulatedPaymentGateway;
import dev.seatlock.infrastructure.payment.SimulatedPaymentGateway.State;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.transaction.UserTransaction;
import java.io.IOException;
import java.util.List;

/**
 * A window into the server for client-side fault tests, deployed only with them: the tests crash
 * Redis from their own JVM and look here at what was charged and written. Plain text, one fact per
 * line.
 *
 * <ul>
 *   <li>{@code GET payments}: {@code authorized captured voided} counts of the simulated gateway;
 *   <li>{@code GET booked-seats?seat=SL404/20A}: one line per booking of the seat ever written,
 *       {@code active|cancelled <holdId> <bookedToken> <holdToken>};
 *   <li>{@code GET hold-token?hold=..&seat=20A}: the fencing token a hold was given for a seat;
 *   <li>{@code POST fence?seat=SL404/20A&token=N}: sets the seat's recorded fencing token, as if a
 *       holder with that token had written it;
 *   <li>{@code POST property?name=..[&value=..]}: sets (or clears) a system property of the server.
 * </ul>
 */
@WebServlet("/it-probe/*")
public class FaultProbe extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject transient SimulatedPaymentGateway payments;

    @Inject transient EntityManager entityManager;

    @Inject transient UserTransaction transaction;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        response.setContentType("text/plain");
        String what = request.getPathInfo();
        StringBuilder out = new StringBuilder();
        if ("/payments".equals(what)) {
            out.append(payments.count(State.AUTHORIZED))
                    .append(' ')
                    .append(payments.count(State.CAPTURED))
                    .append(' ')
                    .append(payments.count(State.VOIDED));
        } else if ("/booked-seats".equals(what)) {
            String seat = request.getParameter("seat");
            String[] parts = seat.split("/");
            @SuppressWarnings("unchecked")
            List<Object[]> rows =
                    entityManager
                            .createNativeQuery(
                                    "SELECT bs.ACTIVE_SEAT, b.HOLD_ID, bs.FENCING_TOKEN"
                                            + " FROM BOOKED_SEAT bs JOIN BOOKING b ON b.REFERENCE = bs.BOOKING_REF"
                                            + " WHERE bs.FLIGHT_ID = ?1 AND bs.SEAT = ?2 ORDER BY bs.ID")
                            .setParameter(1, parts[0])
                            .setParameter(2, parts[1])
                            .getResultList();
            for (Object[] row : rows) {
                String holdId = (String) row[1];
                out.append(row[0] == null ? "cancelled" : "active")
                        .append(' ')
                        .append(holdId)
                        .append(' ')
                        .append(((Number) row[2]).longValue())
                        .append(' ')
                        .append(holdToken(holdId, parts[1]))
                        .append('\n');
            }
        } else if ("/hold-token".equals(what)) {
            out.append(holdToken(request.getParameter("hold"), request.getParameter("seat")));
        } else {
            response.sendError(404);
            return;
        }
        response.getWriter().write(out.toString());
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        response.setContentType("text/plain");
        String what = request.getPathInfo();
        if ("/fence".equals(what)) {
            String seat = request.getParameter("seat");
            long token = Long.parseLong(request.getParameter("token"));
            try {
                transaction.begin();
                int updated =
                        entityManager
                                .createNativeQuery(
                                        "UPDATE SEAT_FENCE SET LAST_TOKEN = ?1 WHERE SEAT_ID = ?2")
                                .setParameter(1, token)
                                .setParameter(2, seat)
                                .executeUpdate();
                if (updated == 0) {
                    entityManager
                            .createNativeQuery(
                                    "INSERT INTO SEAT_FENCE (SEAT_ID, LAST_TOKEN) VALUES (?1, ?2)")
                            .setParameter(1, seat)
                            .setParameter(2, token)
                            .executeUpdate();
                }
                transaction.commit();
            } catch (Exception e) {
                throw new IOException("could not set the fence of " + seat, e);
            }
        } else if ("/property".equals(what)) {
            String name = request.getParameter("name");
            String value = request.getParameter("value");
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        } else {
            response.sendError(404);
            return;
        }
        response.getWriter().write("ok");
    }

    private long holdToken(String holdId, String seat) {
        Object[] row =
                (Object[])
                        entityManager
                                .createNativeQuery(
                                        "SELECT SEATS, FENCING_TOKENS FROM SEAT_HOLD WHERE ID = ?1")
                                .setParameter(1, holdId)
                                .getSingleResult();
        List<String> seats = List.of(((String) row[0]).split(","));
        String[] tokens = ((String) row[1]).split(",");
        return Long.parseLong(tokens[seats.indexOf(seat)]);
    }
}
