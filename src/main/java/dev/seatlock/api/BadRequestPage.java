package dev.seatlock.api;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The answer to requests the web container refuses with 400 before JAX-RS or Faces see them:
 * Liberty's servlet 6 container rejects a path holding an encoded {@code /}, {@code .}, {@code \}
 * or {@code #}, a guard against path traversal worth keeping. {@code web.xml} sends that 400 here,
 * so a partner gets the same problem+json as for every other bad request, and a browser the site's
 * own page rather than the container's.
 */
@WebServlet("/bad-request")
public class BadRequestPage extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final int MAX_ECHOED_PATH = 200;
    private static final Jsonb JSON = JsonbBuilder.create();

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        Object refused = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = refused == null ? request.getRequestURI() : refused.toString();
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        if (path.startsWith("/api/")) {
            Problem problem =
                    Problem.of(
                                    ProblemType.INVALID_REQUEST,
                                    "The request path is not valid: it holds an"
                                            + " encoded '/', '.', '\\' or '#', or is malformed. Ids never contain these characters; send them"
                                            + " as they are, e.g. /api/v1/flights/SL101/seats")
                            .at(
                                    path.length() > MAX_ECHOED_PATH
                                            ? path.substring(0, MAX_ECHOED_PATH) + "..."
                                            : path);
            response.setContentType(Problem.MEDIA_TYPE);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.getWriter().write(JSON.toJson(problem));
        } else {
            response.setContentType("text/html;charset=UTF-8");
            request.getRequestDispatcher("/bad-request.html").include(request, response);
        }
    }
}
