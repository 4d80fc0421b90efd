package io.captchafleet.worker.solver.internal;

import java.time.Duration;
import java.util.Objects;

import io.captchafleet.common.errors.TransportFailure;

/**
 * What one request said about one submit or one solver id, already parsed: an accepted value (a solver
 * id on a submit, a token on a poll), not ready yet, an API error code, or a failure below the API.
 * Immutable.
 */
sealed interface Answer permits Answer.Ok, Answer.NotReady, Answer.ApiError, Answer.TransportError {

    /** The {@code result} label of {@code captcha_fleet_api_requests_total}. */
    String resultLabel();

    /**
     * Accepted: {@code value} is the solver id (submit) or the token (poll); {@code cost} may be null.
     * {@code solution} is set only when a submit was answered with the solution already (CapSolver
     * answers some image tasks at once): no poll is needed then.
     */
    record Ok(String value, String cost, String solution) implements Answer {
        public Ok {
            Objects.requireNonNull(value, "value");
        }

        static Ok of(String value) {
            return new Ok(value, null, null);
        }

        @Override
        public String resultLabel() {
            return "ok";
        }
    }

    /** The task is still being solved. */
    record NotReady() implements Answer {
        static final NotReady INSTANCE = new NotReady();

        @Override
        public String resultLabel() {
            return "not_ready";
        }
    }

    /**
     * The API answered with an error. {@code code} is the provider's text with the key masked (the
     * classifier takes the code from it); {@code detail} quotes it and the description for logs. Both
     * come from {@link ProviderText#error}.
     */
    record ApiError(String code, String detail) implements Answer {
        public ApiError {
            Objects.requireNonNull(code, "code");
        }

        @Override
        public String resultLabel() {
            return "api_error";
        }
    }

    /**
     * No answer the API defines: an HTTP status, a body that is not the API's, a time-out or a network
     * failure.
     *
     * @param httpStatus the status when a response came, else 0
     * @param detail     status and a short body excerpt or the exception's kind, with the key scrubbed
     * @param retryAfter the server's Retry-After, or zero
     * @param ambiguous  the request was sent and its reply never came (it may have been processed)
     */
    record TransportError(TransportFailure failure, int httpStatus, String detail, Duration retryAfter, boolean ambiguous)
            implements Answer {
        public TransportError {
            Objects.requireNonNull(failure, "failure");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(retryAfter, "retryAfter");
        }

        @Override
        public String resultLabel() {
            switch (failure) {
                case REQUEST_TIMEOUT:
                    return "timeout";
                case NETWORK:
                    return "network";
                case BAD_RESPONSE:
                    return "bad_response";
                default:
                    return "http_error";
            }
        }
    }
}
