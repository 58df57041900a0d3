package io.steadfast.soak;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.imageio.ImageIO;

/** The soak's report: a Markdown table of invariants, figures and faults, and a PNG of throughput with the faults. */
final class SoakReport {

    private static final Map<String, Color> FAULT_COLOURS = new LinkedHashMap<>();

    static {
        FAULT_COLOURS.put("service SIGKILL", new Color(0xd62728));
        FAULT_COLOURS.put("broker SIGKILL", new Color(0x9467bd));
        FAULT_COLOURS.put("PostgreSQL immediate stop", new Color(0x8c564b));
        FAULT_COLOURS.put("SIGSTOP", new Color(0xff7f0e));
        FAULT_COLOURS.put("connections cut", new Color(0x17becf));
        FAULT_COLOURS.put("connections refused", new Color(0x2ca02c));
    }

    private SoakReport() {
    }

    static String markdown(SoakChecker.Outcome outcome) {
        StringBuilder out = new StringBuilder();
        out.append("# Chaos soak: ").append(outcome.holds() ? "every invariant holds" : "INVARIANTS BROKEN")
                .append("\n\n| Invariant | Value | Must be | |\n|---|---:|---:|---|\n");
        for (SoakChecker.Invariant invariant : outcome.invariants()) {
            out.append("| ").append(invariant.name()).append(invariant.detail().isEmpty() ? ""
                    : " (" + invariant.detail() + ")").append(" | ").append(invariant.value()).append(" | ")
                    .append(invariant.expected()).append(" | ").append(invariant.holds() ? "ok" : "**BROKEN**")
                    .append(" |\n");
        }
        out.append("\n| Figure | Value |\n|---|---|\n");
        outcome.figures().forEach((name, value) -> out.append("| ").append(name).append(" | ").append(value)
                .append(" |\n"));
        out.append("\n| At | Fault | Target | Detail |\n|---:|---|---|---|\n");
        for (ChaosSoak.FaultRecord fault : outcome.faults()) {
            out.append(String.format("| %.1f s | %s | %s | %s |%n", fault.at() / 1000.0, fault.kind(), fault.target(),
                    fault.detail()));
        }
        return out.toString();
    }

    static void write(SoakChecker.Outcome outcome, Path directory) throws IOException {
        Files.writeString(directory.resolve("report.md"), markdown(outcome));
        ImageIO.write(plot(outcome), "png", directory.resolve("throughput.png").toFile());
    }

    /** Messages sent and transfers committed per second, with a vertical line per fault. */
    static BufferedImage plot(SoakChecker.Outcome outcome) {
        int width = 1400;
        int height = 520;
        int left = 70;
        int right = 20;
        int top = 40;
        int bottom = 110;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        long lastSecond = Math.max(1, Math.max(last(outcome.effectsPerSecond()), last(outcome.sentPerSecond())));
        int peak = Math.max(1, Math.max(max(outcome.effectsPerSecond()), max(outcome.sentPerSecond())));
        double xScale = (width - left - right) / (double) lastSecond;
        double yScale = (height - top - bottom) / (double) peak;
        int baseline = height - bottom;

        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(new Color(0xdddddd));
        for (int i = 0; i <= 5; i++) {
            int y = baseline - (int) (i * peak / 5.0 * yScale);
            g.drawLine(left, y, width - right, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.valueOf(i * peak / 5), 10, y + 4);
            g.setColor(new Color(0xdddddd));
        }
        g.setColor(Color.DARK_GRAY);
        long step = Math.max(10, (lastSecond / 10 + 9) / 10 * 10);
        for (long s = 0; s <= lastSecond; s += step) {
            int x = left + (int) (s * xScale);
            g.drawString(s + " s", x - 10, baseline + 16);
        }
        g.drawLine(left, baseline, width - right, baseline);

        for (ChaosSoak.FaultRecord fault : outcome.faults()) {
            Color colour = FAULT_COLOURS.get(fault.kind());
            if (colour != null) {
                g.setColor(colour);
                g.setStroke(new BasicStroke(1.2f));
                int x = left + (int) (fault.at() / 1000.0 * xScale);
                g.drawLine(x, top, x, baseline);
            }
        }
        line(g, outcome.sentPerSecond(), new Color(0x999999), left, baseline, xScale, yScale);
        line(g, outcome.effectsPerSecond(), new Color(0x1f77b4), left, baseline, xScale, yScale);

        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.setColor(Color.BLACK);
        g.drawString("Chaos soak: messages sent (grey) and transfers committed (blue) per second; faults as lines",
                left, 24);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int x = left;
        int y = height - 60;
        for (Map.Entry<String, Color> entry : FAULT_COLOURS.entrySet()) {
            g.setColor(entry.getValue());
            g.fillRect(x, y - 10, 14, 10);
            g.setColor(Color.BLACK);
            g.drawString(entry.getKey(), x + 18, y);
            x += 24 + g.getFontMetrics().stringWidth(entry.getKey());
        }
        g.drawString(outcome.holds() ? "every invariant holds" : "INVARIANTS BROKEN: see report.md", left, height - 30);
        g.dispose();
        return image;
    }

    private static void line(Graphics2D g, Map<Long, Integer> perSecond, Color colour, int left, int baseline,
            double xScale, double yScale) {
        g.setColor(colour);
        g.setStroke(new BasicStroke(1.6f));
        long last = last(perSecond);
        int previousX = left;
        int previousY = baseline;
        for (long s = 0; s <= last; s++) {
            int x = left + (int) (s * xScale);
            int y = baseline - (int) (perSecond.getOrDefault(s, 0) * yScale);
            g.drawLine(previousX, previousY, x, y);
            previousX = x;
            previousY = y;
        }
    }

    private static long last(Map<Long, Integer> perSecond) {
        return perSecond.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    private static int max(Map<Long, Integer> perSecond) {
        return perSecond.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }
}
