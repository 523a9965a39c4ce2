package dev.seatlock.web;

import java.io.Serializable;

/** The names typed in for one held seat on the checkout page. */
public class PassengerForm implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String seat;
    private final String cabin;
    private String firstName;
    private String lastName;

    PassengerForm(String seat, String cabin) {
        this.seat = seat;
        this.cabin = cabin;
    }

    public String getSeat() {
        return seat;
    }

    public String getCabin() {
        return cabin;
    }

    public String getFirstName() {
        return firstName;
    }

    public void setFirstName(String firstName) {
        this.firstName = firstName;
    }

    public String getLastName() {
        return lastName;
    }

    public void setLastName(String lastName) {
        this.lastName = lastName;
    }
}
