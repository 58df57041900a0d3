package io.steadfast.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

import javax.imageio.ImageIO;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The benchmark's table (Markdown, for stdout and {@code report.md}), its JSON and its plot. */
final class BenchReport {

    private BenchReport() {
    }

    static void write(LedgerBenchmark.Result result) throws IOException {
        Path output = result.settings().output();
        Files.createDirectories(output);
        Files.writeString(output.resolve("report.md"), markdown(result));
        Files.writeString(output.resolve("results.json"), json(result).encodePrettily());
        ImageIO.write(plot(result), "png", output.resolve("throughput.png").toFile());
    }

    static String markdown(LedgerBenchmark.Result result) {
        BenchSettings settings = result.settings();
        StringBuilder text = new StringBuilder();
        text.append("# Steadfast ledger benchmark\n\n");
        text.append(String.format(Locale.ROOT, "%,d transfers per measurement (after %,d to warm up) among %,d"
                + " accounts; latency streamed at %.2f of the measured rate for %d s; seed %d; %d s in all.%n%n",
                settings.messages(), settings.warmUp(), settings.accounts(), settings.latencyLoad(),
                settings.latencySeconds(), settings.seed(), result.seconds()));
        text.append("Machine: ");
        result.machine().forEach((key, value) -> text.append(key).append(' ').append(value).append("; "));
        text.setLength(text.length() - 2);
        text.append("\n\n");
        text.append("| concurrency | batch | mean batch | service msg/s | broker ceiling msg/s | durable send msg/s"
                + " | database ceiling msg/s | service / smaller ceiling | latency rate msg/s | p50 ms | p95 ms"
                + " | p99 ms | max ms | service CPU (cores) | CPU ms/msg | peak RSS MiB | PostgreSQL CPU ms/msg"
                + " | ceiling's PostgreSQL CPU ms/msg | PostgreSQL transactions/msg | same-work ceiling msg/s"
                + " | service / same-work | same-work PostgreSQL CPU ms/msg | plain Quarkus msg/s"
                + " | plain CPU ms/msg | plain PostgreSQL CPU ms/msg | plain PostgreSQL transactions/msg"
                + " | service / plain | PostgreSQL statements/msg (service) | PostgreSQL statements/msg (plain) |\n");
        text.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:"
                + "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (LedgerBenchmark.Point p : result.points()) {
            text.append(String.format(Locale.ROOT, "| %d | %d | %.1f | %,.0f | %,.0f | %,.0f | %,.0f | %.2f"
                    + " | %,.0f | %d | %d | %d | %d | %.2f | %.2f | %.0f | %.2f | %.2f | %.1f | %,.0f | %.2f | %.2f |%n",
                    p.concurrency(), p.batchSize(), p.meanBatch(), p.serviceRate(), p.brokerRate(), p.sendRate(),
                    p.databaseRate(), p.ratio(), p.halfRate(), p.latency().p50(), p.latency().p95(), p.latency().p99(),
                    p.latency().max(), p.cpuCores(), p.cpuMillisPerMessage(), p.peakRssMib(),
                    p.postgresMillisPerMessage(), p.ceilingPostgresMillisPerMessage(), p.transactionsPerMessage(),
                    p.sameWorkRate(), p.serviceRate() / p.sameWorkRate(), p.sameWorkPostgresMillisPerMessage()));
            text.setLength(text.length() - 1);
            LedgerBenchmark.Drained plain = p.plain();
            text.append(plain == null ? " - | - | - | - | - |" : String.format(Locale.ROOT,
                    " %,.0f | %.2f | %.2f | %.1f | %.2f |", plain.rate(), plain.cpuMillisPerMessage(),
                    plain.postgresMillisPerMessage(), plain.transactionsPerMessage(), p.serviceRate() / plain.rate()));
            text.append(' ').append(statements(p.statementsPerMessage())).append(" | ")
                    .append(statements(plain == null ? Double.NaN : plain.statementsPerMessage())).append(" |\n");
        }
        text.append("\nAMQP frames per transfer on the contender's broker connections, both ways, while it drains:\n\n"
                + "| concurrency | batch | contender | frames | transfer | disposition (sent) | flow (sent) |\n"
                + "|---:|---:|---|---:|---:|---:|---:|\n");
        for (LedgerBenchmark.Point p : result.points()) {
            text.append(frames(p.concurrency(), p.batchSize(), "service", p.frames()));
            if (p.plain() != null) {
                text.append(frames(p.concurrency(), p.batchSize(), "plain Quarkus", p.plain().frames()));
            }
        }
        text.append(String.format(Locale.ROOT, "%nInbox at the end: %,d rows (%,d put in beforehand), %,.0f MiB on"
                + " disk with its index, %.0f MiB per million rows.%n", result.inbox().rows(),
                settings.inboxRows(), result.inbox().bytes() / 1024.0 / 1024.0, result.inbox().mibPerMillionRows()));
        text.append("\nService: transfers committed per second, from resuming a preloaded queue to the last commit."
                + " Broker ceiling: the same number of messages drained from a preloaded queue by Steadfast's"
                + " connector, accepted with no database work. Durable send: the producer's rate while preloading"
                + " (one connection, 500 sends awaiting the broker's accept). Database ceiling: the transfer's SQL"
                + " (inbox claim, transfer row, two balance updates, two ledger entries) in one transaction each,"
                + " straight at PostgreSQL with the reactive client; for a batched row, a batch of that size per"
                + " transaction in set-based statements (one inbox claim, the accounts locked in order, one statement"
                + " for transfers, entries and balances) on concurrency / batch connections. Latency: send to commit"
                + " of transfers streamed at a fraction"
                + " of the service's rate (bench.latency-load, 0.5 unless set). CPU: the service's user+system time"
                + " while draining. PostgreSQL CPU: all of PostgreSQL's processes' time per transfer, while the"
                + " service drains (its transfer, relay and notifier transactions, attempt notes) and while the"
                + " database ceiling runs. PostgreSQL transactions: those committed or rolled back in the benchmark's"
                + " database per transfer while the service drains, the relay and notifier included (the attempt"
                + " notes each count as one). Same-work ceiling: the minimum SQL for the same guarantees, straight at"
                + " PostgreSQL: the database ceiling's transaction plus the outgoing event's outbox row, then the"
                + " relay's mark of it, then the notifier's transaction (its inbox claim and the notification); no"
                + " broker."
                + " Mean batch: deliveries per batch"
                + " transaction while draining (from the service's steadfast_batch_size metric; 1 when off)."
                + " Plain Quarkus: the same drain by the ledger's consumer written the way the Quarkus guides show it"
                + " (src/bench/plain-quarkus: @Incoming with @WithTransaction, a processed-message row, Panache"
                + " entities, an outbox row, a relay polling every second, the scheduler's finest, in rounds of 100"
                + " until one is short, a notifier alike), at the same concurrency, unbatched: measured once per"
                + " concurrency and shown on each of its rows. It has no"
                + " attempt budget, dead letters, crash-loop detection, per-key order or database-outage handling."
                + " PostgreSQL statements: calls in pg_stat_statements per transfer while the contender drains, BEGIN"
                + " and COMMIT included and the harness's own left out; only where the database has it loaded (a"
                + " scratch cluster, docs/performance.md), with each drain's statements in statements-*.txt."
                + " AMQP frames: counted by a loopback relay between the contender and the broker"
                + " (AmqpFrameCounter), from resuming the queue until the relay and the notifier are done too; the"
                + " producer's and the harness's connections are not counted; heartbeats are left out.\n");
        return text.toString();
    }

    private static String frames(int concurrency, int batch, String contender, LedgerBenchmark.Frames frames) {
        return String.format(Locale.ROOT, "| %d | %d | %s | %.2f | %.2f | %.2f (%.2f) | %.2f (%.2f) |%n",
                concurrency, batch, contender, frames.all(), frames.transfers(), frames.dispositions(),
                frames.dispositionsSent(), frames.flows(), frames.flowsSent());
    }

    private static JsonObject framesJson(LedgerBenchmark.Frames frames) {
        return new JsonObject().put("all", Math.round(frames.all() * 100) / 100.0)
                .put("transfer", Math.round(frames.transfers() * 100) / 100.0)
                .put("disposition", Math.round(frames.dispositions() * 100) / 100.0)
                .put("dispositionSent", Math.round(frames.dispositionsSent() * 100) / 100.0)
                .put("flow", Math.round(frames.flows() * 100) / 100.0)
                .put("flowSent", Math.round(frames.flowsSent() * 100) / 100.0);
    }

    private static Double statementsJson(double perMessage) {
        return Double.isNaN(perMessage) ? null : Math.round(perMessage * 10) / 10.0;
    }

    /** Statements per transfer, or "-" where pg_stat_statements was not loaded. */
    private static String statements(double perMessage) {
        return Double.isNaN(perMessage) ? "-" : String.format(Locale.ROOT, "%.1f", perMessage);
    }

    static JsonObject json(LedgerBenchmark.Result result) {
        BenchSettings settings = result.settings();
        JsonArray points = new JsonArray();
        for (LedgerBenchmark.Point p : result.points()) {
            points.add(new JsonObject()
                    .put("concurrency", p.concurrency())
                    .put("batchSize", p.batchSize())
                    .put("meanBatch", Math.round(p.meanBatch() * 10) / 10.0)
                    .put("serviceMessagesPerSecond", round(p.serviceRate()))
                    .put("brokerCeilingMessagesPerSecond", round(p.brokerRate()))
                    .put("durableSendMessagesPerSecond", round(p.sendRate()))
                    .put("databaseCeilingMessagesPerSecond", round(p.databaseRate()))
                    .put("ratioToSmallerCeiling", Math.round(p.ratio() * 100) / 100.0)
                    .put("latency", new JsonObject()
                            .put("rateMessagesPerSecond", round(p.halfRate()))
                            .put("messages", p.latency().count())
                            .put("p50Millis", p.latency().p50())
                            .put("p95Millis", p.latency().p95())
                            .put("p99Millis", p.latency().p99())
                            .put("maxMillis", p.latency().max()))
                    .put("serviceCpuCores", Math.round(p.cpuCores() * 100) / 100.0)
                    .put("serviceCpuMillisPerMessage", Math.round(p.cpuMillisPerMessage() * 100) / 100.0)
                    .put("servicePeakRssMib", round(p.peakRssMib()))
                    .put("postgresCpuMillisPerMessage", Math.round(p.postgresMillisPerMessage() * 100) / 100.0)
                    .put("ceilingPostgresCpuMillisPerMessage",
                            Math.round(p.ceilingPostgresMillisPerMessage() * 100) / 100.0)
                    .put("postgresTransactionsPerMessage", Math.round(p.transactionsPerMessage() * 10) / 10.0)
                    .put("sameWorkCeilingMessagesPerSecond", round(p.sameWorkRate()))
                    .put("sameWorkPostgresCpuMillisPerMessage",
                            Math.round(p.sameWorkPostgresMillisPerMessage() * 100) / 100.0)
                    .put("plainQuarkus", p.plain() == null ? null : new JsonObject()
                            .put("messagesPerSecond", round(p.plain().rate()))
                            .put("cpuMillisPerMessage", Math.round(p.plain().cpuMillisPerMessage() * 100) / 100.0)
                            .put("postgresCpuMillisPerMessage",
                                    Math.round(p.plain().postgresMillisPerMessage() * 100) / 100.0)
                            .put("postgresTransactionsPerMessage",
                                    Math.round(p.plain().transactionsPerMessage() * 10) / 10.0)
                            .put("postgresStatementsPerMessage", statementsJson(p.plain().statementsPerMessage()))
                            .put("amqpFramesPerMessage", framesJson(p.plain().frames())))
                    .put("postgresStatementsPerMessage", statementsJson(p.statementsPerMessage()))
                    .put("amqpFramesPerMessage", framesJson(p.frames())));
        }
        return new JsonObject()
                .put("settings", new JsonObject()
                        .put("messages", settings.messages())
                        .put("warmUp", settings.warmUp())
                        .put("accounts", settings.accounts())
                        .put("latencySeconds", settings.latencySeconds())
                        .put("latencyLoad", settings.latencyLoad())
                        .put("seed", settings.seed())
                        .put("inboxRowsBefore", settings.inboxRows()))
                .put("inbox", new JsonObject()
                        .put("rows", result.inbox().rows())
                        .put("bytes", result.inbox().bytes())
                        .put("mibPerMillionRows", Math.round(result.inbox().mibPerMillionRows() * 10) / 10.0))
                .put("machine", new JsonObject(new java.util.LinkedHashMap<>(result.machine())))
                .put("seconds", result.seconds())
                .put("points", points);
    }

    /**
     * Throughput against concurrency: the service and both ceilings, on a logarithmic scale (the ceilings are one to
     * two orders of magnitude apart).
     */
    static BufferedImage plot(LedgerBenchmark.Result result) {
        int width = 900;
        int height = 520;
        int left = 80;
        int right = 40;
        int top = 50;
        int bottom = 90;
        List<LedgerBenchmark.Point> points = result.points();
        double peak = points.stream().mapToDouble(p -> Math.max(p.serviceRate(), Math.max(p.brokerRate(),
                p.databaseRate()))).max().orElse(1);
        double low = points.stream().mapToDouble(p -> Math.min(p.serviceRate(), Math.min(p.brokerRate(),
                p.databaseRate()))).min().orElse(1);
        int firstDecade = (int) Math.floor(Math.log10(Math.max(1, low)));
        int lastDecade = (int) Math.ceil(Math.log10(Math.max(10, peak)));
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        int baseline = height - bottom;
        double decadeHeight = (baseline - top) / (double) Math.max(1, lastDecade - firstDecade);
        ToDoubleFunction<Double> y = value -> baseline
                - (Math.log10(Math.max(1, value)) - firstDecade) * decadeHeight;
        int columns = Math.max(1, points.size() - 1);
        double xStep = (width - left - right) / (double) columns;

        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int decade = firstDecade; decade <= lastDecade; decade++) {
            for (int multiple : new int[] {1, 2, 5}) {
                double value = multiple * Math.pow(10, decade);
                if (value > Math.pow(10, lastDecade)) {
                    break;
                }
                int lineY = (int) y.applyAsDouble(value);
                g.setColor(multiple == 1 ? new Color(0xcccccc) : new Color(0xeeeeee));
                g.drawLine(left, lineY, width - right, lineY);
                g.setColor(Color.DARK_GRAY);
                g.drawString(String.format(Locale.ROOT, "%,.0f", value), 10, lineY + 4);
            }
        }
        for (int i = 0; i < points.size(); i++) {
            int x = left + (int) (i * xStep);
            LedgerBenchmark.Point point = points.get(i);
            String label = point.concurrency() + (point.batchSize() > 1 ? " / b" + point.batchSize() : "");
            // Centred under its point: the last label, left-aligned, ran off the image's right edge.
            g.drawString(label, x - g.getFontMetrics().stringWidth(label) / 2, baseline + 18);
        }
        g.drawLine(left, baseline, width - right, baseline);
        g.drawString("concurrency / batch size", width / 2 - 60, baseline + 38);

        series(g, points, LedgerBenchmark.Point::brokerRate, new Color(0xff7f0e), left, xStep, y);
        series(g, points, LedgerBenchmark.Point::databaseRate, new Color(0x2ca02c), left, xStep, y);
        series(g, points, LedgerBenchmark.Point::serviceRate, new Color(0x1f77b4), left, xStep, y);

        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString("Transfers per second (log scale): the service against the broker and database ceilings",
                left, 28);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int x = left;
        int legendY = height - 22;
        for (Object[] entry : new Object[][] {{"service (exactly once)", new Color(0x1f77b4)},
                {"broker ceiling (connector, no database)", new Color(0xff7f0e)},
                {"database ceiling (the SQL alone)", new Color(0x2ca02c)}}) {
            g.setColor((Color) entry[1]);
            g.fillRect(x, legendY - 10, 14, 10);
            g.setColor(Color.BLACK);
            g.drawString((String) entry[0], x + 18, legendY);
            x += 40 + g.getFontMetrics().stringWidth((String) entry[0]);
        }
        g.dispose();
        return image;
    }

    private static void series(Graphics2D g, List<LedgerBenchmark.Point> points,
            ToDoubleFunction<LedgerBenchmark.Point> value, Color colour, int left, double xStep,
            ToDoubleFunction<Double> y) {
        g.setColor(colour);
        g.setStroke(new BasicStroke(2.2f));
        int previousX = -1;
        int previousY = -1;
        for (int i = 0; i < points.size(); i++) {
            int x = left + (int) (i * xStep);
            int pointY = (int) y.applyAsDouble(value.applyAsDouble(points.get(i)));
            g.fillOval(x - 4, pointY - 4, 8, 8);
            if (previousX >= 0) {
                g.drawLine(previousX, previousY, x, pointY);
            }
            previousX = x;
            previousY = pointY;
        }
    }

    private static long round(double value) {
        return Math.round(value);
    }
}
