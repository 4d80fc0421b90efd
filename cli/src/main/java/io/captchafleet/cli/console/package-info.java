/**
 * What a command writes to the console besides its output, and where its log goes: the log settings
 * each command runs with (read from its flags before it runs), logback configured from them
 * ({@code logback.xml}), the log file in the state directory, and the stderr appender that prints log
 * lines above the progress bar. Logging is one per process: these classes are static and synchronized,
 * and the appender may be called from any thread.
 */
package io.captchafleet.cli.console;
