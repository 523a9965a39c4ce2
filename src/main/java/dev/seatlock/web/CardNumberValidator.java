package dev.seatlock.web;

import dev.seatlock.domain.payment.PaymentCard;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.component.UIComponent;
import jakarta.faces.context.FacesContext;
import jakarta.faces.validator.FacesValidator;
import jakarta.faces.validator.Validator;
import jakarta.faces.validator.ValidatorException;

/**
 * Checks a typed card number (spaces and dashes allowed) with the Luhn checksum, before anything is
 * sent.
 */
@FacesValidator("seatlock.cardNumber")
public class CardNumberValidator implements Validator<String> {

    @Override
    public void validate(FacesContext context, UIComponent component, String value) {
        if (!PaymentCard.isValidNumber(value)) {
            throw new ValidatorException(
                    new FacesMessage(
                            FacesMessage.SEVERITY_ERROR,
                            "This card number is not valid — check the digits.",
                            null));
        }
    }
}
