package io.captchafleet.producer.state;

/**
 * The account balance a worker saw last, as the {@code captcha-fleet.balance} header of an outcome names it
 * ({@code <amount>@<instant>}): the amount as the provider wrote it, and when it was seen (null when the header
 * names no time).
 */
public record BalanceSeen(String amount, String at) {

    static BalanceSeen parse(String header) {
        int sep = header.lastIndexOf('@');
        return sep < 0 ? new BalanceSeen(header, null) : new BalanceSeen(header.substring(0, sep), header.substring(sep + 1));
    }

    /** {@code 12.34 at 2026-11-29T21:38:55.315Z}. */
    public String describe() {
        return at == null ? amount : amount + " at " + at;
    }
}
