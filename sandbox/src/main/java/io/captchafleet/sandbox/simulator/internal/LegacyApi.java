package io.captchafleet.sandbox.simulator.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The legacy protocol: {@code /in.php} to submit, {@code /res.php} for results ({@code action=get}
 * with {@code id} or a comma-separated {@code ids}; {@code action=get2} with one {@code id}, which adds the
 * price: {@code OK|token|price}), {@code getbalance}, {@code reportbad} and {@code reportgood} (counted per id). Answers are plain text ({@code OK|<id>}, {@code CAPCHA_NOT_READY} (sic),
 * {@code ERROR_...}) unless the request says {@code json=1}: then {@code {"status":1,"request":...}},
 * status 0 for errors and not-ready. Stateless; thread-safe.
 */
final class LegacyApi {
    /** Methods the simulator knows no checks for but accepts, passing their parameters through as real services do. */
    private static final Set<String> OTHER_METHODS = Set.of(
            "geetest", "geetest_v4", "funcaptcha", "keycaptcha", "capy", "lemin", "amazon_waf", "cybersiara",
            "mt_captcha", "cutcaptcha", "friendly_captcha", "datadome", "atb_captcha", "tencent", "yandex",
            "textcaptcha", "grid", "coordinates", "canvas", "rotatecaptcha", "bounding_box", "audio", "prosopo",
            "captchafox", "vkimage", "vkcaptcha", "temu", "altcha");
    /** Parameters that say nothing about the task itself. */
    private static final Set<String> NOT_THE_TASK = Set.of("key", "json", "soft_id", "header_acao", "pingback");
    private static final String OVER_BUDGET = "ERROR: 1005";

    private final SolverCore core;
    private final PingbackSender pingbacks;

    LegacyApi(SolverCore core, PingbackSender pingbacks) {
        this.core = core;
        this.pingbacks = pingbacks;
    }

    /** {@code /in.php}; a {@code pingback} URL is called back when the answer is ready. */
    Reply submit(Request request, FaultDraw faults) {
        Params p = request.params();
        SubmitOutcome outcome = core.submit(p.get("key"), taskOf(p), faults);
        if (outcome instanceof SubmitOutcome.Accepted accepted) {
            if (p.get("pingback") != null && !p.get("pingback").isBlank()) {
                pingbacks.schedule(accepted.submission(), p.get("pingback"), false);
            }
            return ok(p, Long.toString(accepted.submission().id()));
        }
        return error(p, ((SubmitOutcome.Refused) outcome).code());
    }

    private static SubmitRequest taskOf(Params p) {
        String method = p.get("method");
        String pageUrl = p.get("pageurl");
        if (method == null) {
            return SubmitRequest.invalid("ERROR_BAD_PARAMETERS");
        }
        switch (method) {
            case "userrecaptcha":
                return TaskCheck.check(TaskKind.RECAPTCHA, pageUrl, p.get("googlekey"), null, null);
            case "hcaptcha":
                return TaskCheck.check(TaskKind.HCAPTCHA, pageUrl, p.get("sitekey"), null, null);
            case "turnstile":
                return TaskCheck.check(TaskKind.TURNSTILE, pageUrl, p.get("sitekey"), null, null);
            case "base64":
                return TaskCheck.check(TaskKind.IMAGE, pageUrl, null, p.get("body"), null);
            default:
                if (!OTHER_METHODS.contains(method)) {
                    return SubmitRequest.invalid("ERROR_BAD_PARAMETERS");
                }
                return TaskCheck.check(TaskKind.OTHER, pageUrl, null, null, p.describeWithout(NOT_THE_TASK));
        }
    }

    /** {@code /res.php}. */
    Reply result(Request request, FaultDraw faults) {
        Params p = request.params();
        String action = p.get("action");
        boolean get2 = "get2".equals(action);
        boolean get = "get".equals(action) || get2;
        if (get) {
            core.countResultRequest();
        }
        if (!core.keyAccepted(p.get("key"))) {
            return error(p, Refusal.WRONG_KEY.code());
        }
        if (get2) {
            return oneWithPrice(p, p.get("id"));
        }
        if (get) {
            return p.get("ids") != null ? many(p, p.get("ids")) : one(p, p.get("id"));
        }
        if ("getbalance".equals(action)) {
            return bare(p, core.balanceUsd().toPlainString());
        }
        if ("reportbad".equals(action) || "reportgood".equals(action)) {
            return core.report(p.get("id"), "reportgood".equals(action)).isPresent()
                    ? bare(p, "OK_REPORT_RECORDED")
                    : error(p, "ERROR_WRONG_CAPTCHA_ID");
        }
        return error(p, "ERROR_BAD_PARAMETERS");
    }

    private Reply one(Params p, String id) {
        PollAnswer a = core.poll(id);
        Reply reply = a.state() == PollState.SOLVED ? ok(p, a.submission().token()) : error(p, code(a));
        return reply.whenSent(List.of(a.onSent()));
    }

    /** {@code action=get2}: the token and what the task cost, {@code OK|token|price} (JSON: a {@code price} field). */
    private Reply oneWithPrice(Params p, String id) {
        PollAnswer a = core.poll(id);
        if (a.state() != PollState.SOLVED) {
            return error(p, code(a)).whenSent(List.of(a.onSent()));
        }
        String price = core.money().price().toPlainString();
        Reply reply;
        if (p.flag("json")) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", 1);
            body.put("request", a.submission().token());
            body.put("price", price);
            reply = Reply.json(body);
        } else {
            reply = Reply.text(200, "OK|" + a.submission().token() + "|" + price);
        }
        return reply.whenSent(List.of(a.onSent()));
    }

    /** Answers {@code |}-separated, in the order of the ids asked, one per id. */
    private Reply many(Params p, String ids) {
        List<String> parts = new ArrayList<>();
        List<Runnable> hooks = new ArrayList<>();
        for (String id : ids.split(",", -1)) {
            PollAnswer a = core.poll(id);
            parts.add(a.state() == PollState.SOLVED ? a.submission().token() : code(a));
            hooks.add(a.onSent());
        }
        String joined = String.join("|", parts);
        return bare(p, joined).whenSent(hooks);
    }

    private static String code(PollAnswer a) {
        switch (a.state()) {
            case NOT_READY:
                return "CAPCHA_NOT_READY";
            case UNSOLVABLE:
                return "ERROR_CAPTCHA_UNSOLVABLE";
            case UNKNOWN_ID:
                return "ERROR_NO_SUCH_CAPCHA_ID";
            case MALFORMED_ID:
                return "ERROR_WRONG_ID_FORMAT";
            case OVER_BUDGET:
                return OVER_BUDGET;
            default:
                throw new IllegalStateException("a solved answer has a token, not a code");
        }
    }

    /** A solver id or a token: {@code OK|value} in plain text. */
    private static Reply ok(Params p, String value) {
        return p.flag("json") ? json(1, value) : Reply.text(200, "OK|" + value);
    }

    /** A success without the {@code OK|} prefix in plain text: a balance, a report receipt, a multi-id answer. */
    private static Reply bare(Params p, String value) {
        return p.flag("json") ? json(1, value) : Reply.text(200, value);
    }

    /** An error code, or {@code CAPCHA_NOT_READY}. */
    private static Reply error(Params p, String code) {
        return p.flag("json") ? json(0, code) : Reply.text(200, code);
    }

    private static Reply json(int status, String request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("request", request);
        return Reply.json(body);
    }
}
