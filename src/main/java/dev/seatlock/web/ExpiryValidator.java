package dev.seatlock.web;

import dev.seatlock.domain.payment.PaymentCard;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.component.UIComponent;
import jakarta.faces.context.FacesContext;
import jakarta.faces.validator.FacesValidator;
import jakarta.faces.validator.Validator;
import jakarta.faces.validator.ValidatorException;
import java.time.YearMonth;

/** Checks a card expiry typed as MM/YY: a real month, and not in the past. */
@FacesValidator("seatlock.expiry")
public class ExpiryValidator implements Validator<String> {

    @Override
    public void validate(FacesContext context, UIComponent component, String value) {
        YearMonth expiry = PaymentCard.expiryOf(value);
        if (expiry == null) {
            throw invalid("Enter the expiry date as MM/YY, for example 08/29.");
        }
        if (expiry.isBefore(YearMonth.now())) {
            throw invalid("This card has expired — use another card.");
        }
    }

    private static ValidatorException invalid(String message) {
        return new ValidatorException(new FacesMessage(FacesMessage.SEVERITY_ERROR, message, null));
    }
}
