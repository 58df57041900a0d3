package io.steadfast.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import org.jboss.logmanager.ExtLogRecord;

/**
 * Records what the service logs in the test's JVM (a {@code @QuarkusTest}), from {@link #start} to {@link #close}:
 * each record at {@code minimum} and above as one line, "logger: LEVEL: message", with its exceptions down the
 * cause chain.
 */
public final class LogRecorder extends Handler implements AutoCloseable {

    private final List<String> lines = new ArrayList<>();
    private final List<Entry> entries = new ArrayList<>();

    /** A recorded line and the MDC fields its record carried. */
    public record Entry(String line, Map<String, String> mdc) {
    }
    private final SimpleFormatter formatter = new SimpleFormatter();
    private final Level minimum;

    private LogRecorder(Level minimum) {
        this.minimum = minimum;
    }

    /** Starts recording the root logger's records at {@code minimum} and above. */
    public static LogRecorder start(Level minimum) {
        LogRecorder recorder = new LogRecorder(minimum);
        Logger.getLogger("").addHandler(recorder);
        return recorder;
    }

    @Override
    public void publish(LogRecord record) {
        if (record.getLevel().intValue() < minimum.intValue()) {
            return;
        }
        StringBuilder line = new StringBuilder(record.getLoggerName()).append(": ").append(record.getLevel())
                .append(": ").append(record instanceof ExtLogRecord ext ? ext.getFormattedMessage()
                        : formatter.formatMessage(record));
        for (Throwable thrown = record.getThrown(); thrown != null; thrown = thrown.getCause()) {
            line.append(" | ").append(thrown);
            if (thrown.getCause() == thrown) {
                break;
            }
        }
        Map<String, String> mdc = record instanceof ExtLogRecord ext ? Map.copyOf(ext.getMdcCopy()) : Map.of();
        synchronized (lines) {
            lines.add(line.toString());
            entries.add(new Entry(line.toString(), mdc));
        }
    }

    /** The lines recorded so far. */
    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** The lines recorded so far, with their MDC fields. */
    public List<Entry> entries() {
        synchronized (lines) {
            return List.copyOf(entries);
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
    }
}
