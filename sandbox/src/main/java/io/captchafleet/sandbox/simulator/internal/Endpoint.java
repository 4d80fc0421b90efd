package io.captchafleet.sandbox.simulator.internal;

/**
 * One path the simulator serves.
 *
 * @param api true for the solver API (counted in {@code requests_total}, subject to faults); false for {@code /stats} and {@code /admin}
 * @param submit true where a request may bill ({@code in.php}, {@code createTask})
 */
record Endpoint(boolean api, boolean submit, Handler handler) {

    /** Answers one request; the fault draw decides {@code no-slot} and {@code unsolvable} for submits. */
    @FunctionalInterface
    interface Handler {
        Reply handle(Request request, FaultDraw faults);
    }

    static Endpoint submit(Handler handler) {
        return new Endpoint(true, true, handler);
    }

    static Endpoint api(Handler handler) {
        return new Endpoint(true, false, handler);
    }

    static Endpoint admin(Handler handler) {
        return new Endpoint(false, false, handler);
    }
}
