package io.captchafleet.cli;

import java.io.PrintWriter;

import io.captchafleet.cli.console.ConsoleLog;
import io.captchafleet.common.CaptchaFleetException;
import io.captchafleet.common.config.ExitCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Maps failures to the exit codes every command shares: our own exceptions carry their code and
 * print their message only (they are written for users); wrong flags are usage errors (2); anything
 * else is an internal error (1) and is logged with its stack trace.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ErrorHandler.class);

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        if (e instanceof CaptchaFleetException) {
            CaptchaFleetException f = (CaptchaFleetException) e;
            err.println(cmd.getCommandSpec().qualifiedName() + ": " + f.getMessage());
            err.flush();
            return f.exitCode().code();
        }
        if (e instanceof ParameterException) {
            return handleParseException((ParameterException) e, new String[0]);
        }
        log.error("Unexpected internal error in {}", cmd.getCommandName(), e);
        err.println(cmd.getCommandSpec().qualifiedName() + ": unexpected internal error: " + e
                + ConsoleLog.file().map(f -> " (details in " + f + ")").orElse(""));
        err.flush();
        return ExitCode.INTERNAL.code();
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(cmd.getCommandSpec().qualifiedName() + ": " + e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for the options.");
        err.flush();
        return ExitCode.USAGE.code();
    }
}
