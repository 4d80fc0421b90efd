package io.captchafleet.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import picocli.CommandLine.IVersionProvider;

/** Reads the version Maven wrote into the jar. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
        Properties p = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("/captcha-fleet-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        }
        return new String[] {
            "captcha-fleet " + p.getProperty("version", "unknown"),
            "Kafka clients " + p.getProperty("kafka", "unknown") + ", Java " + System.getProperty("java.version"),
        };
    }
}
