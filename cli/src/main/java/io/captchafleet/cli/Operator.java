package io.captchafleet.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Who runs an operator command, recorded in the fleet events it writes: {@code operator:user@host}. */
final class Operator {
    private Operator() {
    }

    static String id() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return "operator:" + System.getProperty("user.name", "unknown") + "@" + host;
    }
}
