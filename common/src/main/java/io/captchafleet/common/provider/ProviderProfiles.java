package io.captchafleet.common.provider;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.captchafleet.common.InputException;
import io.captchafleet.common.errors.ErrorCategory;
import io.captchafleet.common.model.TaskKind;

/**
 * The built-in provider profiles, from the providers' public API documentation:
 * first polls 5 s after images, 20 s after reCAPTCHA v2, 15 s after v3; then every 5 s; 2captcha bans
 * above 20 result requests per captcha and above 60 submits in 3 s (we stay under 20 per second);
 * CapSolver and CapMonster allow 120 result requests per task.
 */
public final class ProviderProfiles {
    private static final Map<String, ProviderProfile> PROFILES = build();

    private ProviderProfiles() {
    }

    /** Profile names in display order. */
    public static Iterable<String> names() {
        return PROFILES.keySet();
    }

    public static Map<String, ProviderProfile> all() {
        return PROFILES;
    }

    /** @throws InputException naming the valid profiles when {@code name} is not one */
    public static ProviderProfile byName(String name) {
        ProviderProfile p = name == null ? null : PROFILES.get(name.strip().toLowerCase(Locale.ROOT));
        if (p == null) {
            throw new InputException("Invalid value " + name + " for --provider: must be one of "
                    + String.join(", ", PROFILES.keySet()));
        }
        return p;
    }

    private static Map<String, ProviderProfile> build() {
        Map<TaskKind, Duration> standardDelays = delays(5, 20, 15, 15, 10);
        Duration interval = Duration.ofSeconds(5);
        Map<String, ProviderProfile> m = new LinkedHashMap<>();
        // 2captcha: res.php?action=get2 answers the price, ERROR_CAPTCHA_UNSOLVABLE is refunded, reCAPTCHA is $2.99
        // per 1000 on its price page (the fleet uses what the API or the balance says as soon as it knows).
        Billing twoCaptcha = Billing.legacy(true, Duration.ofSeconds(10), true,
                Billing.prices(TaskKind.RECAPTCHA_V2, "0.00299", TaskKind.RECAPTCHA_V3, "0.00299"));
        m.put("2captcha", new ProviderProfile("2captcha", Protocol.LEGACY, URI.create("https://2captcha.com/"), true,
                standardDelays, interval, 20, 19, Map.of(), twoCaptcha));
        // rucaptcha is 2captcha's twin, priced in roubles: no list price here.
        m.put("rucaptcha", new ProviderProfile("rucaptcha", Protocol.LEGACY, URI.create("https://rucaptcha.com/"), true,
                standardDelays, interval, 20, 19, Map.of(), Billing.legacy(true, Duration.ofSeconds(10), true, Map.of())));
        // CaptchaAI sells threads: ERROR_ZERO_BALANCE there means "no free thread on your plan", and a task costs nothing extra.
        m.put("captchaai", new ProviderProfile("captchaai", Protocol.LEGACY, URI.create("https://ocr.captchaai.com/"), false,
                standardDelays, interval, 20, 19, Map.of("ERROR_ZERO_BALANCE", ErrorCategory.TRANSIENT),
                Billing.legacy(false, Duration.ofSeconds(10), true, Map.of())));
        // Anti-Captcha: getBalance at most once per 30 s, unsolvable answers are charged, reports within 60 s of the answer.
        m.put("anti-captcha", new ProviderProfile("anti-captcha", Protocol.JSON, URI.create("https://api.anti-captcha.com/"), false,
                standardDelays, interval, 120, 19, Map.of(), Billing.json(Duration.ofSeconds(30), false, Duration.ofSeconds(60),
                        Map.of(TaskKind.IMAGE, "reportIncorrectImageCaptcha", TaskKind.RECAPTCHA_V2, "reportIncorrectRecaptcha",
                                TaskKind.RECAPTCHA_V3, "reportIncorrectRecaptcha", TaskKind.HCAPTCHA, "reportIncorrectHcaptcha"),
                        Map.of(TaskKind.RECAPTCHA_V2, "reportCorrectRecaptcha", TaskKind.RECAPTCHA_V3, "reportCorrectRecaptcha"))));
        // CapSolver takes feedback in a call of its own shape, which this client does not speak: no reports.
        m.put("capsolver", new ProviderProfile("capsolver", Protocol.JSON, URI.create("https://api.capsolver.com/"), false,
                delays(3, 5, 5, 5, 5), Duration.ofSeconds(3), 120, 19, Map.of(),
                Billing.json(Duration.ofSeconds(30), false, null, Map.of(), Map.of())));
        m.put("capmonster", new ProviderProfile("capmonster", Protocol.JSON, URI.create("https://api.capmonster.cloud/"), false,
                standardDelays, interval, 120, 19, Map.of(), Billing.json(Duration.ofSeconds(30), false, null,
                        Map.of(TaskKind.IMAGE, "reportIncorrectImageCaptcha", TaskKind.OTHER, "reportIncorrectTokenCaptcha"),
                        Map.of())));
        // Self-hosted and test servers: legacy protocol, multi-id on, 2captcha's meanings and money, no rate cap, no price.
        m.put("custom", new ProviderProfile("custom", Protocol.LEGACY, URI.create("http://127.0.0.1:8123/"), true,
                delays(5, 5, 5, 5, 5), interval, 20, 0, Map.of(), Billing.legacy(true, Duration.ofSeconds(2), true, Map.of())));
        return Collections.unmodifiableMap(m);
    }

    private static Map<TaskKind, Duration> delays(int image, int recaptchaV2, int recaptchaV3, int hcaptcha, int turnstile) {
        Map<TaskKind, Duration> d = new EnumMap<>(TaskKind.class);
        d.put(TaskKind.IMAGE, Duration.ofSeconds(image));
        d.put(TaskKind.RECAPTCHA_V2, Duration.ofSeconds(recaptchaV2));
        d.put(TaskKind.RECAPTCHA_V3, Duration.ofSeconds(recaptchaV3));
        d.put(TaskKind.HCAPTCHA, Duration.ofSeconds(hcaptcha));
        d.put(TaskKind.TURNSTILE, Duration.ofSeconds(turnstile));
        d.put(TaskKind.OTHER, Duration.ofSeconds(image));
        return d;
    }
}
