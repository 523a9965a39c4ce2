package dev.seatlock.web;

import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The answer when a protected view (checkout, confirmation; see {@code faces-config.xml}) is opened
 * without this session's token or from another site: 403 and a page that sends the buyer back to
 * the flights, rather than the 500 an exception's error page would have.
 */
@WebServlet("/page-not-opened")
public class PageNotOpened extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setContentType("text/html;charset=UTF-8");
        request.getRequestDispatcher("/page-not-opened.html").include(request, response);
    }
}
