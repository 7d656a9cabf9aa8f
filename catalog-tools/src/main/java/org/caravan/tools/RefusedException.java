package org.caravan.tools;

/** A command's answer is "no" for a trust or verification reason; exits with {@link ExitCodes#REFUSED}. */
public class RefusedException extends RuntimeException {
    public RefusedException(String message) {
        super(message);
    }
}
